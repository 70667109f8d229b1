from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from campaigns import notifications, privacy, signals  # noqa: PLC0415 - the app registry is not ready at import time
        from campaigns.models import Campaign, CampaignMember, FeaturedFellow, Fellow, Story  # noqa: PLC0415 - the app registry is not ready at import time
        from core.content_cache import watch_public_content  # noqa: PLC0415 - the app registry is not ready at import time

        watch_public_content(
            Campaign, CampaignMember, FeaturedFellow, Fellow, Story, links=[Fellow.ventures]
        )
        notifications.register_kinds()
        privacy.register()
        signals.connect()
