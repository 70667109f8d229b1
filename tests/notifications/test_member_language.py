"""Digests and calendar files speak the member's language, wherever they are read from."""

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from events import services as event_services
from notifications.models import Frequency
from notifications.services import notify, set_frequency
from notifications.tasks import digest_daily
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "subject", "intro"),
    [
        ("es", "Tu resumen diario", "Hola"),
        ("pt-br", "Seu resumo diário", "Olá"),
    ],
)
def test_digest_in_the_members_language(
    django_capture_on_commit_callbacks, language, subject, intro
):
    member = UserFactory(language=language, time_zone="America/Bogota")
    set_frequency(user_id=member.pk, kind="members.welcome", frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="members.welcome", data={"title": "Uno"})
    digest_daily()
    (digest,) = mail.outbox
    assert subject in digest.subject
    assert digest.body.startswith(intro)
    assert "Bogotá" in digest.body and "GMT-5)" in digest.body  # in their zone, named, translated


def test_calendar_files_name_the_events_language_and_link_its_page():
    """Calendar files carry no label of ours (the join link never goes in them: the event's page
    holds it back until an hour before); the organizer's text is tagged with its language."""
    member = UserFactory(language="pt-br")
    event = EventFactory(language="es", join_url="https://meet.example.org/abc")
    RegistrationFactory(event=event, user=member)
    token = event_services.calendar_token_for(member).token

    # A calendar app fetches the feed with no cookie and no Accept-Language.
    feed = Client().get(reverse("events:calendar_feed", kwargs={"token": token}))
    (vevent,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert vevent["SUMMARY"].params["LANGUAGE"] == "es"
    assert event.get_absolute_url() in str(vevent["DESCRIPTION"])
    assert "meet.example.org" not in feed.content.decode()
