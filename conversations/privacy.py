"""What conversations holds about a member, for the data export and account deletion."""

from django.utils import timezone

from conversations import unread
from conversations.models import ConnectionRequest, Conversation, Message, Participant, RequestState
from members.privacy import register_erasure, register_export


def _name(user) -> str:
    return user.get_full_name() if user is not None else ""


def _export_conversations(user) -> list:
    """Each conversation they take part in, with who was in it and what they wrote. The other
    side's words are theirs to export, not this member's."""
    conversation_ids = Participant.objects.filter(user=user).values("conversation_id")
    conversations = (
        Conversation.objects.filter(pk__in=conversation_ids)
        .select_related("need")
        .prefetch_related("participants__user__profile")
        .order_by("created_at")
    )
    own = {}
    for message in Message.objects.filter(author=user).order_by("created_at", "pk"):
        own.setdefault(message.conversation_id, []).append(
            {
                "body": message.body,
                "sent_at": message.created_at,
                "edited_at": message.edited_at,
                "deleted_at": message.deleted_at,
            }
        )
    return [
        {
            "id": conversation.pk,
            "kind": conversation.kind,
            "need": conversation.need.title if conversation.need else None,
            "with": sorted(
                _name(row.user)
                for row in conversation.participants.all()
                if row.user_id != user.pk and not row.is_team
            ),
            "started_at": conversation.created_at,
            "closed_at": conversation.closed_at,
            "my_messages": own.get(conversation.pk, []),
        }
        for conversation in conversations
    ]


def _export_requests(user) -> dict:
    sent = ConnectionRequest.objects.filter(sender=user).select_related("recipient__profile")
    received = ConnectionRequest.objects.filter(recipient=user).select_related("sender__profile")
    return {
        "sent": [
            {"to": _name(r.recipient), "message": r.message, "state": r.state, "at": r.created_at}
            for r in sent
        ],
        "received": [
            {"from": _name(r.sender), "state": r.state, "at": r.created_at} for r in received
        ],
    }


def _erase(user) -> None:
    """Their messages stay for the other side, under "deleted member"; nobody writes to the
    account any more; what they asked, and what waits for them, is withdrawn."""
    Message.objects.filter(author=user).update(author=None)
    pairs = Participant.objects.filter(user=user, is_team=False).values("conversation_id")
    closing = list(
        Conversation.objects.filter(pk__in=pairs, closed_at=None).values_list("pk", flat=True)
    )
    Conversation.objects.filter(pk__in=closing).update(closed_at=timezone.now())
    unread.forget(conversation_ids=closing)
    ConnectionRequest.objects.filter(sender=user).delete()
    ConnectionRequest.objects.filter(recipient=user, state=RequestState.PENDING).update(
        state=RequestState.DECLINED, decided_at=timezone.now()
    )


def register() -> None:
    register_export("conversations", _export_conversations)
    register_export("connection_requests", _export_requests)
    register_erasure(_erase)
