"""Reads for the home page. Each section is one small function; add a section by adding one here
and a block in templates/home.html (sections render only when their app's models exist)."""

from django.core.cache import cache
from django.utils import timezone

from diaspora.impact import headline_figures, optional_model
from organizations.models import Membership, Need, Role

HOME_VERSION_KEY = "home:visitor:version"


def figures_version() -> int:
    """Bumped whenever members, organizations, needs, campaigns, offers or stories change."""
    version = cache.get(HOME_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(HOME_VERSION_KEY, version, None)
    return version


def visitor_cache_key(language: str) -> str:
    return f"home:visitor:{language}:{figures_version()}"


def bump_home_version(**_kwargs):
    """Signal receiver: the visitor page's figures changed, so its cached copy is stale."""
    try:
        cache.incr(HOME_VERSION_KEY)
    except ValueError:
        cache.set(HOME_VERSION_KEY, 2, None)


def live_campaign():
    from campaigns.models import Campaign, CampaignStatus

    return Campaign.objects.filter(status=CampaignStatus.LIVE).order_by("-starts_on", "-pk").first()


def campaign_fellows(campaign, *, limit=3):
    FeaturedFellow = optional_model("campaigns", "FeaturedFellow")
    if campaign is None or FeaturedFellow is None:
        return []
    return list(
        FeaturedFellow.objects.filter(campaign=campaign, fellow__is_published=True)
        .select_related("fellow")
        .order_by("order", "pk")[:limit]
    )


def open_needs(*, limit=5):
    return list(
        Need.objects.open().select_related("venture__organization").order_by("-created_at")[:limit]
    )


def upcoming_events(*, limit=3):
    """Published events not over yet; None (section hidden) until the events app exists."""
    Event = optional_model("campaigns", "Event")
    if Event is None:
        return None
    return list(Event.objects.upcoming()[:limit])


def latest_stories(*, limit=3):
    Story = optional_model("campaigns", "Story")
    if Story is None:
        return None
    return list(Story.objects.visible()[:limit])


def visitor_sections() -> dict:
    campaign = live_campaign()
    return {
        "figures": headline_figures(),
        "live_campaign": campaign,
        "fellows": campaign_fellows(campaign),
        "open_needs": open_needs(),
        "upcoming_events": upcoming_events(),
        "latest_stories": latest_stories(),
    }


def member_offers(user, *, limit=5):
    Offer = optional_model("organizations", "Offer")
    if Offer is None:
        return None
    return list(
        Offer.objects.filter(member=user)
        .select_related("need__venture__organization")
        .order_by("-created_at")[:limit]
    )


def unanswered_offers(user, *, limit=5):
    """Pending offers on needs of organizations where the member is an admin or editor."""
    Offer = optional_model("organizations", "Offer")
    if Offer is None:
        return None
    teams = Membership.objects.filter(user=user, role__in=[Role.ADMIN, Role.EDITOR]).values(
        "organization_id"
    )
    return list(
        Offer.objects.filter(state="pending", need__venture__organization_id__in=teams)
        .select_related("need__venture__organization", "member__profile")
        .order_by("created_at")[:limit]
    )


def member_organizations(user):
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def next_events(user, *, limit=3):
    """The member's registrations (going or waitlisted) for published events not over yet."""
    Registration = optional_model("campaigns", "Registration")
    if Registration is None:
        return None
    from campaigns.event_models import EventStatus, RegistrationState

    return list(
        Registration.objects.filter(
            user=user,
            state__in=[RegistrationState.GOING, RegistrationState.WAITLISTED],
            event__status=EventStatus.PUBLISHED,
            event__ends_at__gte=timezone.now(),
            event__is_hidden=False,
        )
        .select_related("event")
        .order_by("event__starts_at")[:limit]
    )


def member_sections(user) -> dict:
    """ "Needs for you" is not here: the page loads it with htmx from organizations:needs_for_you
    (organizations.selectors.needs_for_member), so the scored query never delays the page."""
    profile = getattr(user, "profile", None)
    return {
        "my_offers": member_offers(user),
        "unanswered_offers": unanswered_offers(user),
        "my_organizations": member_organizations(user),
        "next_events": next_events(user),
        "profile_incomplete": profile is None or not profile.is_complete,
    }
