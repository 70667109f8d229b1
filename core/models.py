"""Abstract models shared by the apps; core itself has no tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Hideable(models.Model):
    """Content the moderators may hide: it leaves every public page and list, and its authors see
    that it is hidden and why. Hiding and restoring go through moderation (audited, authors told),
    reached through `core.admin.HideableAdmin` and the moderation queue."""

    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        abstract = True
