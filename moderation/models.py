"""Reports from members about any content, and the append-only audit log of staff actions.

"Hideable" protocol: a model whose instances staff may hide has the boolean field `is_hidden`
(and optionally `hidden_reason`, a text field). `moderation.hiding` reads and writes only those.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportReason(models.TextChoices):
    RACISM = "racism", _("Racism, xenophobia or hate")
    HARASSMENT = "harassment", _("Harassment or threats")
    SCAM = "scam", _("Scam, fraud or exploitation")
    SPAM = "spam", _("Spam or advertising")
    PRIVACY = "privacy", _("Shares someone's private information")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIONED = "actioned", _("Actioned")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports_made",
        verbose_name=_("reporter"),
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("what happened"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_handled",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.target_type.model} #{self.target_id}"


class AuditAction(models.TextChoices):
    HIDE = "hide", _("Hid content")
    RESTORE = "restore", _("Restored content")
    WARN = "warn", _("Warned a member")
    SUSPEND = "suspend", _("Suspended a member")
    LIFT = "lift", _("Lifted a suspension")
    DISMISS = "dismiss", _("Dismissed a report")
    READ = "read", _("Read a reported conversation")


class AuditLogEntry(models.Model):
    """Append-only: saving an existing entry or deleting one raises PermissionDenied."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff"),
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True)
    target_id = models.PositiveBigIntegerField(null=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")


class Suspension(models.Model):
    """A suspended member cannot sign in (is_active=False), holds no event seat and shows no
    profile or story until staff lift the suspension (moderation.services.lift_suspension)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    reason = models.TextField(_("reason"))
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
