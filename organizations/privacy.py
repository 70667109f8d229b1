"""What organizations holds about a member, for the data export and account deletion."""

from core.content_cache import bump_content_version
from members.privacy import register_erasure, register_export
from organizations.models import Membership, Offer, OfferState


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


def _erase_memberships(user) -> None:
    Membership.objects.filter(user=user).delete()


def register() -> None:
    register_export("offers", _export_offers)
    register_export("memberships", _export_memberships)
    register_erasure(_withdraw_pending_offers)
    register_erasure(_erase_memberships)
