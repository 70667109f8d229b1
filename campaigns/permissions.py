"""Who may change what in campaigns and events: the one place views, templates and tests ask."""

from campaigns.models import CampaignMember, CampaignRole


def is_approved_ambassador(user, campaign) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return CampaignMember.objects.filter(
        campaign=campaign, user=user, role=CampaignRole.AMBASSADOR
    ).exists()


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
    from campaigns.event_models import EventStatus

    return event.status != EventStatus.DRAFT or can_manage_event(user, event)
