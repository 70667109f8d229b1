"""Reports, the staff moderation queue and the append-only audit log."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from moderation import services
from moderation.models import AuditAction, AuditLogEntry, Report, ReportStatus, Suspension
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
    from django.template.loader import render_to_string

    other = UserFactory()
    request = rf.get("/")
    request.user = member
    html = render_to_string(
        "moderation/_report_link.html", {"target": other.profile, "user": member}, request
    )
    assert _report_url(other.profile) in html


def test_warn_tells_author_and_reporter_and_is_audited(staff):
    author = UserFactory()
    report = ReportFactory(target=author.profile)
    services.warn(actor=staff, member=author, message="Please keep it respectful", report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACTIONED and report.handled_by == staff
    recipients = {message.to[0] for message in mail.outbox}
    assert {author.email, report.reporter.email} <= recipients
    entry = AuditLogEntry.objects.get()
    assert (entry.actor, entry.action, entry.target) == (staff, AuditAction.WARN, author)


def test_suspend_deactivates_login_with_reason(client, staff):
    author = UserFactory()
    report = ReportFactory(target=author.profile)
    services.suspend(
        actor=staff, member=author, reason="Repeated xenophobic insults", report=report
    )
    author.refresh_from_db()
    assert not author.is_active
    assert Suspension.objects.get(user=author).reason == "Repeated xenophobic insults"
    assert AuditLogEntry.objects.filter(action=AuditAction.SUSPEND).count() == 1
    assert not client.login(email=author.email, password="correct-horse-battery")


def test_dismiss_tells_reporter(staff):
    report = ReportFactory(target=UserFactory().profile)
    services.dismiss(actor=staff, report=report, note="Not a breach")
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    assert mail.outbox[-1].to == [report.reporter.email]
    assert "Not a breach" in mail.outbox[-1].body
    assert AuditLogEntry.objects.get().action == AuditAction.DISMISS


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
