from django.contrib.sessions.backends import cached_db

from members.session_backends import MemberSessionMixin


class SessionStore(MemberSessionMixin, cached_db.SessionStore):
    """Keeps the class name: Django salts the session data with it."""
