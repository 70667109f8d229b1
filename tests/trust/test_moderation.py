"""Reports, the staff moderation queue and the append-only audit log."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from campaigns.models import Story
from moderation import services
from moderation.models import AuditAction, AuditLogEntry, Report, ReportStatus, Suspension
from moderation.notifications import CONTENT_HIDDEN, REPORT_OUTCOME, SUSPENDED, WARNING
from notifications.models import Notification
from tests.factories.campaigns import StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.moderation import ReportFactory

pytestmark = pytest.mark.django_db


def _report_url(obj):
    return reverse("report", args=[services.content_type_key(obj), obj.pk])


def test_member_reports_a_profile(client, member):
    other = UserFactory()
    client.force_login(member)
    assert client.get(_report_url(other.profile)).status_code == 200
    response = client.post(
        _report_url(other.profile), {"reason": "racism", "text": "Called me a parasite"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.target == other.profile
    assert report.reporter == member
    assert report.status == ReportStatus.OPEN


def test_report_form_refuses_anonymous_and_unknown_targets(client, member):
    other = UserFactory()
    response = client.post(_report_url(other.profile), {"reason": "racism"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member)
    assert client.post("/report/members.user/1/", {"reason": "spam"}).status_code == 404
    assert client.post("/report/members.profile/999999/", {"reason": "spam"}).status_code == 404
    assert client.post(_report_url(other.profile), {"reason": "nonsense"}).status_code == 400
    assert not Report.objects.exists()


def test_report_link_partial_renders_for_members(rf, member):

    other = UserFactory()
    request = rf.get("/")
    request.user = member
    html = render_to_string(
        "moderation/_report_link.html", {"target": other.profile, "user": member}, request
    )
    assert _report_url(other.profile) in html


def test_warn_tells_author_and_reporter_and_is_audited(staff, django_capture_on_commit_callbacks):
    author = UserFactory()
    report = ReportFactory(target=author.profile)
    with django_capture_on_commit_callbacks(execute=True):
        services.warn(
            actor=staff, member=author, message="Please keep it respectful", report=report
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.ACTIONED and report.handled_by == staff
    warning = Notification.objects.get(kind=WARNING)
    assert warning.recipient == author and warning.data["message"] == "Please keep it respectful"
    outcome = Notification.objects.get(kind=REPORT_OUTCOME)
    assert outcome.recipient == report.reporter and outcome.data["outcome"] == "actioned"
    recipients = {message.to[0] for message in mail.outbox}
    assert {author.email, report.reporter.email} <= recipients
    entry = AuditLogEntry.objects.get()
    assert (entry.actor, entry.action, entry.target) == (staff, AuditAction.WARN, author)


def test_suspend_deactivates_login_and_still_emails_the_reason(
    client, staff, django_capture_on_commit_callbacks
):
    author = UserFactory(language="es")
    report = ReportFactory(target=author.profile)
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend(
            actor=staff, member=author, reason="Repeated xenophobic insults", report=report
        )
    author.refresh_from_db()
    assert not author.is_active
    assert Suspension.objects.get(user=author).reason == "Repeated xenophobic insults"
    assert AuditLogEntry.objects.filter(action=AuditAction.SUSPEND).count() == 1
    assert not client.login(email=author.email, password="correct-horse-battery")
    assert Notification.objects.filter(recipient=author, kind=SUSPENDED).exists()
    # The pipeline never emails inactive accounts; the suspension email is sent directly, once,
    # in the member's language.
    to_author = [message for message in mail.outbox if message.to == [author.email]]
    assert len(to_author) == 1
    assert "Repeated xenophobic insults" in to_author[0].body
    assert "suspendida" in to_author[0].subject.lower()


def test_dismiss_tells_reporter_through_the_pipeline(staff, django_capture_on_commit_callbacks):
    report = ReportFactory(target=UserFactory().profile)
    report.reporter.language = "es"
    report.reporter.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.dismiss(actor=staff, report=report, note="Not a breach")
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    outcome = Notification.objects.get(recipient=report.reporter)
    assert outcome.kind == REPORT_OUTCOME
    assert outcome.data == {
        "title": str(report.target),
        "outcome": ReportStatus.DISMISSED,
        "note": "Not a breach",
    }
    assert mail.outbox[-1].to == [report.reporter.email]
    assert "Not a breach" in mail.outbox[-1].body
    assert "decidimos no actuar" in mail.outbox[-1].body  # rendered in the reporter's language
    assert AuditLogEntry.objects.get().action == AuditAction.DISMISS


def test_hiding_tells_reporter_and_author_in_their_inboxes(client, staff):
    author = UserFactory()
    report = ReportFactory(target=author.profile)
    services.hide(actor=staff, target=author.profile, reason="Hate speech", report=report)
    assert Notification.objects.get(recipient=report.reporter).kind == REPORT_OUTCOME
    hidden = Notification.objects.get(recipient=author)
    assert hidden.kind == CONTENT_HIDDEN and hidden.data["reason"] == "Hate speech"
    client.force_login(author)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Hate speech" in inbox
    client.force_login(report.reporter)
    assert "took action" in client.get(reverse("notifications:inbox")).content.decode()


def test_every_reportable_key_names_an_installed_model():
    for key in services.REPORTABLE_KEYS:
        assert services.reportable_model(key)._meta.label_lower == key
        assert services.is_hideable(services.reportable_model(key)())


def test_reporting_an_event_end_to_end(client, member, staff):
    event = EventFactory(title="Charla sobre migración")
    client.force_login(member)
    page = client.get(event.get_absolute_url()).content.decode()
    assert _report_url(event) in page
    assert client.get(_report_url(event)).status_code == 200
    response = client.post(_report_url(event), {"reason": "scam", "text": "Asks for money"})
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    report = Report.objects.get()
    assert report.target == event and report.reporter == member

    client.force_login(staff)
    changelist = reverse("admin:moderation_report_changelist")
    client.post(changelist, {"action": "hide_target", "_selected_action": [report.pk]})
    event.refresh_from_db()
    assert event.is_hidden and event.hidden_reason
    assert AuditLogEntry.objects.filter(
        actor=staff, action=AuditAction.HIDE, target_id=event.pk
    ).exists()
    assert Notification.objects.filter(recipient=member, kind=REPORT_OUTCOME).exists()
    client.force_login(member)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Charla sobre migración" not in client.get(reverse("events:list")).content.decode()


def test_audit_log_is_append_only(staff):
    entry = AuditLogEntry.objects.create(actor=staff, action=AuditAction.WARN, note="x")
    entry.note = "rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()


def test_admin_queue_actions_are_audited(client, staff):
    client.force_login(staff)
    report = ReportFactory(target=UserFactory().profile)
    changelist = reverse("admin:moderation_report_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(
        changelist, {"action": "dismiss", "_selected_action": [report.pk]}, follow=True
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    assert AuditLogEntry.objects.filter(actor=staff, action=AuditAction.DISMISS).exists()


def test_hiding_a_story_in_its_admin_form_is_audited_and_the_author_told(client, staff):

    story = StoryFactory(title="Hidden tale")
    client.force_login(staff)
    change = reverse("admin:campaigns_story_change", args=[story.pk])
    response = client.post(change, {"is_hidden": "on", "hidden_reason": "Shares a phone number"})
    assert response.status_code == 302
    assert Story.objects.get(pk=story.pk).is_hidden
    entry = AuditLogEntry.objects.get()
    assert (entry.actor, entry.action, entry.target) == (staff, AuditAction.HIDE, story)
    assert entry.note == "Shares a phone number"
    told = Notification.objects.get(recipient=story.author, kind=CONTENT_HIDDEN)
    assert told.data["reason"] == "Shares a phone number"
    client.post(change, {"hidden_reason": ""})
    assert AuditLogEntry.objects.filter(action=AuditAction.RESTORE, target_id=story.pk).exists()
