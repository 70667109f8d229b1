from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications import account, privacy  # noqa: PLC0415 - the registry must be ready

        account.register()
        privacy.register()
