"""Who may change what in campaigns and events: the one place views, templates and tests ask."""

from campaigns.models import CampaignMember, CampaignRole, CampaignStatus
from core.permissions import has_staff_powers


def is_approved_ambassador(user, campaign) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return CampaignMember.objects.filter(
        campaign=campaign, user=user, role=CampaignRole.AMBASSADOR
    ).exists()


def can_curate(user) -> bool:
    """Campaigns, fellows, featured fellows, imports, ambassador decisions: staff only."""
    return has_staff_powers(user)


def can_preview_campaign(user, campaign) -> bool:
    """Drafts are visible to staff only; live and ended campaigns to everyone."""
    return campaign.status != CampaignStatus.DRAFT or can_curate(user)


def can_join_campaign(user, campaign) -> bool:
    return bool(user is not None and user.is_authenticated and campaign.status == "live")


def can_edit_fellow_bio(user, fellow) -> bool:
    """The member linked to the fellow record (and staff, through the admin)."""
    if user is None or not user.is_authenticated:
        return False
    return fellow.user_id == user.pk or can_curate(user)


def can_write_story(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_edit_story(user, story) -> bool:
    """Only the author edits a story; staff hide stories in the admin rather than rewrite them."""
    if user is None or not user.is_authenticated:
        return False
    return story.author_id == user.pk


def can_view_story(user, story) -> bool:
    if story.author_id is not None and user is not None and story.author_id == user.pk:
        return True
    if story.author is not None and not story.author.is_active and not story.author.is_deleted:
        return False  # suspended: hidden until lifted (StoryQuerySet.visible)
    return not story.is_hidden and story.published_at is not None
