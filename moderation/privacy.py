"""What moderation holds about a member, for the data export."""

from django.contrib.contenttypes.models import ContentType

from members.models import Profile, User
from members.privacy import register_erasure, register_export
from moderation.models import AuditLogEntry, Report


def _export_reports(user) -> list:
    return [
        {
            "about": f"{report.target_type.app_label}.{report.target_type.model}#{report.target_id}",
            "reason": report.reason,
            "text": report.text,
            "status": report.status,
            "outcome": report.outcome_note,
            "created_at": report.created_at,
        }
        for report in Report.objects.filter(reporter=user).select_related("target_type")
    ]


def _erase_audit_labels(user) -> None:
    """Audit entries about the member keep what staff did, not the member's address or name
    (the label copied str(target)). An update, not save(): the log refuses edits of entries."""
    for model in (User, Profile):
        AuditLogEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id=user.pk
        ).update(target_label=f"deleted member #{user.pk}")


def register() -> None:
    # Reports stay after an account is deleted (staff need the history); the reporter shows as
    # "deleted member" through the anonymised account.
    register_export("reports_made", _export_reports)
    register_erasure(_erase_audit_labels)
