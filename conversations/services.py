"""Writes for conversations: one transaction each; notifications after commit."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from conversations import notifications, permissions, poll, ratelimit, selectors, unread
from conversations.models import (
    AttendeeMessage,
    Audience,
    ConnectionRequest,
    Conversation,
    ConversationKind,
    Message,
    Participant,
    RequestState,
    pair_key,
)
from core.content_cache import forget_member
from core.dispatch import enqueue
from events.models import RegistrationState
from members.blocking import blocked_user_ids, is_blocked_between
from members.models import User

REQUESTS_PER_DAY = 20
MESSAGES_PER_DAY = 200
ATTENDEE_MESSAGES_PER_DAY = 10


class ConversationError(Exception):
    """A rule refused the change; the view shows a clear message."""


class RateLimited(ConversationError):
    pass


def _after_commit(function, *args, **kwargs):
    transaction.on_commit(lambda: function(*args, **kwargs))


# --- Opening conversations ------------------------------------------------------------------------
def _add_members(conversation, *members):
    """Each (user, is_team) a participant, in one insert; one already there is left as it is
    (as get_or_create would, without a lookup per member)."""
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=user, is_team=is_team)
            for user, is_team in members
        ],
        ignore_conflicts=True,
    )


def _seed(conversation, *, author, body, at=None):
    """The words that led to the conversation (the request, the offer) become its first message."""
    body = (body or "").strip()
    if not body or author is None:
        return None
    at = at or timezone.now()
    message = Message.objects.create(
        conversation=conversation, author=author, body=body, created_at=at
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=at)
    conversation.last_message_at = at
    poll.raise_stamp(conversation_id=conversation.pk, moment=at)
    return message


def open_direct_conversation(*, first, second, opening_author=None, opening_text=""):
    """The one conversation between two members, created or reopened. Refused across a block."""
    if is_blocked_between(first, second):
        raise ConversationError("blocked")
    with transaction.atomic():
        conversation, created = Conversation.objects.get_or_create(
            pair_key=pair_key(first.pk, second.pk), defaults={"kind": ConversationKind.DIRECT}
        )
        if not created and conversation.closed_at is not None:
            conversation.closed_at = None
            conversation.save(update_fields=["closed_at"])
        _add_members(conversation, (first, False), (second, False))
        _seed(conversation, author=opening_author, body=opening_text)
        unread.forget(conversation_ids=[conversation.pk])
    return conversation


def open_offer_conversation(*, offer):
    """An accepted offer: the need's team and its helper, seeded with the offer and the reply."""
    need = offer.need
    with transaction.atomic():
        conversation, created = Conversation.objects.get_or_create(
            offer=offer,
            defaults={"kind": ConversationKind.TEAM, "need": need, "venture": need.venture},
        )
        members = [(offer.member, False)]
        if offer.answered_by_id:
            members.append((offer.answered_by, True))
        _add_members(conversation, *members)
        if created:
            _seed(conversation, author=offer.member, body=offer.message, at=offer.created_at)
            _seed(conversation, author=offer.answered_by, body=offer.reply, at=offer.answered_at)
        unread.forget(conversation_ids=[conversation.pk])
    return conversation


def close_conversations_between(first_id, second_id) -> int:
    """Blocking closes every conversation the two share: theirs, and team conversations where
    both have taken part."""
    shared = Participant.objects.filter(user_id=first_id).values("conversation_id")
    both = Participant.objects.filter(user_id=second_id, conversation_id__in=shared).values(
        "conversation_id"
    )
    with transaction.atomic():
        closing = list(
            Conversation.objects.filter(
                Q(pk__in=both) | Q(pair_key=pair_key(first_id, second_id)), closed_at=None
            ).values_list("pk", flat=True)
        )
        closed = Conversation.objects.filter(pk__in=closing).update(closed_at=timezone.now())
        unread.forget(conversation_ids=closing)
    return closed


def decline_requests_between(first_id, second_id) -> int:
    """Blocking answers every pending request to talk between the two: declined, so it is no
    longer listed or counted as waiting for the recipient (can_answer_request refuses it now)."""
    pending = ConnectionRequest.objects.filter(
        Q(sender_id=first_id, recipient_id=second_id)
        | Q(sender_id=second_id, recipient_id=first_id),
        state=RequestState.PENDING,
    )
    with transaction.atomic():
        recipients = list(pending.values_list("recipient_id", flat=True))
        declined = pending.update(state=RequestState.DECLINED, decided_at=timezone.now())
    forget_member(*recipients)  # .update() sends no signal: their homes count requests
    return declined


# --- Connection requests --------------------------------------------------------------------------
def request_connection(*, sender, recipient, message) -> ConnectionRequest:
    if not permissions.can_contact(sender, recipient):
        raise ConversationError("not found")
    existing = selectors.direct_conversation_between(sender, recipient)
    if existing is not None and not existing.is_closed:
        raise ConversationError("already connected")
    if ConnectionRequest.objects.filter(
        Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender),
        state=RequestState.PENDING,
    ).exists():
        raise ConversationError("already requested")
    if not ratelimit.hit("connection-request", sender.pk, limit=REQUESTS_PER_DAY):
        raise RateLimited("requests")
    try:
        with transaction.atomic():
            connection_request = ConnectionRequest.objects.create(
                sender=sender, recipient=recipient, message=message.strip()
            )
    except IntegrityError as error:
        raise ConversationError("already requested") from error
    _after_commit(notifications.request_sent, connection_request)
    return connection_request


