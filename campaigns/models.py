from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from core.choices import CONTENT_LANGUAGE_CODES, CONTENT_LANGUAGES, DEFAULT_CONTENT_LANGUAGE
from core.images import PHOTO_WIDTHS, CoverImageField
from core.models import Hideable
from members.models import DELETED_EMAIL_DOMAIN, Cause, User

# --- Translated campaign text -------------------------------------------------------------------
# We keep explicit per-language columns (title_es, title_pt ...) plus a small accessor rather than
# django-modeltranslation: it is not installed, it patches models at import time (surprising for the
# events engineer who reads `Campaign.title`), and three languages are a fixed, small set. The base
# column (`title`) holds the text in the campaign's original language; `<field>_<lang>` columns hold
# optional translations. `localized(obj, "title")` returns the visitor's language, falling back to
# the original.
# These are languages of content (and column suffixes), not the site's locales: Portuguese is
# `pt` here whichever variant the interface uses (settings.LANGUAGES has `pt-br`).
# The same languages as every other content's (core.choices.CONTENT_LANGUAGES).
TRANSLATED_LANGUAGES = tuple(CONTENT_LANGUAGE_CODES)
TRANSLATED_LANGUAGE_CHOICES = CONTENT_LANGUAGES


def localized(obj, field: str, language: str | None = None) -> str:

    language = (language or get_language() or "en").split("-")[0]
    if language in TRANSLATED_LANGUAGES:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)


class LocalizedTextMixin:
    def localized(self, field: str, language: str | None = None) -> str:
        return localized(self, field, language)


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LIVE = "live", _("Live")
    ENDED = "ended", _("Ended")


class CampaignQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=CampaignStatus.DRAFT)


class Campaign(LocalizedTextMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    tagline = models.CharField(_("tagline"), max_length=240, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown is supported.")
    )
    COVER_FIELD = "hero_image"
    hero_image = CoverImageField(_("cover picture"), upload_to="campaigns/%Y/%m/", blank=True)
    hero_image_alt = models.CharField(
        _("picture description"),
        max_length=200,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=TRANSLATED_LANGUAGE_CHOICES, default="en"
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=200, blank=True)
    tagline_en = models.CharField(_("tagline (English)"), max_length=240, blank=True)
    tagline_es = models.CharField(_("tagline (Spanish)"), max_length=240, blank=True)
    tagline_pt = models.CharField(_("tagline (Portuguese)"), max_length=240, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_pt = models.TextField(_("description (Portuguese)"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="campaigns.CampaignMember", related_name="campaigns"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Shown to visitors (CampaignQuerySet.public): anything but a draft."""
        return self.status != CampaignStatus.DRAFT

    @property
    def display_title(self):
        return self.localized("title")

    @property
    def display_tagline(self):
        return self.localized("tagline")

    @property
    def display_description(self):
        return self.localized("description")


class CampaignRole(models.TextChoices):
    SUPPORTER = "supporter", _("Supporter")
    MENTOR = "mentor", _("Mentor")
    AMBASSADOR = "ambassador", _("Ambassador")


class CampaignMember(models.Model):
    """A member who joined a campaign. The ambassador role is only ever set by staff approval."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_memberships"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=CampaignRole.choices, default=CampaignRole.SUPPORTER
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign member")
        verbose_name_plural = _("campaign members")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="campaign_member_unique")
        ]

    def __str__(self):
        return f"{self.user} in {self.campaign} ({self.role})"


class FellowQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Fellow(models.Model):
    """A curated social entrepreneur. Exists before the person has an account; linked on invitation."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    COVER_FIELD = "photo"  # shared as the page's picture (core.templatetags.share)
    # Checked, re-encoded as WebP and kept in a few widths, like covers: served with srcset.
    photo = CoverImageField(_("photo"), upload_to="fellows/%Y/%m/", blank=True, widths=PHOTO_WIDTHS)
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    country = CountryField(_("country"), blank=True)
    bio = models.TextField(_("bio"), blank=True, help_text=_("Markdown is supported."))
    year_elected = models.PositiveSmallIntegerField(_("year elected"), null=True, blank=True)
    fellowship = models.CharField(
        _("fellowship"), max_length=120, blank=True, help_text=_("For example: Ashoka")
    )
    causes = TaggableManager(
        verbose_name=_("causes"),
        through="campaigns.FellowCause",
        related_name="fellows",
        blank=True,
    )
    ventures = models.ManyToManyField(
        "organizations.Venture", verbose_name=_("ventures led"), related_name="fellows", blank=True
    )
    is_published = models.BooleanField(_("published"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fellow",
    )
    invited_email = models.EmailField(_("invited email"), blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FellowQuerySet.as_manager()

    class Meta:
        verbose_name = _("fellow")
        verbose_name_plural = _("fellows")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:fellow", kwargs={"slug": self.slug})


class FellowCause(TaggedItemBase):
    content_object = models.ForeignKey(Fellow, on_delete=models.CASCADE, related_name="cause_items")
    tag = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="fellow_items")

    class Meta:
        unique_together = [("content_object", "tag")]


class FeaturedFellow(LocalizedTextMixin, models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="featured")
    fellow = models.ForeignKey(Fellow, on_delete=models.CASCADE, related_name="featured_in")
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    blurb = models.CharField(_("blurb"), max_length=400, blank=True)
    blurb_en = models.CharField(_("blurb (English)"), max_length=400, blank=True)
    blurb_es = models.CharField(_("blurb (Spanish)"), max_length=400, blank=True)
    blurb_pt = models.CharField(_("blurb (Portuguese)"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("featured fellow")
        verbose_name_plural = _("featured fellows")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "fellow"], name="featured_fellow_unique")
        ]

    def __str__(self):
        return f"{self.fellow} in {self.campaign}"

    @property
    def display_blurb(self):
        return self.localized("blurb")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class AmbassadorApplication(models.Model):
    """A member asking to be a campaign's ambassador; staff approve or decline in the admin."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ambassador_applications"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="ambassador_applications"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    message = models.TextField(_("why I want to be an ambassador"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("staff note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ambassador application")
        verbose_name_plural = _("ambassador applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "campaign"], name="ambassador_application_unique"
            )
        ]

    def __str__(self):
        return f"{self.member} → {self.campaign} ({self.status})"


def _author_suspended():
    """Stories of a deactivated (suspended) author are hidden until the suspension is lifted;
    those of deleted accounts stay, signed "deleted member"."""
    return models.Exists(
        User.objects.filter(pk=models.OuterRef("author_id"), is_active=False).exclude(
            email__endswith=DELETED_EMAIL_DOMAIN
        )
    )


class StoryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False, published_at__isnull=False).exclude(_author_suspended())

    def visible_to(self, user):
        """Everyone sees published, unhidden stories of authors not suspended; authors also see
        their own hidden ones."""
        visible = models.Q(is_hidden=False, published_at__isnull=False) & ~_author_suspended()
        if user is not None and user.is_authenticated:
            visible |= models.Q(author=user)
        return self.filter(visible)


class Story(Hideable):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="stories",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("story"), help_text=_("Markdown is supported."))
    language = models.CharField(
        _("written in"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default=DEFAULT_CONTENT_LANGUAGE,
        help_text=_("The language this text is written in."),
    )
    COVER_FIELD = "image"
    image = CoverImageField(_("cover picture"), upload_to="stories/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("picture description"),
        max_length=200,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:story", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        """Published and not hidden by staff (StoryQuerySet.visible also leaves out suspended
        authors' stories, whose pages visitors never reach)."""
        return self.published_at is not None and not self.is_hidden
