"""What moderation holds about a member, for the data export."""

from members.privacy import register_export
from moderation.models import Report


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


def register() -> None:
    # Reports stay after an account is deleted (staff need the history); the reporter shows as
    # "deleted member" through the anonymised account.
    register_export("reports_made", _export_reports)
