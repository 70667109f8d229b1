"""Sessions stored with the signed-in member's id (imported at the end of members/models.py)."""

from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["MemberSession"]


class MemberSession(AbstractBaseSession):
    """Django's session row plus the id of the member signed in to it.

    The session stores (members.session_backends) write `user_id` on every save, so ending one
    member's sessions (suspension, account deletion) reads that member's rows by index instead of
    decoding every session in the database. Written on save rather than on the login signal so a
    key cycled without a login (a password change) is still found. No foreign key: a session may
    outlive its row's member for a moment, and clearsessions removes it with the rest.
    """

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        app_label = "members"
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from members.session_backends.db import SessionStore  # noqa: PLC0415

        return SessionStore
