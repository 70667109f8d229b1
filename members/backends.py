"""Authentication backends that load the member with their profile, from the cache.

Every signed-in page needs the member (and their face in the header, `{% avatar user %}`), and
loading both from PostgreSQL was the largest cost of a signed-in page that does little else:
2.1 ms for the joined query against 0.2 ms for a cache read (`make bench`'s profile, issue 18).
So the pair is kept in the cache under the member's id, and every save or delete of either, and
every write that bypasses signals (`forget_signed_in_user`), drops the copy. The timeout bounds
what nothing reports."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth import backends, get_user_model
from django.core.cache import cache

from core.content_cache import forget


def _key(user_id) -> str:
    return f"members:signed-in-user:{user_id}"


def forget_signed_in_user(*user_ids) -> None:
    """The cached copies of these members are stale (core.content_cache.forget: now and again at
    commit)."""
    forget(*map(_key, user_ids))


def forget_on_change(sender, instance, **kwargs):
    """post_save / post_delete receiver for the user and profile models (members.apps)."""
    forget_signed_in_user(instance.pk)


class ProfileWithUser:
    def get_user(self, user_id):
        user = cache.get(_key(user_id))
        if user is None:
            user_model = get_user_model()
            try:
                user = user_model._default_manager.select_related("profile").get(pk=user_id)
            except user_model.DoesNotExist:
                return None
            cache.set(_key(user_id), user, settings.MEMBER_CACHE_SECONDS)
        return user if self.user_can_authenticate(user) else None


class ModelBackend(ProfileWithUser, backends.ModelBackend):
    """Django's: usernames and the admin."""


class AuthenticationBackend(ProfileWithUser, AllauthBackend):
    """allauth's: sign-in by email, login codes."""
