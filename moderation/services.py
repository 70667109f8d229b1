"""Reports and the staff actions on them. Every staff action writes one audit log entry, and every
message to members goes through moderation.notifications (the shared notification pipeline)."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from conversations.models import Message
from core.content_cache import bump_content_version
from core.models import Hideable
from events.models import Registration, RegistrationState
from events.services import cancel_registration
from members.services import end_sessions as end_member_sessions
from moderation import notifications
from moderation.models import (
    AuditAction,
    AuditLogEntry,
    Report,
    ReportStatus,
    Suspension,
)

# Content members may report, by "app_label.model" key, with the owning app's predicate deciding
# who may see it (its permissions.py is the one place that decides).
REPORTABLE = {
    "members.profile": "members.permissions.can_view_profile",
    "organizations.organization": "organizations.permissions.can_view_organization",
    "organizations.venture": "organizations.permissions.can_view_venture",
    "organizations.need": "organizations.permissions.can_view_need",
    "campaigns.story": "campaigns.permissions.can_view_story",
    "events.event": "events.permissions.can_see_event",
    "conversations.message": "conversations.permissions.can_view_message",
    "translations.translation": "translations.permissions.can_view_translation",
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
    return can_report_shown(user, target) and import_string(REPORTABLE[content_type_key(target)])(
        user, target
    )


def can_report_shown(user, target) -> bool:
    """can_report for content on a page already allowed to show it to `user` (its view checked
    they may see it; the report links use this): signed in, not hidden, and not their own. Nobody
    reports what they answer for themselves (their profile, their team's need, their message)."""
    if user is None or not user.is_authenticated or is_hidden(target):
        return False
    return not is_own_content(user, target)


def is_own_content(user, obj) -> bool:
    """Whether `user` is among those who answer for `obj` (authors_of), read without loading them
    where the model names its author by a foreign key."""
    if hasattr(obj, "moderation_authors"):
        authors = obj.moderation_authors()
        if hasattr(authors, "filter"):
            return authors.filter(pk=user.pk).exists()
        return any(author.pk == user.pk for author in authors)
    field = _author_field(obj)
    return field is not None and getattr(obj, field.attname) == user.pk


def content_type_key(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _author_field(obj):
    """The first of AUTHOR_ATTRIBUTES that is a foreign key to a member and names one."""
    for attribute in AUTHOR_ATTRIBUTES:
        try:
            field = obj._meta.get_field(attribute)
        except FieldDoesNotExist:
            continue
        to_one = (field.many_to_one or field.one_to_one) and field.concrete
        if (
            to_one
            and field.related_model._meta.label == settings.AUTH_USER_MODEL
            and getattr(obj, field.attname) is not None
        ):
            return field
    return None


def author_of(obj):
    """The one member responsible (warned or suspended from the queue), if there is one."""
    field = _author_field(obj)
    return getattr(obj, field.name) if field is not None else None


def authors_of(obj) -> list:
    """Who is told that their content was hidden: the model's `moderation_authors()` when it has
    one (an organization's, venture's or need's admins and editors), else `author_of`."""
    if hasattr(obj, "moderation_authors"):
        return list(obj.moderation_authors())
    author = author_of(obj)
    return [author] if author is not None else []


def is_hideable(obj) -> bool:
    return isinstance(obj, Hideable)


def is_hidden(obj) -> bool:
    return is_hideable(obj) and obj.is_hidden


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
        target.is_hidden = True
        target.hidden_reason = reason
        target.save(update_fields=["is_hidden", "hidden_reason"])
        _log(actor=actor, action=AuditAction.HIDE, target=target, note=reason)
        _close(report, actor=actor, status=ReportStatus.ACTIONED, note=reason)
        for author in authors_of(target):
            notifications.content_hidden(author=author, target=target, reason=reason)


def restore(*, actor, target, note: str = "") -> None:
    if not is_hideable(target):
        raise NotReportable(content_type_key(target))
    with transaction.atomic():
        was_hidden = target.is_hidden
        target.is_hidden = False
        target.hidden_reason = ""
        target.save(update_fields=["is_hidden", "hidden_reason"])
        _log(actor=actor, action=AuditAction.RESTORE, target=target, note=note)
        if was_hidden:  # the queue's restore action may name content that was never hidden
            for author in authors_of(target):
                notifications.content_restored(author=author, target=target)


def warn(*, actor, member, message: str, report: Report | None = None) -> None:
    with transaction.atomic():
        _log(actor=actor, action=AuditAction.WARN, target=member, note=message)
        _close(report, actor=actor, status=ReportStatus.ACTIONED, note=message)
        notifications.warned(member=member, message=message)


def _free_seats(member) -> None:
    """A suspended member holds no seat: upcoming registrations are cancelled, so the waitlist
    moves up (events.services.cancel_registration)."""

    upcoming = (
        Registration.objects.filter(user=member, event__ends_at__gt=timezone.now())
        .exclude(state=RegistrationState.CANCELLED)
        .select_related("event")
    )
    for registration in upcoming:
        cancel_registration(event=registration.event, user=member)


def suspend(*, actor, member, reason: str, report: Report | None = None) -> Suspension:
    """Suspend a member: no sign-in, no seats, profile and stories hidden until lifted (the
    listings leave out deactivated accounts: members.models.listed_people, Story.visible)."""
    with transaction.atomic():
        _free_seats(member)
        member.is_active = False
        member.save(update_fields=["is_active"])
        bump_content_version()  # their profile and stories leave the cached pages
        suspension = Suspension.objects.create(user=member, reason=reason, suspended_by=actor)
        _log(actor=actor, action=AuditAction.SUSPEND, target=member, note=reason)
        _close(report, actor=actor, status=ReportStatus.ACTIONED, note=reason)
        end_sessions(member)
        notifications.suspended(member=member, reason=reason)
    return suspension


def lift_suspension(*, actor, member, note: str = "") -> None:
    """Staff lift a member's suspension: the account signs in again and their profile and stories
    come back (not their cancelled seats). Audited like every staff action."""
    with transaction.atomic():
        member.is_active = True
        member.save(update_fields=["is_active"])
        Suspension.objects.filter(user=member, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=actor
        )
        _log(actor=actor, action=AuditAction.LIFT, target=member, note=note)
        bump_content_version()


def record_admin_edit(*, actor, target) -> None:
    """A hideable model's admin form that edits the hidden fields itself (Story: staff must type a
    reason there) calls this after saving a change of them (core.admin.HideableAdmin): the change
    is audited and the authors told, as hide()/restore() do."""
    with transaction.atomic():
        if is_hidden(target):
            reason = target.hidden_reason
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


def may_read_conversation(user, conversation, report_id) -> bool:
    """Staff read a conversation only through a report about one of its messages."""

    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    return Report.objects.filter(
        pk=report_id,
        target_type=ContentType.objects.get_for_model(Message),
        target_id__in=Message.objects.filter(conversation=conversation).values("pk"),
    ).exists()


def record_conversation_reading(user, conversation, report_id) -> None:
    _log(
        actor=user,
        action=AuditAction.READ,
        target=conversation,
        note=f"Report #{report_id}",
    )


def end_sessions(user) -> int:
    """Kept for callers of moderation: sessions belong to members (members.services)."""

    return end_member_sessions(user)
