"""Who may change what in organizations: the one place views, templates and tests ask."""

from core.permissions import has_staff_powers
from organizations.models import Membership, NeedStatus, OfferState, Role

CONTENT_ROLES = {Role.ADMIN, Role.EDITOR}


def role_in(user, organization) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(organization=organization, user=user)
        .values_list("role", flat=True)
        .first()
    )


def can_manage_organization(user, organization) -> bool:
    """Admins: settings, team, invitations."""
    return role_in(user, organization) == Role.ADMIN


def can_edit_organization_content(user, organization) -> bool:
    """Admins and editors: ventures, needs, events, offers."""
    return role_in(user, organization) in CONTENT_ROLES


def can_edit_venture(user, venture) -> bool:
    return can_edit_organization_content(user, venture.organization)


def can_edit_need(user, need) -> bool:
    return can_edit_organization_content(user, need.venture.organization)


def can_view_organization(user, organization, *, role=None) -> bool:
    """Public, unless staff hid it: then only its admins and editors (who see why) and staff."""
    if not organization.is_hidden or has_staff_powers(user):
        return True
    if role is None:
        role = role_in(user, organization)
    return role in CONTENT_ROLES


def can_view_venture(user, venture, *, role=None) -> bool:
    """Public, unless staff hid it or its organization: then only its team and staff."""
    if not venture.hidden_from_public or has_staff_powers(user):
        return True
    if role is None:
        role = role_in(user, venture.organization)
    return role in CONTENT_ROLES


def can_view_need(user, need, *, role=None) -> bool:
    """Open, closed... needs are public; drafts, and needs staff hid (or whose venture or
    organization staff hid), only for their team (admins, editors) and staff."""
    if has_staff_powers(user):
        return True
    if need.hidden_from_public or need.status == NeedStatus.DRAFT:
        if role is None:
            role = role_in(user, need.venture.organization)
        return role in CONTENT_ROLES
    return True


def can_offer_help(user, need, *, role=None) -> bool:
    """A signed-in member who is not on the venture's team, on an open need."""
    if user is None or not user.is_authenticated or not need.is_open:
        return False
    if role is None:
        role = role_in(user, need.venture.organization)
    if role is None and need.created_by_id is not None:
        from members.blocking import is_blocked_between  # trust & safety

        if is_blocked_between(user, need.created_by):
            return False
    return role is None


def can_answer_offer(user, offer) -> bool:
    """Only the team that owns the need, and only while the offer waits for an answer."""
    return offer.state == OfferState.PENDING and can_edit_need(user, offer.need)


def can_withdraw_offer(user, offer) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and offer.member_id == user.pk
        and offer.state == OfferState.PENDING
    )


def can_see_contact_emails(user, offer) -> bool:
    """Both sides see each other's address only once the offer is accepted."""
    if offer.state != OfferState.ACCEPTED or user is None or not user.is_authenticated:
        return False
    return offer.member_id == user.pk or can_edit_need(user, offer.need)


def can_request_to_join(user, organization, *, role=None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if role is None:
        role = role_in(user, organization)
    return role is None
