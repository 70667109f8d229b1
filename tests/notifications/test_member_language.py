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
    assert "Bogota" in digest.body and "GMT-5)" in digest.body  # in their zone, named


@pytest.mark.parametrize(
    ("language", "label"), [("es", "Enlace de acceso"), ("pt-br", "Link de acesso")]
)
def test_calendar_feed_and_event_file_in_the_members_language(language, label):
    member = UserFactory(language=language)
    event = EventFactory(language="es", join_url="https://meet.example.org/abc")
    RegistrationFactory(event=event, user=member)
    token = event_services.calendar_token_for(member).token

    # A calendar app fetches the feed with no cookie and no Accept-Language.
    feed = Client().get(reverse("events:calendar_feed", kwargs={"token": token}))
    (vevent,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert f"{label}: https://meet.example.org/abc" in str(vevent["DESCRIPTION"])
    assert vevent["SUMMARY"].params["LANGUAGE"] == "es"

    # The member downloads one event's file, signed in: their account's language too.
    browser = Client()
    browser.force_login(member)
    ics = browser.get(reverse("events:ics", kwargs={"pk": event.pk}))
    (vevent,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert f"{label}: https://meet.example.org/abc" in str(vevent["DESCRIPTION"])
