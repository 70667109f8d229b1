import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignMember
from events import services
from events.models import Event, EventStatus, Registration, RegistrationState
from events.notifications import event_reminder
from events.tasks import send_event_reminders
from members.models import User
from notifications.models import Notification
from notifications.services import set_frequency
from tests.factories.campaigns import CampaignFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.organizations import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


def _actors(organization, campaign):
    """Every kind of person who might try to write, and whether they may organize."""
    org_member = MembershipFactory(organization=organization, role="member").user
    editor = MembershipFactory(organization=organization, role="editor").user
    admin = MembershipFactory(organization=organization, role="admin").user
    ambassador = UserFactory()
    CampaignMember.objects.create(campaign=campaign, user=ambassador, role="ambassador")
    supporter = UserFactory()
    CampaignMember.objects.create(campaign=campaign, user=supporter, role="supporter")
    return {
        "random": (UserFactory(), False, False),
        "org_member": (org_member, False, False),
        "editor": (editor, True, False),
        "admin": (admin, True, False),
        "ambassador": (ambassador, False, True),
        "supporter": (supporter, False, False),
        "staff": (StaffFactory(), True, True),
    }


def _form_data(**overrides):
    data = {
        "title": "Taller de mentoría",
        "description": "Hola",
        "format": "online",
        "starts_at": "2030-01-15T18:00",
        "ends_at": "2030-01-15T20:00",
        "time_zone": "America/Bogota",
        "language": "es",
        "join_url": "https://meet.example.org/x",
    }
    data.update(overrides)
    return data


def test_create_permissions_for_every_role(client):
    organization, campaign = OrganizationFactory(), CampaignFactory()
    url = reverse("events:create")
    response = client.post(f"{url}?organization={organization.slug}", _form_data())
    assert response.status_code == 302 and "/accounts/login" in response.url
    for name, (user, for_org, for_campaign) in _actors(organization, campaign).items():
        client.force_login(user)
        response = client.post(
            f"{url}?organization={organization.slug}", _form_data(title=f"o-{name}")
        )
        assert (response.status_code == 302) == for_org, name
        assert Event.objects.filter(title=f"o-{name}").exists() == for_org, name
        response = client.post(f"{url}?campaign={campaign.slug}", _form_data(title=f"c-{name}"))
        assert (response.status_code == 302) == for_campaign, name
        assert Event.objects.filter(title=f"c-{name}").exists() == for_campaign, name


def test_form_reads_times_in_the_organizers_zone(client):
    organization = OrganizationFactory()
    client.force_login(MembershipFactory(organization=organization, role="admin").user)
    client.post(reverse("events:create") + f"?organization={organization.slug}", _form_data())
    event = Event.objects.get()
    assert event.starts_at == datetime(2030, 1, 15, 23, 0, tzinfo=ZoneInfo("UTC"))
    assert event.status == EventStatus.DRAFT


@pytest.mark.parametrize("action", ["edit", "cancel", "publish", "attendees", "attendees_csv"])
def test_organizer_write_permissions(client, action):
    organization, campaign = OrganizationFactory(), CampaignFactory()
    actors = _actors(organization, campaign)
    for name, (user, for_org, _c) in actors.items():
        event = EventFactory(organization=organization, status=EventStatus.DRAFT, title="Original")
        url = reverse(f"events:{action}", kwargs={"pk": event.pk})
        client.force_login(user)
        if action == "edit":
            response = client.post(url, _form_data(title="Changed"))
        elif action == "cancel":
            response = client.post(url, {"message": "Lo sentimos"})
        elif action == "publish":
            response = client.post(url)
        else:
            response = client.get(url)
        event.refresh_from_db()
        if for_org:
            assert response.status_code in (200, 302), name
        else:
            # Drafts are invisible to non-organizers.
            assert response.status_code == 404, name
            assert event.title == "Original" and event.status == EventStatus.DRAFT, name
    client.logout()
    event = EventFactory(organization=organization)
    response = client.post(reverse(f"events:{action}", kwargs={"pk": event.pk}))
    assert response.status_code == 302 and "/accounts/login" in response.url


