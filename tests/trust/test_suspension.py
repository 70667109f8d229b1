"""Suspension asks for confirmation, frees the member's event seats (the waitlist moves up) and
hides their profile and stories until staff lift it, which is an audited admin action."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Registration, RegistrationState
from members.models import User
from moderation import services
from moderation.models import AuditAction, AuditLogEntry, Suspension
from tests.factories.campaigns import StoryFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import UserFactory
from tests.factories.moderation import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offender():
    member = UserFactory(profile__display_name="Zqsuspended Member")
    story = StoryFactory(author=member, title="Zqsuspended story")
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, user=member, state=RegistrationState.GOING)
    waiting = UserFactory()
    RegistrationFactory(event=event, user=waiting, state=RegistrationState.WAITLISTED, position=1)
    return {"member": member, "story": story, "event": event, "waiting": waiting}


def _admin(staff):
    client = Client()
    client.force_login(staff)
    return client


def test_suspending_from_a_report_asks_for_confirmation_first(staff, offender):
    member = offender["member"]
    report = ReportFactory(target=member.profile)
    client = _admin(staff)
    url = reverse("admin:moderation_report_changelist")
    data = {"action": "suspend_author", "_selected_action": [report.pk]}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "Zqsuspended Member" in page.content.decode()
    member.refresh_from_db()
    assert member.is_active and not Suspension.objects.exists()
    client.post(url, {**data, "confirm": "yes"})
    member.refresh_from_db()
    assert not member.is_active and Suspension.objects.filter(user=member).exists()


def test_suspension_frees_seats_and_hides_profile_and_stories_until_lifted(
    staff, offender, django_capture_on_commit_callbacks
):
    member, story, event = offender["member"], offender["story"], offender["event"]
    visitor = Client()
    assert "Zqsuspended story" in visitor.get(reverse("home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend(actor=staff, member=member, reason="Insultos")
    assert Registration.objects.get(event=event, user=member).state == RegistrationState.CANCELLED
    assert (
        Registration.objects.get(event=event, user=offender["waiting"]).state
        == RegistrationState.GOING
    )
    assert visitor.get(story.get_absolute_url()).status_code == 404
    assert visitor.get(member.profile.get_absolute_url()).status_code == 404
    assert "Zqsuspended story" not in visitor.get(reverse("home")).content.decode()

    client = _admin(staff)
    suspension = Suspension.objects.get(user=member)
    client.post(
        reverse("admin:moderation_suspension_changelist"),
        {"action": "lift", "_selected_action": [suspension.pk]},
    )
    member.refresh_from_db()
    suspension.refresh_from_db()
    assert member.is_active
    assert suspension.lifted_at is not None and suspension.lifted_by == staff
    assert AuditLogEntry.objects.filter(action=AuditAction.LIFT, target_id=member.pk).exists()
    assert visitor.get(story.get_absolute_url()).status_code == 200
    assert visitor.get(member.profile.get_absolute_url()).status_code == 200


def test_the_user_admin_does_not_lift_a_suspension_by_its_checkbox(staff, offender):
    member = offender["member"]
    services.suspend(actor=staff, member=member, reason="Insultos")
    client = _admin(staff)
    change_url = reverse("admin:members_user_change", args=[member.pk])
    page = client.get(change_url).content.decode()
    assert 'name="is_active"' not in page
    assert not User.objects.get(pk=member.pk).is_active
