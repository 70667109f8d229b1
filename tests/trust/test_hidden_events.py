"""An event the moderators hid sends nothing to attendees or followers (no reminder, change or
cancellation notice, announcement or waitlist promotion notice), and keeps its registrations."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import EventStatus, Registration, RegistrationState
from moderation import services
from notifications.models import Notification
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    organization = OrganizationFactory()
    admin = MembershipFactory(organization=organization, role="admin").user
    return organization, admin


def _event_notices():
    """Notifications to attendees and followers (the organizers' content_hidden is not one)."""
    return Notification.objects.filter(kind__startswith="events.")


def test_no_reminders_for_a_hidden_event_until_restored(staff, django_capture_on_commit_callbacks):
    soon = EventFactory(starts_at=timezone.now() + timedelta(minutes=30))
    of_hidden_org = EventFactory(starts_at=timezone.now() + timedelta(minutes=30))
    for event in (soon, of_hidden_org):
        RegistrationFactory(event=event)
    services.hide(actor=staff, target=soon, reason="Hate speech")
    services.hide(actor=staff, target=of_hidden_org.organization, reason="Hate speech")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert event_services.send_due_reminders() == 0
    assert not _event_notices().exists() and mail.outbox == []
    # Left unclaimed: restored in time, the reminder goes out.
    services.restore(actor=staff, target=soon)
    with django_capture_on_commit_callbacks(execute=True):
        assert event_services.send_due_reminders() == 1
    assert _event_notices().filter(kind="events.reminder").count() == 1


def test_no_change_or_cancellation_notice_and_registrations_stay(
    team, staff, django_capture_on_commit_callbacks
):
    organization, admin = team
    event = EventFactory(organization=organization)
    attendees = [RegistrationFactory(event=event).user for _ in range(2)]
    services.hide(actor=staff, target=event, reason="Hate speech")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_services.update_event(
            event=event, by=admin, starts_at=event.starts_at + timedelta(hours=1)
        )
        event_services.cancel_event(event=event, by=admin, message="Abusive text")
    assert not _event_notices().exists()
    assert not [m for m in mail.outbox if m.to[0] in {a.email for a in attendees}]
    assert Registration.objects.filter(event=event, state=RegistrationState.GOING).count() == 2


def test_no_announcement_when_a_hidden_draft_is_published(
    team, staff, django_capture_on_commit_callbacks
):
    organization, admin = team
    follower = UserFactory()
    event_services.toggle_follow(user=follower, organization=organization)
    hidden = EventFactory(organization=organization, status=EventStatus.DRAFT)
    services.hide(actor=staff, target=hidden, reason="Spam")
    with django_capture_on_commit_callbacks(execute=True):
        event_services.publish_event(event=hidden, by=admin)
    assert not _event_notices().exists()
    # Control: a visible event of the same organization is announced.
    visible = EventFactory(organization=organization, status=EventStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.publish_event(event=visible, by=admin)
    assert _event_notices().filter(kind="events.announced", recipient=follower).count() == 1


def test_waitlist_moves_silently_while_hidden(staff, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    going, waiting = UserFactory(), UserFactory()
    event_services.register(event=event, user=going)
    event_services.register(event=event, user=waiting)
    services.hide(actor=staff, target=event, reason="Hate speech")
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_services.cancel_registration(event=event, user=going)
    promoted = Registration.objects.get(event=event, user=waiting)
    assert promoted.state == RegistrationState.GOING  # the seat is kept fairly, in order
    assert not _event_notices().exists() and mail.outbox == []


def test_attendees_see_a_hidden_event_as_everyone_does(client, staff):
    event = EventFactory()
    attendee = RegistrationFactory(event=event).user
    services.hide(actor=staff, target=event, reason="Hate speech")
    client.force_login(attendee)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert event.title not in client.get(reverse("home")).content.decode()
    assert Registration.objects.filter(event=event, user=attendee).exists()


def test_events_of_a_hidden_organization_leave_the_attendees_home(client, staff):
    event = EventFactory()
    attendee = RegistrationFactory(event=event).user
    client.force_login(attendee)
    assert event.title in client.get(reverse("home")).content.decode()  # control
    services.hide(actor=staff, target=event.organization, reason="Hate speech")
    assert event.title not in client.get(reverse("home")).content.decode()
