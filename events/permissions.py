"""Who may organize, manage and see events: the one place views, templates and tests ask."""

from campaigns.permissions import is_approved_ambassador
from core.permissions import has_staff_powers
from events.models import EventStatus
from organizations.permissions import can_edit_organization_content


def can_organize_for(user, *, organization=None, campaign=None) -> bool:
    """Who may post an event for this organizer: its org admins/editors, campaign ambassadors, staff."""
    if user is None or not user.is_authenticated:
        return False
    if has_staff_powers(user):
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
    if event.status == EventStatus.DRAFT or event.hidden_from_public:
        return can_manage_event(user, event)
    return True