def test_published_event_forbids_non_organizers_but_campaign_ambassador_may_edit(client):
    campaign = CampaignFactory()
    actors = _actors(OrganizationFactory(), campaign)
    event = EventFactory(organization=None, campaign=campaign)
    for name, (user, _o, for_campaign) in actors.items():
        client.force_login(user)
        response = client.post(reverse("events:cancel", kwargs={"pk": event.pk}), {"message": "x"})
        assert (response.status_code == 302) == for_campaign, name
        assert response.status_code in (302, 403), name
        if for_campaign:
            Event.objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.cancel_event(event=event, by=actors["random"][0])


def test_exactly_one_organizer_is_enforced_by_the_database():

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(organization=OrganizationFactory(), campaign=CampaignFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(organization=None, campaign=None)


def test_waitlist_order_and_promotion_on_cancel(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    users = [UserFactory() for _ in range(4)]
    states = [services.register(event=event, user=user) for user in users]
    assert [r.state for r in states] == ["going", "going", "waitlisted", "waitlisted"]
    assert [r.position for r in states[2:]] == [1, 2]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(event=event, user=users[0])
    promoted = Registration.objects.get(event=event, user=users[2])
    assert promoted.state == RegistrationState.GOING and promoted.position is None
    assert (
        Registration.objects.get(event=event, user=users[3]).state == RegistrationState.WAITLISTED
    )
    assert [m.to for m in mail.outbox] == [[users[2].email]]


def test_register_and_unregister_with_htmx_swap(client, member, django_capture_on_commit_callbacks):
    event = EventFactory()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", kwargs={"pk": event.pk}), HTTP_HX_REQUEST="true"
        )
    assert 'id="event-registration"' in response.text and "<html" not in response.text
    assert Registration.objects.get(event=event, user=member).state == RegistrationState.GOING
    assert len(mail.outbox) == 1
    client.post(reverse("events:unregister", kwargs={"pk": event.pk}), HTTP_HX_REQUEST="true")
    assert Registration.objects.get(event=event, user=member).state == RegistrationState.CANCELLED


def test_anonymous_cannot_register(client):
    event = EventFactory()
    response = client.post(reverse("events:register", kwargs={"pk": event.pk}))
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_change_of_time_notifies_attendees_and_cancel_sends_message(
    django_capture_on_commit_callbacks,
):
    organization = OrganizationFactory()
    admin = MembershipFactory(organization=organization, role="admin").user
    event = EventFactory(organization=organization)
    attendees = [RegistrationFactory(event=event).user for _ in range(3)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event=event, by=admin, title="Nuevo título")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event=event, by=admin, starts_at=event.starts_at + timedelta(hours=1))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in attendees)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=event, by=admin, message="Se suspende por lluvia")
    assert len(mail.outbox) == 3
    assert all("Se suspende por lluvia" in m.body for m in mail.outbox)


