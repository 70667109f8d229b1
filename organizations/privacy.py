"""What organizations holds about a member, for the data export and account deletion."""

from core.content_cache import bump_content_version
from members.privacy import register_erasure, register_export
from organizations.models import (
    CheckIn,
    Collaboration,
    Invitation,
    JoinRequest,
    Match,
    Membership,
    Offer,
    OfferState,
    Venture,
)


def _export_offers(user) -> list:
    return [
        {
            "need": offer.need.title,
            "need_id": offer.need_id,
            "message": offer.message,
            "state": offer.state,
            "reply": offer.reply,
            "created_at": offer.created_at.isoformat(),
            "answered_at": offer.answered_at.isoformat() if offer.answered_at else None,
        }
        for offer in Offer.objects.filter(member=user).select_related("need").order_by("created_at")
    ]


def _withdraw_pending_offers(user) -> None:
    """Answered offers stay (the team depends on them) under "deleted member"; open ones close."""
    if Offer.objects.filter(member=user, state=OfferState.PENDING).update(
        state=OfferState.WITHDRAWN
    ):
        bump_content_version()  # an update sends no signal; offers are counted publicly


def _export_memberships(user) -> list:
    return list(
        Membership.objects.filter(user=user).values("organization__name", "role", "created_at")
    )


def _export_join_requests(user) -> list:
    return list(
        JoinRequest.objects.filter(user=user).values(
            "organization__name", "message", "state", "created_at", "decided_at"
        )
    )


def _export_venture_leads(user) -> list:
    return list(Venture.objects.filter(leads=user).values("name", "organization__name"))


def _export_matches(user) -> list:
    return list(
        Match.objects.filter(user=user).values("need__title", "score", "created_at", "invited_at")
    )


def _export_invitations(user) -> list:
    return list(
        Invitation.objects.filter(email__iexact=user.email).values(
            "organization__name", "role", "created_at", "accepted_at"
        )
    )


def _erase_offers(user) -> None:
    """Answered offers stay (the team depends on them) under "deleted member", without the
    member's words; open ones close."""
    Offer.objects.filter(member=user, state=OfferState.PENDING).update(state=OfferState.WITHDRAWN)
    Offer.objects.filter(member=user).update(message="")


def _erase_memberships(user) -> None:
    Membership.objects.filter(user=user).delete()


def _export_collaborations(user) -> list:
    return [
        {
            "need": collaboration.need.title,
            "need_id": collaboration.need_id,
            "started_at": collaboration.started_at.isoformat(),
            "state": collaboration.state,
            "hours": collaboration.hours,
            "thanks": collaboration.thanks,
        }
        for collaboration in Collaboration.objects.filter(helper=user)
        .select_related("need")
        .order_by("started_at")
    ]


def _export_check_ins(user) -> list:
    return list(
        CheckIn.objects.filter(answered_by=user)
        .order_by("answered_at")
        .values("collaboration_id", "side", "milestone", "answer", "hours", "what_changed")
    )


def _erase_outcome_texts(user) -> None:
    """What a member wrote about their help, and thanks addressed to them by name, go; the hours
    stay in the figures (no longer anyone's)."""
    CheckIn.objects.filter(answered_by=user).update(what_changed="", share_publicly=False)
    Collaboration.objects.filter(helper=user).update(thanks="")


def _erase_join_requests(user) -> None:
    # Pending ones too: accepting one would add the deleted account to the team.
    JoinRequest.objects.filter(user=user).delete()


def _erase_venture_leads(user) -> None:
    for venture in Venture.objects.filter(leads=user):
        venture.leads.remove(user)


def _erase_matches(user) -> None:
    Match.objects.filter(user=user).delete()


def _erase_invitations(user) -> None:
    """Invitations to the member's address stay with the organization, without the address."""
    Invitation.objects.filter(email__iexact=user.email).update(
        email=f"deleted-{user.pk}@deleted.invalid"
    )


def register() -> None:
    register_export("offers", _export_offers)
    register_export("memberships", _export_memberships)
    register_export("join_requests", _export_join_requests)
    register_export("venture_leads", _export_venture_leads)
    register_export("matches", _export_matches)
    register_export("invitations", _export_invitations)
    register_erasure(_erase_offers)
    register_erasure(_erase_memberships)
    register_export("collaborations", _export_collaborations)
    register_export("check_ins", _export_check_ins)
    register_erasure(_erase_outcome_texts)
    register_erasure(_erase_join_requests)
    register_erasure(_erase_venture_leads)
    register_erasure(_erase_matches)
    register_erasure(_erase_invitations)
