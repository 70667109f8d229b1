"""The registry of notification kinds. Each app registers its own in its AppConfig.ready()."""

from dataclasses import dataclass

from notifications.models import Frequency


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    email_template: str
    default_frequency: str = Frequency.IMMEDIATELY
    marketing: bool = False
    description: str = ""
    # Always emailed at once whatever the member's preferences (a moderator's warning, a
    # suspension): not on the preferences page, no unsubscribe link. The inbox row stays as usual.
    always_email: bool = False
    # Emailed even to a deactivated account: the notice of its own suspension.
    reaches_inactive: bool = False
    # Where a notification of this kind leads when neither its data (`url`) nor its target
    # (`get_absolute_url`) says: a URL name without arguments (a warning: the code of conduct).
    link_url_name: str = ""


_KINDS: dict[str, NotificationKind] = {}


def register_kind(
    key,
    *,
    label,
    email_template,
    default_frequency=Frequency.IMMEDIATELY,
    marketing=False,
    description="",
    always_email=False,
    reaches_inactive=False,
    link_url_name="",
):
    """Declare a kind of notification. Marketing-style kinds are opt-in: off until ticked;
    `always_email` kinds are sent immediately and cannot be switched off."""
    if marketing and always_email:
        raise ValueError(f"{key}: a marketing kind cannot be always emailed")
    if marketing:
        default_frequency = Frequency.OFF
    if always_email:
        default_frequency = Frequency.IMMEDIATELY
    kind = NotificationKind(
        key=key,
        label=label,
        email_template=email_template,
        default_frequency=str(default_frequency),
        marketing=marketing,
        description=description,
        always_email=always_email,
        reaches_inactive=reaches_inactive,
        link_url_name=link_url_name,
    )
    _KINDS[key] = kind
    return kind


def get_kind(key) -> NotificationKind:
    kind = _KINDS.get(key)
    if kind is None:
        # Rows whose kind is no longer registered still render through the generic templates.
        return NotificationKind(key=key, label=key, email_template="notifications/email/generic")
    return kind


def registered_kinds() -> list[NotificationKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


def switchable_kinds() -> list[NotificationKind]:
    """The kinds a member chooses for (the preferences page, unsubscribing from digests)."""
    return [kind for kind in registered_kinds() if not kind.always_email]
