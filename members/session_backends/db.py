from django.contrib.sessions.backends import db

from members.session_backends import MemberSessionMixin


class SessionStore(MemberSessionMixin, db.SessionStore):
    """Keeps the class name: Django salts the session data with it."""
