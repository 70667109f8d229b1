"""Notifications: one row per recipient is the source of truth; email is a delivery of that row."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

_UNRESOLVED = object()


def site_path(url: str) -> str:
    """`url` as a path on this site ('' for another site's address): links in the inbox stay
    on the site, and the emails put SITE_URL in front."""
    site = settings.SITE_URL.rstrip("/")
    if url.startswith(site + "/"):
        url = url[len(site) :]
    if url.startswith("/") and not url.startswith("//"):
        return url
    return ""


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_inbox(self, user):
        return (
            self.filter(recipient=user)
            .select_related("actor__profile", "target_content_type")
            .order_by("-created_at", "-id")
        )


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # Someone with no account yet (an invitation): emailed at this address, in this language.
    # (Database defaults: the set-based inserts of notify_many leave them out.)
    email = models.EmailField(_("email address"), blank=True, db_default="")
    language = models.CharField(_("language"), max_length=8, blank=True, db_default="")
    kind = models.CharField(_("kind"), max_length=100)
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_object_id = models.CharField(max_length=64, blank=True, default="")
    target = GenericForeignKey("target_content_type", "target_object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Delivery state: `email_frequency` is decided at creation from the recipient's preference,
    # so the sweeper and the digests know which pipeline owns the row.
    email_frequency = models.CharField(max_length=16, choices=Frequency.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # After a transient failure (server down, 4xx) the next attempt waits until then.
    email_retry_at = models.DateTimeField(null=True, blank=True)
    # Given up: a permanent refusal (5xx, refused or invalid address) or too many attempts.
    # The sweeper and the digests leave these rows; an admin may retry them.
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    failure = models.CharField(_("failure"), max_length=300, blank=True, db_default="")
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "members_notification"  # kept from before the move out of members
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_inbox_idx"),
            models.Index(
                fields=["recipient"],
                name="notif_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            # The sweeper and the digests only ever look at rows not emailed yet.
            models.Index(
                fields=["email_frequency", "created_at"],
                name="notif_unsent_idx",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                name="notif_unique_dedupe",
                condition=models.Q(dedupe_key__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email=""),
                name="notif_has_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id or self.email}"

    @property
    def is_read(self):
        return self.read_at is not None

    def get_target_url(self, target=_UNRESOLVED):
        """Where this notification leads, as a path on this site: the `url` in its data (stored
        absolute for the emails, or as a path), else its target's page, else its kind's page.
        '' only for a kind that leads nowhere. `target` saves the lookup when already fetched."""
        from notifications.kinds import get_kind  # noqa: PLC0415 - kinds import this module

        path = site_path((self.data or {}).get("url") or "")
        if path:
            return path
        if target is _UNRESOLVED:
            target = self.target if self.target_content_type_id else None
        if target is not None and hasattr(target, "get_absolute_url"):
            return target.get_absolute_url()
        url_name = get_kind(self.kind).link_url_name
        return reverse(url_name) if url_name else ""


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=100)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "members_notificationpreference"  # kept from before the move out of members
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_unique_user_kind")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}={self.frequency}"
