"""sitemap.xml: public content only, each kind read by the queryset that decides what visitors
see (published, not hidden by staff, public profiles). Served with django.contrib.sitemaps."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaigns.models import Campaign, Fellow, Story
from events.models import Event
from members.models import Profile
from organizations.models import Need, NeedStatus, Organization, Venture


class SiteUrlSitemap(Sitemap):
    """Absolute addresses on SITE_URL (not the Sites framework's row nor the request's host)."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class PublicSitemap(SiteUrlSitemap):
    limit = 5000

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class StaticPages(SiteUrlSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "impact",
            "organizations:board",
            "organizations:directory",
            "events:list",
            "campaigns:list",
        ]

    def location(self, item):
        return reverse(item)


class Campaigns(PublicSitemap):
    def items(self):
        return Campaign.objects.public().order_by("pk")


class Fellows(PublicSitemap):
    def items(self):
        return Fellow.objects.published().order_by("pk")


class Stories(PublicSitemap):
    def items(self):
        return Story.objects.visible().order_by("pk")


class Events(PublicSitemap):
    def items(self):
        return Event.objects.published().visible().order_by("pk")


class Organizations(PublicSitemap):
    def items(self):
        return Organization.objects.visible().order_by("pk")


class Ventures(PublicSitemap):
    def items(self):
        return Venture.objects.visible().order_by("pk")


class Needs(PublicSitemap):
    def items(self):
        return Need.objects.visible().exclude(status=NeedStatus.DRAFT).order_by("pk")


class Profiles(PublicSitemap):
    def items(self):
        return Profile.objects.visible_to(AnonymousUser()).select_related("user").order_by("pk")


SITEMAPS = {
    "pages": StaticPages,
    "campaigns": Campaigns,
    "fellows": Fellows,
    "stories": Stories,
    "events": Events,
    "organizations": Organizations,
    "ventures": Ventures,
    "needs": Needs,
    "profiles": Profiles,
}
