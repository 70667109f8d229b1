from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from core.content_cache import watch_member_content, watch_public_content  # noqa: PLC0415 - the app registry is not ready at import time
        from events import notifications, privacy  # noqa: PLC0415, F401 - registers its kinds
        from events.models import Event, Registration  # noqa: PLC0415 - the app registry is not ready at import time

        watch_public_content(Event)
        # A member's home lists their next events.
        watch_member_content(Registration, lambda registration: [registration.user_id])
        privacy.register()
