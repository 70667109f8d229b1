"""Events: gatherings posted by an organization or a campaign, with registrations and a waitlist."""

import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.choices import SPOKEN_LANGUAGES, language_name
from core.images import CoverImageField
from core.models import Hideable
from core.zones import zone_city

JOIN_LINK_OPENS_BEFORE = timedelta(hours=1)


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def visible(self):
        """Not hidden by staff (moderation), nor organized by an organization staff hid."""
        return self.filter(is_hidden=False).filter(
            Q(organization__isnull=True) | Q(organization__is_hidden=False)
        )

    def upcoming(self):
        """The public list: published, visible, not over."""
        return (
            self.published()
            .visible()
            .filter(ends_at__gte=timezone.now())
            .order_by("starts_at", "id")
        )

    def with_going_count(self):
        """Each event's `going_count` (seats taken), counted in the same query."""
        going = (
            Registration.objects.filter(event=models.OuterRef("pk"), state=RegistrationState.GOING)
            .order_by()
            .values("event")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(going_count=Coalesce(models.Subquery(going), 0))

    def past(self):
        return (
            self.published()
            .visible()
            .filter(ends_at__lt=timezone.now())
            .order_by("-starts_at", "-id")
        )


class Event(Hideable):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown is supported.")
    )
    cover = CoverImageField(_("cover picture"), upload_to="events/%Y/%m/", blank=True)
    cover_alt = models.CharField(
        _("picture description"),
        max_length=200,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organizing organization"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organizing campaign"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.ONLINE
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("organizer's time zone"), max_length=64, default="UTC")
    language = models.CharField(_("language"), max_length=8, choices=SPOKEN_LANGUAGES, default="es")
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    join_url = models.URLField(_("join link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for unlimited seats.")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    cancel_message = models.TextField(_("cancellation message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        db_table = "campaigns_event"  # kept from before the move out of campaigns
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False, campaign__isnull=True))
                | (Q(organization__isnull=True, campaign__isnull=False)),
                name="event_exactly_one_organizer",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start_idx"),
            models.Index(fields=["status", "ends_at"], name="event_status_end_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk})

    def get_language_display(self):
        # Replaces Django's, which translates every language's name on each call.
        return language_name(self.language)

    @property
    def seats_left(self):
        """Free seats, from a list's `going_count` annotation; None when unlimited or unknown."""
        going = getattr(self, "going_count", None)
        if self.capacity is None or going is None:
            return None
        return max(self.capacity - going, 0)

    @property
    def organizer(self):
        return self.organization or self.campaign

    def moderation_authors(self):
        """Who answers for it to the moderators (told when staff hide it; offered no report of
        it): the organizing organization's admins and editors, else whoever posted it."""
        if self.organization_id:
            return self.organization.moderation_authors()
        creator = self.created_by if self.created_by_id else None
        return [creator] if creator is not None and creator.is_active else []

    @property
    def hidden_from_public(self) -> bool:
        return self.is_hidden or bool(self.organization and self.organization.is_hidden)

    @property
    def is_public(self) -> bool:
        """Shown to visitors (and so shareable, in the sitemap): published and not hidden."""
        return self.status == EventStatus.PUBLISHED and not self.hidden_from_public

    @property
    def organizer_name(self):
        organizer = self.organizer
        return getattr(organizer, "name", None) or getattr(organizer, "title", "")

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def zone_city(self):
        """'America/Bogota' -> 'Bogotá': the short label shown beside the organizer's time."""
        return zone_city(self.time_zone)

    @property
    def has_place(self):
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def has_join_link(self):
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    def join_link_open(self, now=None):
        now = now or timezone.now()
        return now >= self.starts_at - JOIN_LINK_OPENS_BEFORE and now <= self.ends_at

    def registration_open(self, now=None):
        now = now or timezone.now()
        if self.status != EventStatus.PUBLISHED or now > self.ends_at:
            return False
        return self.registration_deadline is None or now <= self.registration_deadline

    @property
    def location_text(self):
        return ", ".join(str(part) for part in (self.venue, self.city, self.country.name) if part)


class RegistrationState(models.TextChoices):
    GOING = "going", _("Going")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    state = models.CharField(_("state"), max_length=12, choices=RegistrationState.choices)
    position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    # Claimed with a conditional UPDATE, so a reminder goes out once even if beat runs twice.
    reminded_24h_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_1h_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "campaigns_registration"  # kept from before the move out of campaigns
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_unique_event_user")
        ]
        indexes = [
            models.Index(fields=["event", "state", "position"], name="registration_state_idx"),
            models.Index(fields=["user", "state"], name="registration_user_state_idx"),
        ]

    def __str__(self):
        return f"{self.user} → {self.event} ({self.state})"


def new_calendar_token():
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a member's personal calendar feed URL; resetting it revokes old subscriptions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "campaigns_calendartoken"  # kept from before the move out of campaigns

    def __str__(self):
        return f"calendar token of {self.user_id}"

    def reset(self):
        self.token = new_calendar_token()
        self.save(update_fields=["token", "created_at"])


class OrganizationFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_follows"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "campaigns_organizationfollow"  # kept from before the move out of campaigns
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="organization_follow_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.organization_id}"
