"""Staff powers: the one predicate every permission that grants staff rights asks."""

from allauth.mfa.models import Authenticator


def has_two_factor(user) -> bool:
    """Whether the account has a TOTP authenticator. allauth asks for it at every sign-in of such
    an account, and activating one checks a code: a session of theirs has passed two-factor."""

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def has_staff_powers(user) -> bool:
    """Staff rights anywhere (hidden content, drafts, any event, curation) need an active staff
    account that passed two-factor; staff without it are treated as members everywhere, as the
    admin refuses them (moderation.middleware). Asked once per user object."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    cached = getattr(user, "_has_staff_powers", None)
    if cached is None:
        cached = user._has_staff_powers = has_two_factor(user)
    return cached
