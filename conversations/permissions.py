"""Who may read, write, edit and ask in conversations: the one place views, templates and tests
ask. Staff get no special reading right here: they read a conversation only through a report
(conversations.staff_access, which moderation provides and audits)."""

from datetime import timedelta

from django.utils import timezone

from conversations.models import EDIT_WINDOW_SECONDS, RequestState
from members.blocking import is_blocked_between
from members.models import Profile, User
from members.permissions import can_view_profile
from organizations.permissions import can_manage_venture


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def _member_rows(conversation):
    """The non-team participants, from the prefetch when there is one."""
    cached = getattr(conversation, "members", None)
    if cached is not None:
        return cached
    return list(conversation.participants.filter(is_team=False).select_related("user__profile"))


def is_member_of(user, conversation) -> bool:
    """A direct participant, or the helper of a team conversation."""
    if not _signed_in(user):
        return False
    return any(row.user_id == user.pk for row in _member_rows(conversation))


def is_on_team_of(user, conversation) -> bool:
    """Asked a few times per page (view, template): answered once per conversation object."""
    if not _signed_in(user) or not conversation.is_team or conversation.venture is None:
        return False
    answers = conversation.__dict__.setdefault("_team_access", {})
    if user.pk not in answers:
        answers[user.pk] = can_manage_venture(user, conversation.venture)
    return answers[user.pk]


def can_view_conversation(user, conversation) -> bool:
    return is_member_of(user, conversation) or is_on_team_of(user, conversation)


def other_members(user, conversation) -> list:
    """The people on the other side, as users (a team conversation: its helper, for the team)."""
    return [row.user for row in _member_rows(conversation) if row.user_id != user.pk]


def can_send_message(user, conversation) -> bool:
    """Open conversations, active accounts, and nobody blocked on the other side."""
    if not _signed_in(user) or not user.is_active or conversation.is_closed:
        return False
    if not can_view_conversation(user, conversation):
        return False
    return not any(
        is_blocked_between(user, other) or not other.is_active
        for other in other_members(user, conversation)
    )


def can_edit_message(user, message, *, now=None) -> bool:
    """Its author, for five minutes, while they may still write there."""
    if not _signed_in(user) or message.author_id != user.pk or message.is_deleted:
        return False
    now = now or timezone.now()
    if now - message.created_at > timedelta(seconds=EDIT_WINDOW_SECONDS):
        return False
    return user.is_active and not message.conversation.is_closed


def can_delete_message(user, message) -> bool:
    return (
        _signed_in(user)
        and user.is_active
        and message.author_id == user.pk
        and not message.is_deleted
    )


def can_view_message(user, message) -> bool:
    """Who may see (and so report) a message: whoever reads its conversation."""
    return not message.is_deleted and can_view_conversation(user, message.conversation)


def can_contact(user, other) -> bool:
    """Whether `user` may see `other` to ask to connect at all. Someone hidden, blocked (either
    way) or deactivated answers as if they did not exist."""
    if not _signed_in(user) or other is None or user.pk == other.pk:
        return False
    if not user.is_active or not other.is_active:
        return False
    # A profile page's member comes with their profile (and whether the viewer may see it).
    if User.profile.is_cached(other):
        profile = other.profile
    else:
        profile = Profile.objects.filter(user=other).select_related("user").first()
    if profile is None or not can_view_profile(user, profile):
        return False
    # Staff see hidden profiles and across blocks; they still do not message through them.
    return not (user.is_staff and (profile.is_hidden or is_blocked_between(user, other)))


def can_answer_request(user, connection_request) -> bool:
    return (
        _signed_in(user)
        and user.is_active
        and connection_request.recipient_id == user.pk
        and connection_request.state == RequestState.PENDING
        and not is_blocked_between(user, connection_request.sender)
    )
