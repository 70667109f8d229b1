"""Who may see and change member profiles: the one place deciding it."""

from core.choices import Visibility
from members.blocking import is_blocked_between


def can_view_profile(viewer, profile) -> bool:
    """Owner and staff always (the owner sees why a hidden profile is hidden); others never see a
    profile hidden by staff or of a deactivated account, nor one across a block."""
    if viewer is not None and viewer.is_authenticated:
        if viewer.is_staff or viewer.pk == profile.user_id:
            return True
        if not profile.user.is_active or profile.is_hidden:
            return False
        if is_blocked_between(viewer, profile.user):  # trust & safety: blocks hide profiles
            return False
        return profile.visibility in (Visibility.PUBLIC, Visibility.MEMBERS)
    return (
        profile.visibility == Visibility.PUBLIC and profile.user.is_active and not profile.is_hidden
    )


def can_edit_profile(user, profile) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or user.pk == profile.user_id