def test_publishing_announces_to_campaign_members_and_followers(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    ambassador, supporter = UserFactory(), UserFactory()
    CampaignMember.objects.create(campaign=campaign, user=ambassador, role="ambassador")
    CampaignMember.objects.create(campaign=campaign, user=supporter, role="supporter")
    event = EventFactory(
        organization=None, campaign=campaign, status=EventStatus.DRAFT, created_by=ambassador
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event(event=event, by=ambassador)
    # Announcements default to the daily digest: stored for the digest, no immediate email.
    assert _announced_to(event) == [supporter.pk]
    assert mail.outbox == []

    organization = OrganizationFactory()
    follower = UserFactory()
    services.toggle_follow(user=follower, organization=organization)
    unsubscribed = UserFactory()
    services.toggle_follow(user=unsubscribed, organization=organization)
    set_frequency(user_id=unsubscribed.pk, kind="events.announced", frequency="off")
    event = EventFactory(organization=organization, status=EventStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event(event=event, by=StaffFactory())
    assert _announced_to(event) == sorted([follower.pk, unsubscribed.pk])
    assert mail.outbox == []
    assert (
        Notification.objects.get(recipient=unsubscribed, kind="events.announced").email_frequency
        == "off"
    )


def _announced_to(event):
    return sorted(
        Notification.objects.filter(kind="events.announced", target_object_id=event.pk).values_list(
            "recipient_id", flat=True
        )
    )


def test_reminders_are_sent_once_each_even_if_the_task_runs_twice(
    django_capture_on_commit_callbacks,
):

    soon = EventFactory(starts_at=timezone.now() + timedelta(minutes=30))
    tomorrow = EventFactory(starts_at=timezone.now() + timedelta(hours=20))
    later = EventFactory(starts_at=timezone.now() + timedelta(days=5))
    for event in (soon, tomorrow, later):
        RegistrationFactory(event=event)
    RegistrationFactory(event=soon, state=RegistrationState.WAITLISTED, position=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders.delay().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders.delay().get() == 0
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind="events.reminder").count() == 2
    # Even a reminder claimed twice (e.g. two beats racing) is stored and sent once: dedupe key.
    registration = Registration.objects.get(event=soon, state="going")

    with django_capture_on_commit_callbacks(execute=True):
        event_reminder(soon, recipient=registration.user, which=1)
    assert len(mail.outbox) == 2


def test_time_shown_in_viewer_zone_with_organizer_zone_alongside(client):
    viewer = UserFactory(time_zone="Europe/Madrid")
    event = EventFactory(
        starts_at=datetime(2030, 1, 15, 18, 0, tzinfo=BOGOTA),
        ends_at=datetime(2030, 1, 15, 20, 0, tzinfo=BOGOTA),
        time_zone="America/Bogota",
    )
    client.force_login(viewer)
    page = client.get(reverse("events:detail", kwargs={"pk": event.pk})).text
    assert "16 Jan 2030, 00:00" in page
    assert "15 Jan 2030, 18:00 (Bogota time, GMT-5)" in page
    listing = client.get(reverse("events:list")).text
    assert "16 Jan 2030, 00:00" in listing
    # A reader in the organizer's zone gets the time once, not the same line twice.
    viewer.time_zone = "America/Bogota"
    viewer.save(update_fields=["time_zone"])
    page = client.get(reverse("events:detail", kwargs={"pk": event.pk})).text
    assert page.count("15 Jan 2030, 18:00 (Bogota time, GMT-5)") == 1
    assert 'class="organizer-time"' not in page


def test_join_link_rule(client):
    event = EventFactory(
        starts_at=timezone.now() + timedelta(minutes=90), join_url="https://meet.example.org/secret"
    )
    going = RegistrationFactory(event=event).user
    waiting = RegistrationFactory(event=event, state=RegistrationState.WAITLISTED, position=1).user
    url = reverse("events:detail", kwargs={"pk": event.pk})
    client.force_login(going)
    assert "meet.example.org/secret" not in client.get(url).text
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() + timedelta(minutes=50))
    assert "meet.example.org/secret" in client.get(url).text
    for other in (waiting, UserFactory()):
        client.force_login(other)
        assert "meet.example.org/secret" not in client.get(url).text
        ics = client.get(reverse("events:ics", kwargs={"pk": event.pk})).content.decode()
        assert "meet.example.org/secret" not in ics
    client.logout()
    assert "meet.example.org/secret" not in client.get(url).text
    assert "meet.example.org/secret" not in client.get(reverse("events:list")).text


def test_event_ics_is_valid_calendar(client, member):
    event = EventFactory(join_url="https://meet.example.org/abc")
    RegistrationFactory(event=event, user=member)
    client.force_login(member)
    response = client.get(reverse("events:ics", kwargs={"pk": event.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent["UID"]
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(0)
    # The event page's address, never the join link (tests/trust/test_calendar_join_link.py).
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
    assert "meet.example.org/abc" not in response.content.decode()


def test_personal_feed_and_token_reset(client, member):
    going = EventFactory(title="Voy")
    waiting = EventFactory(title="Espero")
    RegistrationFactory(event=going, user=member)
    RegistrationFactory(event=waiting, user=member, state=RegistrationState.WAITLISTED, position=1)
    client.force_login(member)
    page = client.get(reverse("events:my_calendar")).text
    token = member.calendar_token.token
    assert token in page
    client.logout()
    feed = client.get(reverse("events:calendar_feed", kwargs={"token": token}))
    summaries = [
        str(v["SUMMARY"]) for v in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    ]
    assert summaries == ["Voy"]
    client.force_login(member)
    client.post(reverse("events:my_calendar"))
    client.logout()
    assert client.get(reverse("events:calendar_feed", kwargs={"token": token})).status_code == 404
    member.calendar_token.refresh_from_db()
    assert (
        client.get(
            reverse("events:calendar_feed", kwargs={"token": member.calendar_token.token})
        ).status_code
        == 200
    )


def test_csv_export_for_organizers_only(client):
    organization = OrganizationFactory()
    event = EventFactory(organization=organization)
    attendee = RegistrationFactory(event=event).user
    url = reverse("events:attendees_csv", kwargs={"pk": event.pk})
    for outsider in (UserFactory(), MembershipFactory(organization=organization).user, attendee):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 403
        assert attendee.email not in response.content.decode()
    client.force_login(MembershipFactory(organization=organization, role="editor").user)
    body = client.get(url).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][:2] == [attendee.get_full_name(), attendee.handle]
    assert attendee.email not in body  # no consent was asked to share it with the organizer
    # Public pages never show attendee emails.
    client.logout()
    assert attendee.email not in client.get(reverse("events:detail", kwargs={"pk": event.pk})).text


def test_attendee_list_shows_names_and_handles_not_emails(client):
    organization = OrganizationFactory()
    event = EventFactory(organization=organization, capacity=1)
    going = RegistrationFactory(event=event, user__profile__display_name="Lucía Pérez").user
    waiting = RegistrationFactory(
        event=event, state="waitlisted", position=1, user__profile__display_name="=HYPERLINK()"
    ).user
    client.force_login(MembershipFactory(organization=organization, role="admin").user)

    page = client.get(reverse("events:attendees", kwargs={"pk": event.pk})).text
    assert "Lucía Pérez" in page and f"@{going.handle}" in page
    assert f"@{waiting.handle}" in page
    assert going.email not in page and waiting.email not in page

    body = client.get(reverse("events:attendees_csv", kwargs={"pk": event.pk})).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["Name", "Handle"]
    assert rows[2][0] == "'=HYPERLINK()"  # a member's name never runs as a spreadsheet formula
    assert going.email not in body and waiting.email not in body


def test_filters_and_past_view(client):
    EventFactory(title="Online", format="online", language="pt")
    EventFactory(title="Presencial", format="in_person", city="Madrid", country="ES", join_url="")
    EventFactory(title="Pasado", starts_at=timezone.now() - timedelta(days=3))
    listing = client.get(reverse("events:list"), {"format": "in_person"}).text
    assert "Presencial" in listing and ">Online</a>" not in listing
    assert "Presencial" in client.get(reverse("events:list"), {"country": "es"}).text
    assert ">Online</a>" in client.get(reverse("events:list"), {"language": "pt"}).text
    partial = client.get(
        reverse("events:list"),
        {"format": "online"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="event-results",
    ).text
    assert "<html" not in partial and "Online" in partial
    past = client.get(reverse("events:past")).text
    assert "Pasado" in past and "Presencial" not in past


def test_query_counts_stay_flat(client, django_assert_max_num_queries):
    organization = OrganizationFactory()
    events = [EventFactory(organization=organization) for _ in range(30)]
    EventFactory(organization=None, campaign=CampaignFactory())
    for _ in range(5):
        EventFactory(organization=organization, starts_at=timezone.now() - timedelta(days=10))
    users = UserFactory.create_batch(20)
    Registration.objects.bulk_create(
        [Registration(event=events[0], user=user, state="going") for user in users]
    )
    member = users[0]
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:past")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:detail", kwargs={"pk": events[0].pk})).status_code == 200
    admin = MembershipFactory(organization=organization, role="admin").user
    client.force_login(admin)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("events:attendees", kwargs={"pk": events[0].pk})).status_code == 200
        )


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_an_event_edited_in_spanish_or_portuguese_keeps_its_times(client, language):
    """The datetime pickers show the stored times as the browser reads them (2030-01-15T18:00,
    not 15/01/2030 18:00:00, which it shows as empty), so saving the form as shown keeps them."""
    membership = MembershipFactory(role="admin")
    User.objects.filter(pk=membership.user.pk).update(language=language)
    client.force_login(membership.user)
    zone = ZoneInfo("America/Bogota")
    starts = datetime(2030, 1, 15, 18, 0, tzinfo=zone)
    event = EventFactory(
        organization=membership.organization,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        registration_deadline=starts - timedelta(days=1),
        time_zone="America/Bogota",
    )
    url = reverse("events:edit", kwargs={"pk": event.pk})
    page = client.get(url).content.decode()
    shown = {
        name: re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page).group(1)
        for name in ("starts_at", "ends_at", "registration_deadline")
    }
    assert shown == {
        "starts_at": "2030-01-15T18:00",
        "ends_at": "2030-01-15T20:00",
        "registration_deadline": "2030-01-14T18:00",
    }
    response = client.post(url, _form_data(title=event.title, **shown))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.starts_at, event.registration_deadline) == (
        starts,
        starts - timedelta(days=1),
    )


