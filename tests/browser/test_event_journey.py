"""An organizer posts an online event; a member in Madrid registers, sees it in their own time and
downloads the calendar file."""

import icalendar
import pytest
from django.conf import settings
from django.test import Client

from events.models import Event, Registration
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, OrganizationFactory


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_organizer_posts_and_member_in_another_zone_registers(page, live_server):
    organization = OrganizationFactory(name="Puentes Colombia", slug="puentes-colombia")
    organizer = MembershipFactory(
        organization=organization, role="admin", user=UserFactory(time_zone="America/Bogota")
    ).user
    member = UserFactory(time_zone="Europe/Madrid")

    _log_in(page, live_server, organizer)
    page.goto(f"{live_server.url}/events/new/?organization=puentes-colombia")
    page.locator("#id_title").fill("Mentoría en línea")
    page.get_by_label("Description", exact=True).fill("Conversamos sobre **mentoría**.")
    page.get_by_label("Format").select_option("online")
    page.get_by_label("Starts at").fill("2030-01-15T18:00")
    page.get_by_label("Ends at").fill("2030-01-15T20:00")
    page.get_by_label("Time zone").select_option("America/Bogota")
    page.get_by_label("Join link").fill("https://meet.example.org/mentoria")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/events/*/")
    event = Event.objects.get(title="Mentoría en línea")
    assert event.status == "published"

    _log_in(page, live_server, member)
    page.goto(f"{live_server.url}/events/")
    page.get_by_role("link", name="Mentoría en línea").click()
    # The click starts a navigation; read the page only once the event's own page has loaded.
    page.wait_for_url(f"**/events/{event.pk}/")
    page.get_by_role("button", name="Register").wait_for()
    assert "16 Jan 2030, 00:00" in page.content()
    assert "15 Jan 2030, 18:00 (Bogota time, GMT-5)" in page.content()
    page.get_by_role("button", name="Register").click()
    page.get_by_text("You are going.").wait_for()
    assert Registration.objects.get(event=event, user=member).state == "going"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    path = download_info.value.path()
    with open(path, "rb") as calendar_file:
        calendar = icalendar.Calendar.from_ical(calendar_file.read())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Mentoría en línea"
    assert vevent.decoded("DTSTART").isoformat() == "2030-01-15T23:00:00+00:00"
