"""Blocking: a blocked member cannot contact, offer to, or see the blocker's profile."""

from django.db.models import Q

from members.models import Block


def is_blocked_between(a, b) -> bool:
    """True when either member blocked the other. Anonymous visitors are never blocked."""
    if a is None or b is None or not a.is_authenticated or not b.is_authenticated:
        return False
    return is_blocked_between_ids(a.pk, b.pk)


def is_blocked_between_ids(a_id, b_id) -> bool:
    """is_blocked_between for two members' ids (no need to read a member to ask)."""
    if a_id is None or b_id is None or a_id == b_id:
        return False
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
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