def test_the_events_filter_bar_takes_a_country_from_a_list_and_an_organizer_by_name(client):
    """What a person tries: picking "Colombia" (not typing "CO"), and typing part of the
    organizer's name, accents and case aside (an organization's slug still works, and so does a
    campaign's title). An organizer typed too long is a field error, not a 500."""
    salud = OrganizationFactory(name="Fundación Salud en Ruta")
    in_bogota = EventFactory(
        organization=salud, title="Clínica móvil", format="in_person", country="CO"
    )
    in_lisbon = EventFactory(title="Encontro em Lisboa", format="in_person", country="PT")
    by_campaign = EventFactory(
        organization=None, campaign=CampaignFactory(title="Changemakers Unidos"), title="Cumbre"
    )
    url = reverse("events:list")
    page = client.get(url).text
    assert '<option value="CO">Colombia</option>' in page
    assert 'name="country"' in page and "Country code" not in page

    everything = {in_bogota.title, in_lisbon.title, by_campaign.title}

    def titles(**query):
        page = client.get(url, query).text
        return {title for title in everything if f">{title}</a>" in page}

    assert titles(country="CO") == {in_bogota.title}
    assert titles(organization="SALUD en ruta") == {in_bogota.title}
    assert titles(organization="fundacion salud") == {in_bogota.title}
    assert titles(organization=salud.slug) == {in_bogota.title}
    assert titles(organization="unidos") == {by_campaign.title}
    assert in_lisbon.title in titles()
    response = client.get(url, {"organization": "x" * 500})
    assert response.status_code == 200


