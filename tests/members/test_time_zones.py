"""Times show in the reader's time zone, and always say which zone that is."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from events import services
from members.models import User
from notifications.models import Notification
from notifications.services import notify
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
# static/js/site.js stores the browser's zone with encodeURIComponent.
BOGOTA_COOKIE = "America%2FBogota"
IN_BOGOTA = "Tue 15 Jan 2030, 18:00 (Bogota time, GMT-5)"
IN_MADRID = "Wed 16 Jan 2030, 00:00 (Madrid time, GMT+1)"


@pytest.fixture
def event():
    """18:00 in Bogotá, organized from Madrid: neither zone is the server's UTC."""
    return EventFactory(
        starts_at=datetime(2030, 1, 15, 18, 0, tzinfo=BOGOTA),
        ends_at=datetime(2030, 1, 15, 20, 0, tzinfo=BOGOTA),
        time_zone="Europe/Madrid",
    )


def _pages(client, event):
    detail = client.get(reverse("events:detail", kwargs={"pk": event.pk})).text
    listing = client.get(reverse("events:list")).text
    return detail, listing


def test_visitor_sees_the_browser_zone_named(client, event):
    client.cookies["diaspora_tz"] = BOGOTA_COOKIE
    detail, listing = _pages(client, event)
    assert IN_BOGOTA in detail and IN_BOGOTA in listing
    assert IN_MADRID in detail  # the organizer's time alongside


def test_visitors_in_two_zones_do_not_share_a_cached_page(client, event):
    client.cookies["diaspora_tz"] = BOGOTA_COOKIE
    assert IN_BOGOTA in client.get(reverse("home")).text
    client.cookies["diaspora_tz"] = "Europe%2FMadrid"
    home = client.get(reverse("home")).text
    assert IN_MADRID in home and IN_BOGOTA not in home


def test_member_without_a_zone_gets_the_browser_zone_and_keeps_it(client, event):
    member = UserFactory(time_zone="")
    client.force_login(member)
    client.cookies["diaspora_tz"] = BOGOTA_COOKIE
    detail, listing = _pages(client, event)
    assert IN_BOGOTA in detail and IN_BOGOTA in listing
    # Remembered, so that emails (which have no browser) show the same times.
    assert User.objects.get(pk=member.pk).time_zone == "America/Bogota"


def test_member_with_a_zone_sees_theirs_whatever_the_browser_says(client, event):
    client.force_login(UserFactory(time_zone="Europe/Madrid"))
    client.cookies["diaspora_tz"] = BOGOTA_COOKIE
    detail, listing = _pages(client, event)
    assert IN_MADRID in detail and IN_MADRID in listing
    assert IN_BOGOTA not in detail


@pytest.mark.parametrize("cookie", ["Mars%2FOlympus", "..%2F..%2Fetc%2Fpasswd", "%ZZ", "x" * 300])
def test_a_bad_zone_cookie_falls_back_to_utc_named(client, event, cookie):
    client.cookies["diaspora_tz"] = cookie
    detail, _listing = _pages(client, event)
    assert "Tue 15 Jan 2030, 23:00 (UTC)" in detail


def test_spanish_and_portuguese_readers_get_their_date_format_and_zone(client, event):
    client.cookies["diaspora_tz"] = BOGOTA_COOKIE
    client.cookies["diaspora_language"] = "es"
    assert "15 de enero de 2030 a las 18:00 (" in _pages(client, event)[0]
    client.cookies["diaspora_language"] = "pt-br"
    # Django's pt_BR catalog capitalises month names ("Janeiro"); the format is what matters here.
    assert "15 de janeiro de 2030 às 18:00 (" in _pages(client, event)[0].lower()


def test_inbox_and_event_emails_name_the_zone(client, event, django_capture_on_commit_callbacks):
    attendee = RegistrationFactory(event=event, user=UserFactory(time_zone="America/Bogota")).user
    admin = MembershipFactory(organization=event.organization, role="admin").user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=event, by=admin, message="Se suspende")
    (message,) = [m for m in mail.outbox if m.to == [attendee.email]]
    assert IN_BOGOTA in message.body and IN_BOGOTA in message.alternatives[0][0]

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=attendee, kind="members.welcome")
    Notification.objects.filter(pk=notification.pk).update(
        created_at=datetime(2030, 1, 15, 18, 0, tzinfo=BOGOTA)
    )
    client.force_login(attendee)
    assert IN_BOGOTA in client.get(reverse("notifications:inbox")).text
