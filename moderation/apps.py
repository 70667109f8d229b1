from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from core.admin import ModerationActions, register_moderation  # noqa: PLC0415 - the app registry is not ready at import time
        from moderation import notifications, privacy, services  # noqa: F401, PLC0415 - registry ready; registers kinds

        privacy.register()
        from conversations.staff_access import register_staff_reader  # noqa: PLC0415 - the app registry is not ready at import time

        register_staff_reader(
            may_read=services.may_read_conversation,
            record_reading=services.record_conversation_reading,
        )
        register_moderation(
            ModerationActions(
                hide=services.hide,
                restore=services.restore,
                record_edit=services.record_admin_edit,
            )
        )
