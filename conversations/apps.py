from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from conversations import notifications, privacy, signals  # noqa: F401, PLC0415 - registry ready; registers kinds

        signals.connect()
        privacy.register()
