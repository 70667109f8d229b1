"""Reads spanning campaigns, fellows, members and organizations."""

from django.db.models import Prefetch

from campaigns.models import Campaign, CampaignMember, CampaignRole, FeaturedFellow, Story
from members.models import Profile
from organizations.models import Need, Venture


def featured_fellows_for(campaign):
    """The campaign's published featured fellows in staff's order, with ventures and open needs."""
    open_needs = Need.objects.open().order_by("-created_at")
    ventures = (
        Venture.objects.visible()
        .order_by("name")
        .prefetch_related(Prefetch("needs", queryset=open_needs, to_attr="open_needs"))
    )
    return (
        FeaturedFellow.objects.filter(campaign=campaign, fellow__is_published=True)
        .select_related("fellow")
        .prefetch_related(Prefetch("fellow__ventures", queryset=ventures))
        .order_by("order", "pk")
    )


def campaign_page_sections(campaign) -> dict:
    """What a campaign page shows every visitor alike (views.campaign_detail caches its rendering)."""
    return {
        "featured": list(featured_fellows_for(campaign)),
        "stories": list(
            Story.objects.visible()
            .filter(campaign=campaign)
            .select_related("author__profile")
            .order_by("-published_at")[:3]
        ),
        "ambassadors": list(
            # Cached for every visitor alike: only people listed to visitors.
            CampaignMember.objects.filter(
                campaign=campaign,
                role=CampaignRole.AMBASSADOR,
                user_id__in=Profile.objects.visible_to(None).values("user_id"),
            )
            .select_related("user__profile")
            .order_by("joined_at")[:12]
        ),
        "upcoming_events": list(
            campaign.events.upcoming().select_related("organization", "campaign")[:4]
        ),
    }


def ambassador_campaigns(user):
    """Campaigns where the member is an approved ambassador: the badge on their profile.

    The member profile page shows them with `{% ambassador_badges member %}` (campaigns tags).
    """
    return Campaign.objects.public().filter(
        memberships__user=user, memberships__role=CampaignRole.AMBASSADOR
    )
