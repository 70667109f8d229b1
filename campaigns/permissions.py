"""Who may change what in campaigns and events: the one place views, templates and tests ask."""

from campaigns.models import CampaignMember, CampaignRole, CampaignStatus
from core.permissions import has_staff_powers
from members.permissions import can_view_profile


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


def can_delete_story(user, story) -> bool:
    """Only the author deletes their story; staff hide stories rather than delete them."""
    return can_edit_story(user, story)


def can_name_author(viewer, author) -> bool:
    """Whether `viewer` may read a story author's name (None: an anonymous visitor, or a feed,
    which anyone may read): only where the author's profile may be shown to them."""
    profile = getattr(author, "profile", None) if author is not None else None
    return profile is not None and can_view_profile(viewer, profile)


def can_view_story(user, story) -> bool:
    if story.author_id is not None and user is not None and story.author_id == user.pk:
        return True
    if story.author is not None and not story.author.is_active and not story.author.is_deleted:
        return False  # suspended: hidden until lifted (StoryQuerySet.visible)
    return not story.is_hidden and story.published_at is not None
