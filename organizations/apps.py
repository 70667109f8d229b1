from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from organizations import match_notifications, privacy, signals

        signals.connect()
        match_notifications.register_kinds()
        privacy.register()
