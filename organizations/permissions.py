"""Who may change what in organizations: the one place views, templates and tests ask."""

from core.permissions import has_staff_powers
from members.blocking import is_blocked_between_ids
from organizations.models import (
    CheckInSide,
    CollaborationState,
    Membership,
    OfferState,
    Role,
)

CONTENT_ROLES = {Role.ADMIN, Role.EDITOR}


# The `role=` of the predicates below: the caller has not read it (None means "no role").
UNREAD = object()


def role_in(user, organization) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(organization=organization, user=user)
        .values_list("role", flat=True)
        .first()
    )


def can_manage_organization(user, organization, *, role=UNREAD) -> bool:
    """Admins: settings, team, invitations."""
    return (role_in(user, organization) if role is UNREAD else role) == Role.ADMIN


def can_edit_organization_content(user, organization, *, role=UNREAD) -> bool:
    """Admins and editors: ventures, needs, events, offers."""
    return (role_in(user, organization) if role is UNREAD else role) in CONTENT_ROLES


def is_venture_lead(user, venture) -> bool:
    """Uses `venture.leads` when prefetched (lists of offers), else asks the database."""
    if user is None or not user.is_authenticated:
        return False
    if "leads" in getattr(venture, "_prefetched_objects_cache", {}):
        return any(lead.pk == user.pk for lead in venture.leads.all())
    # Kept on the venture for the request: a page asks it more than once (may they edit? may
    # they offer?).
    answers = venture.__dict__.setdefault("_is_lead", {})
    if user.pk not in answers:
        answers[user.pk] = venture.leads.filter(pk=user.pk).exists()
    return answers[user.pk]


def can_manage_venture(user, venture, *, role=UNREAD) -> bool:
    """Edit the venture, post and edit its needs, answer its offers: its organization's admins and
    editors, and its leads. A fellow linked to an account leads their ventures (campaigns makes
    them leads), so this app only knows about leads. `role`: the user's role, if already read."""
    if user is None or not user.is_authenticated:
        return False
    if role is UNREAD:
        role = role_in(user, venture.organization)
    return role in CONTENT_ROLES or is_venture_lead(user, venture)


def ventures_managed_by(user, organization, *, role=UNREAD):
    """The ventures of `organization` that can_manage_venture lets `user` manage, as a queryset."""
    ventures = organization.ventures.all()
    if role is UNREAD:
        role = role_in(user, organization)
    if role in CONTENT_ROLES:
        return ventures
    if user is None or not user.is_authenticated:
        return ventures.none()
    return ventures.filter(leads=user)


def can_view_organization(user, organization, *, role=UNREAD) -> bool:
    """Public, unless staff hid it: then only its admins and editors (who see why) and staff."""
    if not organization.is_hidden or has_staff_powers(user):
        return True
    if role is UNREAD:
        role = role_in(user, organization)
    return role in CONTENT_ROLES


def can_view_venture(user, venture, *, role=UNREAD) -> bool:
    """Public, unless staff hid it or its organization: then only its team and staff."""
    if not venture.hidden_from_public or has_staff_powers(user):
        return True
    return can_manage_venture(user, venture, role=role)


def can_view_need(user, need, *, role=UNREAD) -> bool:
    """Open, closed... needs are public; drafts, and needs staff hid (or whose venture or
    organization staff hid), only for the team that manages the venture and staff."""
    if has_staff_powers(user):
        return True
    if not need.is_public:
        return can_manage_venture(user, need.venture, role=role)
    return True


def can_offer_help(user, need, *, role=UNREAD) -> bool:
    """A signed-in member who is not on the venture's team (organization or leads), on an open
    need."""
    if user is None or not user.is_authenticated or not need.is_open:
        return False
    if role is UNREAD:
        role = role_in(user, need.venture.organization)
    if (
        role is None
        and need.created_by_id is not None
        and is_blocked_between_ids(user.pk, need.created_by_id)
    ):
        return False
    return role is None and not is_venture_lead(user, need.venture)


def is_own_offer(user, offer) -> bool:
    return user is not None and offer.member_id == user.pk


def can_answer_offer(user, offer, *, role=UNREAD) -> bool:
    """Only the team that manages the need's venture, only while the offer waits, and not the one
    who offered (someone who offered before joining the team): the rest of the team answers."""
    return (
        offer.state == OfferState.PENDING
        and not is_own_offer(user, offer)
        and can_manage_venture(user, offer.need.venture, role=role)
    )


def can_withdraw_offer(user, offer) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and offer.member_id == user.pk
        and offer.state == OfferState.PENDING
    )


def can_contact_about_offer(user, offer) -> bool:
    """Once an offer is accepted, the helper and the team reach each other (its conversation)."""
    if offer.state != OfferState.ACCEPTED or user is None or not user.is_authenticated:
        return False
    return offer.member_id == user.pk or can_manage_venture(user, offer.need.venture)


def can_request_to_join(user, organization, *, role=UNREAD) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if role is UNREAD:
        role = role_in(user, organization)
    return role is None


def can_answer_check_in(user, check_in) -> bool:
    """The helper answers the helper's check-in; the team that manages the venture answers the
    team's. Once, while it waits."""
    if user is None or not user.is_authenticated or check_in.answered_at is not None:
        return False
    collaboration = check_in.collaboration
    if check_in.side == CheckInSide.HELPER:
        return collaboration.helper_id == user.pk
    return can_manage_venture(user, collaboration.need.venture)


def can_view_check_in(user, check_in) -> bool:
    """Either side of the collaboration (to read back an answer)."""
    if user is None or not user.is_authenticated:
        return False
    collaboration = check_in.collaboration
    return collaboration.helper_id == user.pk or can_manage_venture(
        user, collaboration.need.venture
    )


def can_thank_helper(user, collaboration, *, role=UNREAD) -> bool:
    """The team thanks a helper whose help took place."""
    return (
        collaboration.state != CollaborationState.DID_NOT_HAPPEN
        and collaboration.helper_id != getattr(user, "pk", None)
        and can_manage_venture(user, collaboration.need.venture, role=role)
    )
