"""Calendar files carry the event page's address, never the join link: a going attendee downloads
them long before the page opens the link (events.models.JOIN_LINK_OPENS_BEFORE)."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events.services import calendar_token_for
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

SECRET = "meet.example.org/zq-secret-room"


@pytest.mark.parametrize("starts_in", [timedelta(hours=23), timedelta(minutes=30)])
def test_ics_and_personal_feed_never_carry_the_join_link(client, starts_in):
    event = EventFactory(starts_at=timezone.now() + starts_in, join_url=f"https://{SECRET}")
    attendee = RegistrationFactory(event=event).user
    client.force_login(attendee)
    ics = client.get(reverse("events:ics", args=[event.pk]))
    feed = client.get(reverse("events:calendar_feed", args=[calendar_token_for(attendee).token]))
    for response in (ics, feed):
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
        (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert str(vevent["URL"]) == f"http://testserver{event.get_absolute_url()}"
