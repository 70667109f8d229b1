"""Community translations: a member who reads both languages translates a need, venture, story,
event or campaign; its team (or staff) reviews it. Until then readers see it marked "not yet
reviewed". Which content can be translated, and who reviews it, is translations.kinds."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import CONTENT_LANGUAGES, SPOKEN_LANGUAGES
from core.models import Hideable


class TranslationStatus(models.TextChoices):
    PENDING = "pending", _("Not yet reviewed")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class TranslationQuerySet(models.QuerySet):
    def shown(self):
        """What readers may get: not hidden by staff, not declined by the team."""
        return self.filter(is_hidden=False).exclude(status=TranslationStatus.DECLINED)

    def of(self, obj):
        # By the content type's natural key (a join) rather than its id: no lookup of it first.
        return self.filter(
            content_type__app_label=obj._meta.app_label,
            content_type__model=obj._meta.model_name,
            object_id=obj.pk,
        )


class Translation(Hideable):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("translated into"), max_length=2, choices=CONTENT_LANGUAGES)
    # The original's language when it was translated (an event may be in any spoken language).
    source_language = models.CharField(_("translated from"), max_length=8, choices=SPOKEN_LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), help_text=_("Markdown is supported."))
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.PENDING,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live translation per content and language: a second translator improves it
            # through the team, not by racing it; a declined one makes room for a new one.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                condition=~Q(status="declined"),
                name="translation_one_per_language",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="translation_target"),
            models.Index(fields=["translator", "-created_at"], name="translation_translator"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The translated content's page, showing this translation."""
        target = self.content_object
        return target.get_absolute_url() if target is not None else "/"

    @property
    def is_reviewed(self) -> bool:
        return self.status == TranslationStatus.APPROVED

    def moderation_authors(self):
        """Who is told when staff hide it: its translator."""
        translator = self.translator
        return [translator] if translator is not None and translator.is_active else []