def test_the_organization_pages_events_link_shows_its_name_and_only_its_events(client):
    """The organization page links the events list with its slug; the filter box shows the name
    a person knows, not the slug, and another organization whose name contains that name (a
    typed name would match it) is not listed."""
    salud = OrganizationFactory(name="Fundación Salud")
    EventFactory(organization=salud, title="Jornada de vacunación")
    EventFactory(organization=OrganizationFactory(name="Fundación Salud Andina"), title="Otra")
    organization_page = client.get(salud.get_absolute_url()).text
    link = f'href="{reverse("events:list")}?organization={salud.slug}"'
    assert link in organization_page

    page = client.get(reverse("events:list"), {"organization": salud.slug}).text
    assert 'value="Fundación Salud"' in page and f'value="{salud.slug}"' not in page
    assert ">Jornada de vacunación</a>" in page and ">Otra</a>" not in page
    typed = client.get(reverse("events:list"), {"organization": "Fundación Salud"}).text
    assert ">Jornada de vacunación</a>" in typed and ">Otra</a>" in typed


def test_the_event_page_says_when_it_ends(client):
    """The end under the start, in the reader's zone: its time alone on the same day, else its
    date too; in the reader's language."""
    viewer = UserFactory(time_zone="America/Bogota", language="es")
    same_day = EventFactory(
        starts_at=datetime(2030, 1, 15, 18, 0, tzinfo=BOGOTA),
        ends_at=datetime(2030, 1, 15, 20, 30, tzinfo=BOGOTA),
    )
    overnight = EventFactory(
        starts_at=datetime(2030, 1, 15, 22, 0, tzinfo=BOGOTA),
        ends_at=datetime(2030, 1, 16, 2, 0, tzinfo=BOGOTA),
    )
    client.force_login(viewer)
    page = client.get(reverse("events:detail", kwargs={"pk": same_day.pk})).text
    assert re.search(r"Termina: <time[^>]*>20:30</time>", page)
    page = client.get(reverse("events:detail", kwargs={"pk": overnight.pk})).text
    assert re.search(r"Termina: <time[^>]*>16 de enero de 2030 a las 02:00</time>", page)
    # A reader elsewhere: the end in their zone, before the line with the organizer's time.
    viewer.time_zone = "Europe/Madrid"
    viewer.save(update_fields=["time_zone"])
    page = client.get(reverse("events:detail", kwargs={"pk": same_day.pk})).text
    assert re.search(r"Termina: <time[^>]*>02:30</time><br><small class=\"organizer-time\">", page)
