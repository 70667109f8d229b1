"""Reads: which conversations a member takes part in, unread counts, the people to notify."""

from datetime import UTC, datetime

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from conversations.models import (
    ConnectionRequest,
    Conversation,
    ConversationKind,
    Message,
    Participant,
    RequestState,
    pair_key,
)
from members.models import User
from organizations.models import Membership, Venture
from organizations.permissions import CONTENT_ROLES

NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def _takes_part(user) -> Q:
    """The conversations `user` may read, as one SQL condition: their own (direct, or as the
    helper), and their team's, mirroring `can_manage_venture` (admins and editors of the
    venture's organization, and its leads)."""
    own = Exists(
        Participant.objects.filter(conversation=OuterRef("pk"), user_id=user.pk, is_team=False)
    )
    team_role = Exists(
        Membership.objects.filter(
            organization_id=OuterRef("venture__organization_id"),
            user_id=user.pk,
            role__in=CONTENT_ROLES,
        )
    )
    lead = Exists(
        Venture.leads.through.objects.filter(venture_id=OuterRef("venture_id"), user_id=user.pk)
    )
    return own | (Q(kind=ConversationKind.TEAM) & (team_role | lead))


def _my_read_marker(user):
    return Subquery(
        Participant.objects.filter(conversation=OuterRef("pk"), user_id=user.pk).values(
            "last_read_at"
        )[:1]
    )


def conversations_of(user):
    """Every conversation `user` takes part in, most recent first, with their unread count."""
    if user is None or not user.is_authenticated:
        return Conversation.objects.none()
    read = Coalesce(_my_read_marker(user), Value(NEVER), output_field=DateTimeField())
    unread = (
        Message.objects.filter(
            conversation=OuterRef("pk"), created_at__gt=OuterRef("my_read_at"), deleted_at=None
        )
        .exclude(author_id=user.pk)
        .order_by()
        .values("conversation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Conversation.objects.filter(_takes_part(user))
        .annotate(my_read_at=read)
        .annotate(unread_count=Coalesce(Subquery(unread), Value(0)))
        .select_related("need", "venture")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.filter(is_team=False).select_related("user__profile"),
                to_attr="members",
            )
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-created_at", "-pk")
    )


def count_unread_conversations(user) -> int:
    """How many open conversations have messages `user` has not read: one query. The header and
    the home page read it through conversations.unread (cached)."""
    if user is None or not user.is_authenticated:
        return 0
    read = Coalesce(_my_read_marker(user), Value(NEVER), output_field=DateTimeField())
    return (
        Conversation.objects.filter(_takes_part(user), closed_at=None)
        .alias(my_read_at=read)
        .filter(last_message_at__gt=F("my_read_at"))
        .count()
    )


def direct_conversation_between(first, second):
    return Conversation.objects.filter(pair_key=pair_key(first.pk, second.pk)).first()


def pending_request_between(sender, recipient):
    return ConnectionRequest.objects.filter(
        sender=sender, recipient=recipient, state=RequestState.PENDING
    ).first()


def pending_request_senders(first, second) -> set[int]:
    """Who of the two has a pending request to the other (either way, one query)."""
    return set(
        ConnectionRequest.objects.filter(
            Q(sender=first, recipient=second) | Q(sender=second, recipient=first),
            state=RequestState.PENDING,
        ).values_list("sender_id", flat=True)
    )


def incoming_requests(user):
    return (
        ConnectionRequest.objects.filter(recipient=user, state=RequestState.PENDING)
        .select_related("sender__profile")
        .order_by("-created_at")
    )


def outgoing_requests(user):
    return (
        ConnectionRequest.objects.filter(sender=user)
        .select_related("recipient__profile")
        .order_by("-created_at")[:50]
    )


def team_member_ids(venture) -> set[int]:
    """Everyone `can_manage_venture` lets manage it: admins and editors, and leads."""
    if venture is None:
        return set()
    staff = Membership.objects.filter(
        organization_id=venture.organization_id, role__in=CONTENT_ROLES
    ).values_list("user_id", flat=True)
    leads = venture.leads.values_list("pk", flat=True)
    return set(staff) | set(leads)


def audience_ids(conversation) -> set[int]:
    """Everyone who reads this conversation now (active accounts only)."""
    ids = set(conversation.participants.filter(is_team=False).values_list("user_id", flat=True))
    if conversation.is_team:
        ids |= team_member_ids(conversation.venture)
    return set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))


# A page of a conversation: the latest messages, earlier ones a link away. Each message is a
# template's worth of rendering (times, actions, report link): 100 took most of a page's time.
THREAD_PAGE_MESSAGES = 50


def thread(conversation, *, before=None, limit=THREAD_PAGE_MESSAGES):
    """The latest `limit` messages (before the message id `before`), oldest first, and whether
    there are earlier ones."""
    messages = conversation.messages.select_related("author__profile").order_by(
        "-created_at", "-pk"
    )
    if before is not None:
        messages = messages.filter(pk__lt=before)
    page = list(messages[: limit + 1])
    has_earlier = len(page) > limit
    return list(reversed(page[:limit])), has_earlier


def messages_since(conversation, since):
    return list(
        conversation.messages.filter(created_at__gt=since)
        .select_related("author__profile")
        .order_by("created_at", "pk")
    )
