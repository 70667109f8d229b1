"""Who may see and change member profiles: the one place deciding it."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext

from core.permissions import has_staff_powers
from members.blocking import is_blocked_between_ids
from members.models import Profile, Visibility, listed_people


def is_listed_to(viewer, profile) -> bool:
    """members.models.listed_people's rule for one profile already read with its user (a profile
    page): the same conditions checked on the loaded row, so only the block test (members only)
    costs a query. A profile read without its user is asked in SQL, through listed_people
    itself."""
    # Asked more than once on a page (may they see it? may they write to them?): kept per viewer.
    answers = profile.__dict__.setdefault("_listed_to", {})
    key = viewer.pk if viewer is not None and viewer.is_authenticated else None
    if key not in answers:
        answers[key] = _is_listed_to(viewer, profile)
    return answers[key]


def _is_listed_to(viewer, profile) -> bool:
    if not Profile.user.is_cached(profile):
        return (
            Profile.objects.filter(listed_people(viewer, user="user__", profile=""))
            .filter(pk=profile.pk)
            .exists()
        )
    if not profile.user.is_active:
        return False
    if has_staff_powers(viewer):
        return True
    if profile.is_hidden:
        return False
    if viewer is None or not viewer.is_authenticated:
        return profile.visibility == Visibility.PUBLIC
    if profile.visibility not in (Visibility.PUBLIC, Visibility.MEMBERS):
        return False
    return not is_blocked_between_ids(viewer.pk, profile.user_id)


def can_view_profile(viewer, profile) -> bool:
    """The owner always (they see why a hidden profile is hidden); anyone else exactly when the
    profile is listed to them (members.models.listed_people: one rule for pages and lists)."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == profile.user_id:
        return True
    return is_listed_to(viewer, profile)


def is_public_profile(profile) -> bool:
    """Whether visitors (signed out) may see this profile: only such a profile's page may be
    shared or listed in the sitemap (members.models.listed_people with no viewer)."""
    return is_listed_to(AnonymousUser(), profile)


def can_edit_profile(user, profile) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.pk == profile.user_id or has_staff_powers(user)


def can_see_name(viewer, person) -> bool:
    """Whether `viewer` may see `person`'s display name: exactly when their profile is listed to
    the viewer (members.models.listed_people), or it is their own. `mark_names_shown` answers it
    for a whole list in one query."""
    if person is None:
        return False
    shown = getattr(person, "name_shown", None)
    if shown is not None:
        return shown
    if viewer is not None and viewer.is_authenticated and viewer.pk == person.pk:
        return True
    return Profile.objects.visible_to(viewer).filter(user_id=person.pk).exists()


def mark_names_shown(people, viewer, *, rule=None) -> None:
    """Sets `name_shown` on each person, in one query. `rule` (a filter on profiles) replaces the
    viewer's rule where a page is cached for many viewers (campaigns.views)."""
    people = [person for person in people if person is not None]
    if not people:
        return
    listed = Profile.objects.visible_to(viewer) if rule is None else Profile.objects.filter(rule)
    ids = set(listed.filter(user_id__in={p.pk for p in people}).values_list("user_id", flat=True))
    own = viewer.pk if viewer is not None and viewer.is_authenticated and rule is None else None
    for person in people:
        person.name_shown = person.pk in ids or person.pk == own


def shown_name(viewer, person) -> str:
    """The name of `person` this viewer may see: their display name, else "a member" (or
    "deleted member" for a closed account)."""
    if person is None or person.is_deleted:
        return gettext("deleted member")
    if can_see_name(viewer, person):
        return person.get_full_name()
    return gettext("a member")
