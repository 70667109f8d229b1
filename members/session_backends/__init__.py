"""Session engines storing members.MemberSession rows: `members.session_backends.db` and
`members.session_backends.cached_db` (Redis first, PostgreSQL as the durable copy)."""

from django.contrib.auth import SESSION_KEY


class MemberSessionMixin:
    @classmethod
    def get_model_class(cls):
        from members.models import MemberSession  # noqa: PLC0415 - members.models imports this module (a cycle at import time)

        return MemberSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance
