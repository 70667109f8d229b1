"""Who may see and change member profiles: the one place deciding it."""

from members.models import Profile


def can_view_profile(viewer, profile) -> bool:
    """The owner always (they see why a hidden profile is hidden); anyone else exactly when the
    profile is listed to them (members.models.listed_people: one rule for pages and lists)."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == profile.user_id:
        return True
    return Profile.objects.visible_to(viewer).filter(pk=profile.pk).exists()


def can_edit_profile(user, profile) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or user.pk == profile.user_id
