"""Who may change what in campaigns and events: the one place views, templates and tests ask."""

from campaigns.models import CampaignMember, CampaignRole, CampaignStatus


def is_approved_ambassador(user, campaign) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return CampaignMember.objects.filter(
        campaign=campaign, user=user, role=CampaignRole.AMBASSADOR
    ).exists()


def can_curate(user) -> bool:
    """Campaigns, fellows, featured fellows, imports, ambassador decisions: staff only."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


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
    return not story.hidden_by_staff and story.published_at is not None


# --- Events -----------------------------------------------------------------------------------


def can_organize_for(user, *, organization=None, campaign=None) -> bool:
    """Who may post an event for this organizer: its org admins/editors, campaign ambassadors, staff."""
    from organizations.permissions import can_edit_organization_content

    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if organization is not None:
        return can_edit_organization_content(user, organization)
    if campaign is not None:
        return is_approved_ambassador(user, campaign)
    return False


def can_manage_event(user, event) -> bool:
    return can_organize_for(user, organization=event.organization, campaign=event.campaign)


def can_see_event(user, event) -> bool:
    """Drafts and events staff hid (or whose organization staff hid): organizers and staff only."""
    from campaigns.event_models import EventStatus

    if event.status == EventStatus.DRAFT or event.hidden_from_public:
        return can_manage_event(user, event)
    return True
