"""Multi-step writes on members: profile create/update with tags and search vector refresh."""

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string

from core.search import vector_sql, weighted_vector
from members.backends import forget_signed_in_user
from members.models import MemberSession, Profile

PROFILE_FIELDS = [
    "display_name",
    "headline",
    "bio",
    "bio_language",
    "country_of_origin",
    "country_of_residence",
    "city",
    "languages",
    "ways_to_help",
    "hours_per_month",
    "is_changemaker",
    "wants_to_be_ambassador",
    "links",
    "visibility",
    "allow_matching",
    "allow_suggestions",
    "show_contributions",
]
USER_FIELDS = ["time_zone", "language"]

# Name above headline and skills above bio; searched by the directory (members.filters).
PROFILE_VECTOR = (("display_name", "A"), ("headline", "B"), ("skills_text", "B"), ("bio", "C"))


def refresh_search(profile_ids):
    """Recompute skills_text and search_vector for these profiles in SQL."""

    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE members_profile p SET skills_text = coalesce((
                SELECT string_agg(s.name, ' ' ORDER BY s.name)
                FROM members_profileskill ps JOIN members_skill s ON s.id = ps.tag_id
                WHERE ps.content_object_id = p.user_id), '')
            WHERE p.user_id = ANY(%s)
            """,
            [list(profile_ids)],
        )
    Profile.objects.filter(pk__in=profile_ids).update(
        search_vector=weighted_vector(*PROFILE_VECTOR)
    )
    forget_signed_in_user(*profile_ids)  # a profile's key is its member's id


SEARCH_VECTOR_SQL = vector_sql(*PROFILE_VECTOR)


@transaction.atomic
def update_profile(*, user, data, skills=None, causes=None, avatar=None, clear_avatar=False):
    """Create or update `user`'s profile from cleaned form data, in one transaction."""
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    earlier_avatar = profile.avatar.name if profile.avatar else ""
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    if avatar is not None:
        profile.avatar.save(avatar.name, avatar, save=False)
    elif clear_avatar:
        profile.avatar = ""
    profile.save()
    if earlier_avatar and earlier_avatar != profile.avatar.name:
        # The earlier photo leaves the disk (it would still be served): replaced or removed once this is saved.
        storage = profile.avatar.storage
        transaction.on_commit(lambda: storage.delete(earlier_avatar))
    changed_user = [field for field in USER_FIELDS if field in data]
    for field in changed_user:
        setattr(user, field, data[field])
    if changed_user:
        user.save(update_fields=changed_user)
    if skills is not None:
        profile.skills.set(skills)
    if causes is not None:
        profile.causes.set(causes)
    refresh_search([profile.pk])
    profile.refresh_from_db()
    return profile


def end_sessions(user) -> int:
    """End every session of the member: reads only their rows (MemberSession.user_id, indexed),
    and deletes each through the configured SessionStore so a cached copy goes too."""

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    keys = list(MemberSession.objects.filter(user_id=user.pk).values_list("session_key", flat=True))
    for key in keys:
        store_class(key).delete()
    return len(keys)
