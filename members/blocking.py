"""Blocking: a blocked member cannot contact, offer to, or see the blocker's profile."""

from django.db.models import Q

from members.models import Block


def is_blocked_between(a, b) -> bool:
    """True when either member blocked the other. Anonymous visitors are never blocked."""
    if a is None or b is None or not a.is_authenticated or not b.is_authenticated:
        return False
    if a.pk == b.pk:
        return False
    return Block.objects.filter(
        Q(blocker_id=a.pk, blocked_id=b.pk) | Q(blocker_id=b.pk, blocked_id=a.pk)
    ).exists()


def blocked_user_ids(user) -> set[int]:
    """Everyone the user blocked or was blocked by: for excluding them from lists."""
    if user is None or not user.is_authenticated:
        return set()
    pairs = Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk)).values_list(
        "blocker_id", "blocked_id"
    )
    return {other for pair in pairs for other in pair if other != user.pk}


def block(*, blocker, blocked) -> Block:
    block_row, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block_row


def unblock(*, blocker, blocked) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
