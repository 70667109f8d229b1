"""Authentication backends that load the member's profile with the member: every signed-in page
shows their face in the header (`{% avatar user %}`), which would otherwise cost a query."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model


class ProfileWithUser:
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(ProfileWithUser, backends.ModelBackend):
    """Django's: usernames and the admin."""


class AuthenticationBackend(ProfileWithUser, AllauthBackend):
    """allauth's: sign-in by email, login codes."""
