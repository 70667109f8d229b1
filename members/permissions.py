"""Who may see and change member profiles: the one place deciding it."""

from members.blocking import is_blocked_between
from members.choices import Visibility


def can_view_profile(viewer, profile) -> bool:
    if viewer is not None and viewer.is_authenticated:
        if viewer.is_staff or viewer.pk == profile.user_id:
            return True
        if not profile.user.is_active:
            return False
        if is_blocked_between(viewer, profile.user):  # trust & safety: blocks hide profiles
            return False
        return profile.visibility in (Visibility.PUBLIC, Visibility.MEMBERS)
    return profile.visibility == Visibility.PUBLIC and profile.user.is_active


def can_edit_profile(user, profile) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or user.pk == profile.user_id
