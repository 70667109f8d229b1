"""The Match: a scored, explained pairing of an open need and a member (see organizations.matching)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Match"]


class MatchQuerySet(models.QuerySet):
    def best_first(self):
        return self.order_by("-score", "-updated_at")


class Match(models.Model):
    """Written only by organizations.matching (set-based SQL); read by selectors and views.

    `reasons` keeps the components of the score as data (shared skills, languages, countries...) so
    the explanation is rendered in the reader's language, never stored as English text.
    """

    need = models.ForeignKey("organizations.Need", on_delete=models.CASCADE, related_name="matches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    # Whether that notification went out as an immediate email (counted against the weekly cap,
    # settings.MATCH_EMAILS_PER_WEEK) rather than into the digest.
    notified_immediately = models.BooleanField(default=False)
    # When the need's team invited this member to offer help (at most once per match).
    invited_at = models.DateTimeField(null=True, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [models.UniqueConstraint(fields=["need", "user"], name="match_need_user")]
        indexes = [
            # "Needs for you": a member's best matches.
            models.Index(fields=["user", "-score"], name="match_user_score"),
            # "Suggested members": a need's best members (also the per-need cap in matching).
            models.Index(fields=["need", "-score"], name="match_need_score"),
            # The weekly cap: a member's immediate match emails of the last seven days.
            models.Index(
                fields=["user", "notified_at"],
                name="match_user_emailed",
                condition=models.Q(notified_immediately=True),
            ),
        ]

    def __str__(self):
        return f"{self.user_id} ↔ {self.need_id} ({self.score})"
