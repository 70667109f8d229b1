"""Every message the conversations feature sends, through the shared notification pipeline
(preferences per kind, digests, unsubscribe). Emails never carry what people wrote to each other:
they say who wrote and link to the conversation."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind
from notifications.services import notify, notify_many

REQUEST = "conversations.request"
REQUEST_ACCEPTED = "conversations.request_accepted"
REQUEST_DECLINED = "conversations.request_declined"
MESSAGE = "conversations.message"
ATTENDEE_MESSAGE = "conversations.attendee_message"

register_kind(
    REQUEST,
    label=_("Someone asks to connect with you"),
    email_template="conversations/email/request",
)
register_kind(
    REQUEST_ACCEPTED,
    label=_("Your request to connect was accepted"),
    email_template="conversations/email/request_accepted",
)
register_kind(
    REQUEST_DECLINED,
    label=_("Your request to connect was not accepted"),
    email_template="conversations/email/request_declined",
)
register_kind(
    MESSAGE,
    label=_("New messages in your conversations"),
    email_template="conversations/email/message",
    description=_("One email per conversation until you read it; none while you are reading it."),
)
register_kind(
    ATTENDEE_MESSAGE,
    label=_("Messages from the organizers of your events"),
    email_template="conversations/email/attendee_message",
)


def request_sent(connection_request):
    notify(
        recipient=connection_request.recipient,
        kind=REQUEST,
        target=connection_request,
        actor=connection_request.sender,
        data={"name": connection_request.sender.get_full_name()},
        dedupe_key=f"connection-request:{connection_request.pk}",
    )


def request_accepted(connection_request):
    notify(
        recipient=connection_request.sender,
        kind=REQUEST_ACCEPTED,
        target=connection_request.conversation,
        actor=connection_request.recipient,
        data={"name": connection_request.recipient.get_full_name()},
        dedupe_key=f"connection-request:{connection_request.pk}:accepted",
    )


def request_declined(connection_request):
    # No actor and no reason: the sender learns only that it will not happen this time.
    notify(
        recipient=connection_request.sender,
        kind=REQUEST_DECLINED,
        target=None,
        # Where to go from here: the directory, to meet someone else.
        data={
            "name": connection_request.recipient.get_full_name(),
            "url": settings.SITE_URL.rstrip("/") + reverse("members:directory"),
        },
        dedupe_key=f"connection-request:{connection_request.pk}:declined",
    )


def new_messages(*, recipient, conversation, author, read_stamp: int):
    """One email per conversation until the recipient reads it: the key holds their read marker,
    so a second message before they read finds the first notification and sends nothing."""
    notify(
        recipient=recipient,
        kind=MESSAGE,
        target=conversation,
        actor=author,
        data={"name": author.get_full_name() if author else ""},
        dedupe_key=f"conversation:{conversation.pk}:read:{read_stamp}",
    )


def attendee_message(attendee_message, *, recipient_ids) -> int:
    return notify_many(
        recipient_ids=recipient_ids,
        kind=ATTENDEE_MESSAGE,
        target=attendee_message,
        actor=attendee_message.sender,
        data={"title": attendee_message.subject, "event": attendee_message.event.title},
        dedupe_key=f"attendee-message:{attendee_message.pk}",
    )
