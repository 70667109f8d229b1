"""The header's unread-conversation count, cached per member in Redis (every signed-in page shows
it, and counting runs over all their conversations).

One place forgets it: `forget`, called by the services that write what the count reads (a new
message, a read marker, a conversation opened or closed) and by the signals that change who is on
a venture's team. What no signal reports (a bulk role update, an admin edit) is bounded by
CACHE_SECONDS.
"""

from django.core.cache import cache
from django.db import transaction

from conversations import selectors
from conversations.models import Conversation, Participant

CACHE_SECONDS = 5 * 60


def _key(user_id) -> str:
    return f"conversations:unread:{user_id}"


def count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    key = _key(user.pk)
    cached = cache.get(key)
    if cached is None:
        cached = selectors.count_unread_conversations(user)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def readers_of(conversation_ids) -> set[int]:
    """Everyone whose count a change to these conversations may move: their participants (team
    markers included) and the teams of their ventures."""
    conversation_ids = list(conversation_ids)
    if not conversation_ids:
        return set()
    ids = set(
        Participant.objects.filter(conversation_id__in=conversation_ids).values_list(
            "user_id", flat=True
        )
    )
    for venture in {
        conversation.venture
        for conversation in Conversation.objects.filter(
            pk__in=conversation_ids, venture__isnull=False
        ).select_related("venture")
    }:
        ids |= selectors.team_member_ids(venture)
    return ids


def forget(*, user_ids=(), conversation_ids=()) -> None:
    """Drop the cached counts of `user_ids` and of everyone reading `conversation_ids`: at once,
    and again when the transaction commits (a page counting meanwhile read the old rows)."""
    keys = [_key(user_id) for user_id in set(user_ids) | readers_of(conversation_ids)]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
