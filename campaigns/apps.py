from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from campaigns import notifications, privacy, signals
        from campaigns.models import Campaign, CampaignMember, FeaturedFellow, Fellow, Story
        from core.content_cache import watch_public_content

        watch_public_content(
            Campaign, CampaignMember, FeaturedFellow, Fellow, Story, links=[Fellow.ventures]
        )
        notifications.register_kinds()
        privacy.register()
        signals.connect()
