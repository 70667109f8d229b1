"""Conversations between members, and between a need's team and its helper.

A conversation opens only with consent: an accepted connection request, an accepted offer of help
or an accepted join request. Email addresses are never shown; people write here instead.

- `Participant`: a person in the conversation, and their read marker (`last_read_at`: messages up
  to then are read) and presence (`last_seen_at`: the page was open or polled then). In a team
  conversation the team's rows are only markers: who may read it is decided by
  `organizations.permissions.can_manage_venture` on the conversation's venture, so a member who
  leaves the team stops seeing it and a new lead sees it at once.
- `Message`: markdown, sanitised when shown; deleted messages keep their row ("message deleted").
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Hideable

MESSAGE_MAX_LENGTH = 5000
REQUEST_MAX_LENGTH = 500
EDIT_WINDOW_SECONDS = 5 * 60


class ConversationKind(models.TextChoices):
    DIRECT = "direct", _("Between two members")
    TEAM = "team", _("A need's team and its helper")


def pair_key(first_id: int, second_id: int) -> str:
    low, high = sorted((int(first_id), int(second_id)))
    return f"{low}:{high}"


class Conversation(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ConversationKind.choices)
    # Direct conversations: one per pair of members, "<lower id>:<higher id>".
    pair_key = models.CharField(max_length=41, null=True, blank=True, unique=True, editable=False)
    # Team conversations: the need (for its title) and the venture whose team takes part.
    need = models.ForeignKey(
        "organizations.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("need"),
    )
    venture = models.ForeignKey(
        "organizations.Venture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venture"),
    )
    offer = models.OneToOneField(
        "organizations.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversation",
        verbose_name=_("offer of help"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    # Compared with the poll's `since` in one query: nothing new answers 204.
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    # Set when one of the two blocks the other (or leaves the platform): nobody writes any more.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["venture"], name="conversation_venture")]

    def __str__(self):
        if self.kind == ConversationKind.TEAM and self.need_id:
            return str(self.need)
        return _("Conversation %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("conversations:detail", kwargs={"pk": self.pk})

    @property
    def is_team(self) -> bool:
        return self.kind == ConversationKind.TEAM

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_markers"
    )
    # A team member's read marker: grants nothing by itself (see the module docstring).
    is_team = models.BooleanField(default=False)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["user", "conversation"], name="participant_once")
        ]

    def __str__(self):
        return f"{self.user_id} in {self.conversation_id}"


class Message(Hideable):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # None once the author deleted their account: shown as "deleted member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversation_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "created_at", "id"], name="message_thread"),
            models.Index(fields=["author"], name="message_author"),
        ]

    def __str__(self):
        text = " ".join(self.body.split())
        return text[:80] + ("…" if len(text) > 80 else "")

    def get_absolute_url(self):
        return f"{self.conversation.get_absolute_url()}#message-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def moderation_review_url(self, report_pk) -> str:
        """Where staff read the conversation around a reported message (audited there)."""
        url = reverse("conversations:detail", kwargs={"pk": self.conversation_id})
        return f"{url}?report={report_pk}#message-{self.pk}"


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ConnectionRequest(models.Model):
    """A member asks another to talk: nothing reaches the recipient but this short text until
    they accept."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connection_requests_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="connection_requests_received",
    )
    message = models.TextField(_("message"), max_length=REQUEST_MAX_LENGTH)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=models.Q(state="pending"),
                name="connection_request_one_pending",
            ),
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")),
                name="connection_request_not_self",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(state="pending"),
                name="connection_request_inbox",
            )
        ]

    def __str__(self):
        return f"{self.sender_id} → {self.recipient_id} ({self.state})"

    def get_absolute_url(self):
        return reverse("conversations:requests")


class Audience(models.TextChoices):
    GOING = "going", _("People going")
    WAITLISTED = "waitlisted", _("People on the waitlist")
    BOTH = "both", _("Both")


class AttendeeMessage(models.Model):
    """What an organizer wrote to the attendees of their event (sent through notifications)."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="attendee_messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    audience = models.CharField(_("to"), max_length=12, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    recipient_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return self.event.get_absolute_url()