def answer_request(*, connection_request, accept: bool) -> ConnectionRequest:
    with transaction.atomic():
        connection_request = (
            ConnectionRequest.objects.select_for_update(of=("self",))
            .select_related("sender", "recipient")
            .get(pk=connection_request.pk)
        )
        if not permissions.can_answer_request(connection_request.recipient, connection_request):
            raise ConversationError("already answered")
        connection_request.decided_at = timezone.now()
        if accept:
            conversation = open_direct_conversation(
                first=connection_request.sender,
                second=connection_request.recipient,
                opening_author=connection_request.sender,
                opening_text=connection_request.message,
            )
            connection_request.state = RequestState.ACCEPTED
            connection_request.conversation = conversation
        else:
            connection_request.state = RequestState.DECLINED
        connection_request.save(update_fields=["state", "decided_at", "conversation"])
    if accept:
        _after_commit(notifications.request_accepted, connection_request)
    else:
        _after_commit(notifications.request_declined, connection_request)
    return connection_request


# --- Messages -------------------------------------------------------------------------------------
def mark_read(*, conversation, user, is_team: bool) -> None:
    """Open or polled with new messages: everything up to now is read, and they are here."""
    now = timezone.now()
    # One upsert: a team member's first visit creates their marker.
    Participant.objects.bulk_create(
        [
            Participant(
                conversation=conversation,
                user=user,
                is_team=is_team,
                last_read_at=now,
                last_seen_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["user", "conversation"],
        update_fields=["last_read_at", "last_seen_at"],
    )
    unread.forget(user_ids=[user.pk])


def send_message(*, conversation, author, body) -> Message:
    if not permissions.can_send_message(author, conversation):
        raise ConversationError("closed")
    if not ratelimit.hit("conversation-message", author.pk, limit=MESSAGES_PER_DAY):
        raise RateLimited("messages")
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation, author=author, body=body.strip()
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
        # At once, not on commit: a stamp ahead of the rows only sends a poll to the full view.
        poll.raise_stamp(conversation_id=conversation.pk, moment=message.created_at)
        unread.forget(conversation_ids=[conversation.pk])
        mark_read(
            conversation=conversation,
            user=author,
            is_team=not permissions.is_member_of(author, conversation),
        )
        from conversations import tasks  # noqa: PLC0415 - tasks import services

        enqueue(tasks.notify_new_message, message.pk)
    return message


def edit_message(*, message, editor, body) -> Message:
    if not permissions.can_edit_message(editor, message):
        raise ConversationError("not editable")
    message.body = body.strip()
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "edited_at"])
    return message


def delete_message(*, message, user) -> Message:
    if not permissions.can_delete_message(user, message):
        raise ConversationError("not deletable")
    message.body = ""
    message.deleted_at = timezone.now()
    message.save(update_fields=["body", "deleted_at"])
    return message


PRESENCE_SECONDS = poll.PRESENCE_SECONDS


def notify_recipients(*, message) -> int:
    """Tell the others, once per conversation until they read it, and not while they read it."""
    conversation = message.conversation
    if conversation.is_closed or message.is_deleted:
        return 0
    recipients = selectors.audience_ids(conversation) - {message.author_id}
    markers = {
        row.user_id: row
        for row in Participant.objects.filter(conversation=conversation, user_id__in=recipients)
    }

    # Polled just now (the poll's cheap answer notes it in Redis, not on the marker).
    reading = poll.readers(conversation_id=conversation.pk, user_ids=recipients)

    now = timezone.now()
    sent = 0
    for user in User.objects.filter(pk__in=recipients):
        if user.pk in reading:
            continue
        marker = markers.get(user.pk)
        if marker is not None:
            if (
                marker.last_seen_at
                and (now - marker.last_seen_at).total_seconds() < PRESENCE_SECONDS
            ):
                continue
            if marker.last_read_at and marker.last_read_at >= message.created_at:
                continue
        read_at = marker.last_read_at if marker is not None else None
        stamp = int(read_at.timestamp() * 1_000_000) if read_at else 0
        notifications.new_messages(
            recipient=user, conversation=conversation, author=message.author, read_stamp=stamp
        )
        sent += 1
    return sent


# --- Organizers to attendees ----------------------------------------------------------------------
def write_to_attendees(*, event, sender, audience, subject, body) -> AttendeeMessage:

    if not ratelimit.hit("attendee-message", sender.pk, limit=ATTENDEE_MESSAGES_PER_DAY):
        raise RateLimited("attendee messages")
    states = {
        Audience.GOING: [RegistrationState.GOING],
        Audience.WAITLISTED: [RegistrationState.WAITLISTED],
        Audience.BOTH: [RegistrationState.GOING, RegistrationState.WAITLISTED],
    }[audience]
    recipient_ids = set(
        event.registrations.filter(state__in=states).values_list("user_id", flat=True)
    )
    # Nobody who blocked the organizer (or whom they blocked) hears from them.
    recipient_ids -= blocked_user_ids(sender) | {sender.pk}
    with transaction.atomic():
        attendee_message = AttendeeMessage.objects.create(
            event=event,
            sender=sender,
            audience=audience,
            subject=subject.strip(),
            body=body.strip(),
        )
        count = notifications.attendee_message(attendee_message, recipient_ids=recipient_ids)
        attendee_message.recipient_count = count
        attendee_message.save(update_fields=["recipient_count"])
    return attendee_message
