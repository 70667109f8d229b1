"""What notifications hold about a member, for the data export and account deletion.

Deletion leaves delivery alone: it removes the member's own inbox and preferences, and scrubs
their name, address and words from notifications others received about them.
"""

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from members.models import Profile
from members.privacy import register_erasure, register_export
from notifications.models import Notification, NotificationPreference

# Data keys holding what the member wrote (an offer's message, a warning...).
WRITTEN_BY_ACTOR = {"message"}


def _export_notifications(user) -> list:
    return list(
        Notification.objects.filter(Q(recipient=user) | Q(email__iexact=user.email))
        .order_by("created_at")
        .values("kind", "data", "created_at", "read_at", "emailed_at")
    )


def _export_preferences(user) -> list:
    return list(NotificationPreference.objects.filter(user=user).values("kind", "frequency"))


def _identifiers(user) -> list[str]:
    display_name = Profile.objects.filter(user=user).values_list("display_name", flat=True).first()
    names = [user.email, user.handle, display_name or ""]
    return sorted({name for name in names if len(name) >= 3}, key=len, reverse=True)


def _scrub(value, identifiers, replacement):
    if isinstance(value, str):
        for identifier in identifiers:
            if identifier.lower() in value.lower():
                return replacement
        return value
    if isinstance(value, list):
        return [_scrub(item, identifiers, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, identifiers, replacement) for key, item in value.items()}
    return value


def _erase(user) -> None:
    Notification.objects.filter(Q(recipient=user) | Q(email__iexact=user.email)).delete()
    NotificationPreference.objects.filter(user=user).delete()
    identifiers = _identifiers(user)
    about = Notification.objects.filter(actor=user).select_related("recipient")
    for notification in about:
        language = notification.recipient.language if notification.recipient else "en"
        with translation.override(language):
            replacement = gettext("deleted member")
        data = {
            key: "" if key in WRITTEN_BY_ACTOR else value
            for key, value in (notification.data or {}).items()
        }
        notification.data = _scrub(data, identifiers, replacement)
        notification.actor = None
        notification.save(update_fields=["data", "actor"])


def register() -> None:
    register_export("notifications", _export_notifications)
    register_export("notification_preferences", _export_preferences)
    register_erasure(_erase)
