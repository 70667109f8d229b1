"""Reports and the staff actions on them. Every staff action writes one audit log entry, and every
message to members goes through moderation.notifications (the shared notification pipeline)."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from moderation import notifications
from moderation.models import (
    AuditAction,
    AuditLogEntry,
    Report,
    ReportStatus,
    Suspension,
)

# Content members may report, by "app_label.model" key, with the owning app's predicate deciding
# who may see it (its permissions.py is the one place that decides). Models of apps not installed
# are skipped.
REPORTABLE = {
    "members.profile": "members.permissions.can_view_profile",
    "organizations.organization": "organizations.permissions.can_view_organization",
    "organizations.venture": "organizations.permissions.can_view_venture",
    "organizations.need": "organizations.permissions.can_view_need",
    "campaigns.story": "campaigns.permissions.can_view_story",
    "campaigns.event": "campaigns.permissions.can_see_event",
}
REPORTABLE_KEYS = tuple(REPORTABLE)
# Attributes naming the member responsible for a piece of content, tried in order.
AUTHOR_ATTRIBUTES = ("user", "author", "created_by", "owner", "organizer")


class NotReportable(Exception):
    pass


def reportable_model(content_type_key: str):
    if content_type_key not in REPORTABLE_KEYS:
        raise NotReportable(content_type_key)
    try:
        return apps.get_model(content_type_key)
    except LookupError as error:
        raise NotReportable(content_type_key) from error


def can_report(user, target) -> bool:
    """A member reports only what they can see, and nothing already hidden.

    Whatever else they cannot see (drafts, unpublished stories, hidden profiles, a profile across a
    block in either direction) is refused like a target that does not exist: a report form must not
    confirm that such content exists, and a blocked member must not be able to reach the blocker
    through reports. The blocker keeps the block itself as their remedy, and reports any content of
    the blocked member they can still see.
    """
    if is_hidden(target):
        return False
    return import_string(REPORTABLE[content_type_key(target)])(user, target)


def content_type_key(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def author_of(obj):
    """The one member responsible (warned or suspended from the queue), if there is one."""
    for attribute in AUTHOR_ATTRIBUTES:
        value = getattr(obj, attribute, None)
        if getattr(getattr(value, "_meta", None), "label", None) == settings.AUTH_USER_MODEL:
            return value
    return None


def authors_of(obj) -> list:
    """Who is told that their content was hidden: the model's `moderation_authors()` when it has
    one (an organization's, venture's or need's admins and editors), else `author_of`."""
    if hasattr(obj, "moderation_authors"):
        return list(obj.moderation_authors())
    author = author_of(obj)
    return [author] if author is not None else []


# The "hideable" protocol: a boolean field with one of these names (first found wins), plus a
# `hidden_reason` text field shown to the author. Profile, Organization, Venture, Need and Event
# use `is_hidden`; Story (older) `hidden_by_staff`.
HIDDEN_FIELDS = ("is_hidden", "hidden_by_staff")


def hidden_field(obj) -> str | None:
    return next((name for name in HIDDEN_FIELDS if hasattr(obj, name)), None)


def is_hideable(obj) -> bool:
    return hidden_field(obj) is not None


def is_hidden(obj) -> bool:
    field = hidden_field(obj)
    return bool(field and getattr(obj, field))


def _log(*, actor, action, target=None, note="") -> AuditLogEntry:
    return AuditLogEntry.objects.create(
        actor=actor,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_label=str(target)[:300] if target is not None else "",
        note=note,
    )


def create_report(*, reporter, target, reason: str, text: str = "") -> Report:
    with transaction.atomic():
        return Report.objects.create(
            reporter=reporter,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            reason=reason,
            text=text,
        )


def _close(report: Report | None, *, actor, status, note) -> None:
    if report is None:
        return
    report.status = status
    report.outcome_note = note
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "outcome_note", "handled_by", "handled_at"])
    target = report.target
    label = str(target)[:200] if target is not None else ""
    notifications.report_outcome(report, target_label=label)


def hide(*, actor, target, reason: str, report: Report | None = None) -> None:
    if not is_hideable(target):
        raise NotReportable(content_type_key(target))
    with transaction.atomic():
        field = hidden_field(target)
        setattr(target, field, True)
        fields = [field]
        if hasattr(target, "hidden_reason"):
            target.hidden_reason = reason
            fields.append("hidden_reason")
        target.save(update_fields=fields)
        _log(actor=actor, action=AuditAction.HIDE, target=target, note=reason)
        _close(report, actor=actor, status=ReportStatus.ACTIONED, note=reason)
        for author in authors_of(target):
            notifications.content_hidden(author=author, target=target, reason=reason)


def restore(*, actor, target, note: str = "") -> None:
    if not is_hideable(target):
        raise NotReportable(content_type_key(target))
    with transaction.atomic():
        was_hidden = is_hidden(target)
        field = hidden_field(target)
        setattr(target, field, False)
        fields = [field]
        if hasattr(target, "hidden_reason"):
            target.hidden_reason = ""
            fields.append("hidden_reason")
        target.save(update_fields=fields)
        _log(actor=actor, action=AuditAction.RESTORE, target=target, note=note)
        if was_hidden:  # the queue's restore action may name content that was never hidden
            for author in authors_of(target):
                notifications.content_restored(author=author, target=target)


def warn(*, actor, member, message: str, report: Report | None = None) -> None:
    with transaction.atomic():
        _log(actor=actor, action=AuditAction.WARN, target=member, note=message)
        _close(report, actor=actor, status=ReportStatus.ACTIONED, note=message)
        notifications.warned(member=member, message=message)


def suspend(*, actor, member, reason: str, report: Report | None = None) -> Suspension:
    with transaction.atomic():
        member.is_active = False
        member.save(update_fields=["is_active"])
        suspension = Suspension.objects.create(user=member, reason=reason, suspended_by=actor)
        _log(actor=actor, action=AuditAction.SUSPEND, target=member, note=reason)
        _close(report, actor=actor, status=ReportStatus.ACTIONED, note=reason)
        end_sessions(member)
        notifications.suspended(member=member, reason=reason)
    return suspension


def record_admin_edit(*, actor, target) -> None:
    """A model whose own admin form edits its hidden fields (Story: staff must type a reason there)
    calls this after saving a change of them: the change is audited and the authors told, as
    hide()/restore() do."""
    with transaction.atomic():
        if is_hidden(target):
            reason = getattr(target, "hidden_reason", "")
            _log(actor=actor, action=AuditAction.HIDE, target=target, note=reason)
            for author in authors_of(target):
                notifications.content_hidden(author=author, target=target, reason=reason)
        else:
            _log(actor=actor, action=AuditAction.RESTORE, target=target)
            for author in authors_of(target):
                notifications.content_restored(author=author, target=target)


def dismiss(*, actor, report: Report, note: str = "") -> None:
    with transaction.atomic():
        _log(actor=actor, action=AuditAction.DISMISS, target=report.target, note=note)
        _close(report, actor=actor, status=ReportStatus.DISMISSED, note=note)


def end_sessions(user) -> int:
    """Kept for callers of moderation: sessions belong to members (members.services)."""
    from members.services import end_sessions as end_member_sessions  # noqa: PLC0415

    return end_member_sessions(user)
