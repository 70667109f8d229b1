"""Reads spanning campaigns, fellows, members and organizations."""

from django.db.models import Prefetch

from campaigns.models import Campaign, CampaignMember, CampaignRole, FeaturedFellow, Story
from members.models import listed_people
from members.permissions import mark_names_shown
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


def _profile_rule(viewer):
    rule = listed_people(None, user="user__", profile="")
    if viewer is not None:
        rule &= listed_people(viewer, user="user__", profile="")
    return rule


def campaign_page_sections(campaign, *, viewer=None) -> dict:
    """What a campaign page shows every visitor alike (views.campaign_detail caches its rendering).

    People are those listed to visitors. `viewer` is given only for a member with blocks, whose
    page is not cached: then also not across their blocks (members.models.listed_people).
    """
    people = listed_people(None)
    if viewer is not None:
        people &= listed_people(viewer)
    stories = list(
        Story.objects.visible()
        .filter(campaign=campaign)
        # The story card names its campaign (campaigns/_story_card.html).
        .select_related("author__profile", "campaign")
        .order_by("-published_at")[:3]
    )
    # Bylines: the name only of people listed (by the same rule as the ambassadors).
    mark_names_shown([story.author for story in stories], viewer, rule=_profile_rule(viewer))
    featured = list(featured_fellows_for(campaign))
    upcoming_events = list(
        # Shown as event cards (events/_event_card.html): the seats left need the going count.
        campaign.events.upcoming().select_related("organization", "campaign").with_going_count()[:4]
    )
    ventures = [venture for item in featured for venture in item.fellow.ventures.all()]
    return {
        "featured": featured,
        "stories": stories,
        # Every card of the page, whatever its kind: their community translations into the
        # reader's language are read together (`{% listed_version venture cards %}`).
        "cards": [
            *ventures,
            *(need for venture in ventures for need in venture.open_needs),
            *upcoming_events,
            *stories,
        ],
        "ambassadors": list(
            CampaignMember.objects.filter(people, campaign=campaign, role=CampaignRole.AMBASSADOR)
            .select_related("user__profile")
            .order_by("joined_at")[:12]
        ),
        "upcoming_events": upcoming_events,
    }


def ambassador_campaigns(user):
    """Campaigns where the member is an approved ambassador: the badge on their profile.

    The member profile page shows them with `{% ambassador_badges member %}` (campaigns tags).
    """
    return Campaign.objects.public().filter(
        memberships__user=user, memberships__role=CampaignRole.AMBASSADOR
    )
