from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from core.content_cache import watch_public_content  # noqa: PLC0415 - the app registry is not ready at import time
        from organizations import match_notifications, privacy, signals  # noqa: PLC0415 - the app registry is not ready at import time
        from organizations.models import CheckIn, Collaboration, Need, Offer, Organization, Venture  # noqa: PLC0415 - the app registry is not ready at import time

        # Collaborations and check-ins feed profiles' contributions and the impact figures.
        watch_public_content(Organization, Venture, Need, Offer, Collaboration, CheckIn)
        signals.connect()
        match_notifications.register_kinds()
        privacy.register()
