from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from core.choices import (
    CONTENT_LANGUAGES,
    DEFAULT_CONTENT_LANGUAGE,
    SPOKEN_LANGUAGES,
    HelpKind,
    language_name,
)
from core.images import CoverImageField
from core.models import Hideable
from members.models import Cause, Skill


class OrganizationKind(models.TextChoices):
    NONPROFIT = "nonprofit", _("Nonprofit / NGO")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government office")
    DIASPORA_ASSOCIATION = "diaspora_association", _("Diaspora association")
    ACADEMIC = "academic", _("Academic institution")
    INTERNATIONAL = "international", _("International organization")


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    EDITOR = "editor", _("Editor")
    MEMBER = "member", _("Member")


class OrganizationQuerySet(models.QuerySet):
    def visible(self):
        """What the public sees: not hidden by staff (moderation)."""
        return self.filter(is_hidden=False)


class Organization(Hideable):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    countries = CountryField(_("countries where it works"), multiple=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown is supported.")
    )
    language = models.CharField(
        _("written in"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default=DEFAULT_CONTENT_LANGUAGE,
        help_text=_("The language this text is written in."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/%m/", blank=True)
    causes = TaggableManager(
        verbose_name=_("causes"),
        through="organizations.OrganizationCause",
        related_name="organizations",
        blank=True,
    )
    verified = models.BooleanField(_("verified"), default=False, help_text=_("Set by staff only."))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="organizations.Membership", related_name="organizations"
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="organization_search_gin"),
            # The directory's order: walks the first page instead of sorting every organization.
            models.Index(fields=["name", "id"], name="organization_name_id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", kwargs={"slug": self.slug})

    def moderation_authors(self):
        """Who answers for its content to the moderators: its active admins and editors."""
        return self.members.model.objects.filter(
            is_active=True,
            memberships__organization=self,
            memberships__role__in=[Role.ADMIN, Role.EDITOR],
        )


class OrganizationCause(TaggedItemBase):
    content_object = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="cause_items"
    )
    tag = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="organization_items")

    class Meta:
        unique_together = [("content_object", "tag")]


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.role})"


class VentureStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    SCALING = "scaling", _("Scaling")
    ESTABLISHED = "established", _("Established")


class VentureQuerySet(models.QuerySet):
    def visible(self):
        """What the public sees: neither the venture nor its organization hidden by staff."""
        return self.filter(is_hidden=False, organization__is_hidden=False)


class Venture(Hideable):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="ventures"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    problem = models.TextField(_("the problem"), blank=True)
    approach = models.TextField(_("the approach"), blank=True)
    language = models.CharField(
        _("written in"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default=DEFAULT_CONTENT_LANGUAGE,
        help_text=_("The language this text is written in."),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=VentureStage.choices, default=VentureStage.IDEA
    )
    countries = CountryField(_("countries of impact"), multiple=True, blank=True)
    cover = CoverImageField(_("cover picture"), upload_to="ventures/%Y/%m/", blank=True)
    cover_alt = models.CharField(
        _("picture description"),
        max_length=200,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    causes = TaggableManager(
        verbose_name=_("causes"),
        through="organizations.VentureCause",
        related_name="ventures",
        blank=True,
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leads"), related_name="led_ventures", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VentureQuerySet.as_manager()

    class Meta:
        verbose_name = _("venture")
        verbose_name_plural = _("ventures")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:venture", kwargs={"slug": self.slug})

    @property
    def hidden_from_public(self) -> bool:
        return self.is_hidden or self.organization.is_hidden

    def moderation_authors(self):
        return self.organization.moderation_authors()


class VentureCause(TaggedItemBase):
    content_object = models.ForeignKey(
        Venture, on_delete=models.CASCADE, related_name="cause_items"
    )
    tag = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="venture_items")

    class Meta:
        unique_together = [("content_object", "tag")]


class NeedCategory(models.TextChoices):
    TECHNICAL = HelpKind.TECHNICAL.value, HelpKind.TECHNICAL.label
    ADMINISTRATIVE = HelpKind.ADMINISTRATIVE.value, HelpKind.ADMINISTRATIVE.label
    FUNDING = HelpKind.FUNDING.value, HelpKind.FUNDING.label
    MENTORING = HelpKind.MENTORING.value, HelpKind.MENTORING.label
    CONNECTIONS = HelpKind.CONNECTIONS.value, HelpKind.CONNECTIONS.label
    TRAINING = HelpKind.TRAINING.value, HelpKind.TRAINING.label
    VOLUNTEERING = HelpKind.VOLUNTEERING.value, HelpKind.VOLUNTEERING.label
    IN_KIND = "in_kind", _("In-kind")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    CLOSED = "closed", _("Closed")


# Which status a need may move to from each status. Every move goes through
# organizations.services.change_need_status, which records it in NeedStatusChange.
NEED_TRANSITIONS = {
    NeedStatus.DRAFT: {NeedStatus.OPEN, NeedStatus.CLOSED},
    NeedStatus.OPEN: {NeedStatus.IN_PROGRESS, NeedStatus.CLOSED, NeedStatus.DRAFT},
    NeedStatus.IN_PROGRESS: {NeedStatus.FULFILLED, NeedStatus.CLOSED, NeedStatus.OPEN},
    NeedStatus.FULFILLED: set(),
    NeedStatus.CLOSED: {NeedStatus.OPEN},
}


class NeedQuerySet(models.QuerySet):
    def visible(self):
        """What the public may see: neither the need, its venture nor its organization hidden."""
        return self.filter(
            is_hidden=False, venture__is_hidden=False, venture__organization__is_hidden=False
        )

    def current(self):
        """Open and not past its deadline (a need is open through its deadline day). The daily
        task organizations.tasks.close_expired_needs then closes the ones past it."""
        return self.filter(status=NeedStatus.OPEN).filter(
            models.Q(deadline__isnull=True) | models.Q(deadline__gte=timezone.localdate())
        )

    def open(self):
        """The one definition of an open need: the board, "Needs for you" and matching (whose SQL
        embeds this queryset, organizations.matching.open_needs_sql) all read it."""
        return self.visible().current()

    def with_offer_count(self):
        """Each need's `offer_count`: offers still standing (waiting or accepted), in the same
        query."""
        offers = (
            Offer.objects.filter(
                need=models.OuterRef("pk"), state__in=[OfferState.PENDING, OfferState.ACCEPTED]
            )
            .order_by()
            .values("need")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(offer_count=Coalesce(models.Subquery(offers), 0))

    def for_board(self):
        return self.open().select_related("venture__organization").prefetch_related("skills")


class Need(Hideable):
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown is supported."))
    language = models.CharField(
        _("written in"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default=DEFAULT_CONTENT_LANGUAGE,
        help_text=_("The language this text is written in."),
    )
    category = models.CharField(_("category"), max_length=20, choices=NeedCategory.choices)
    skills = TaggableManager(
        verbose_name=_("skills wanted"),
        through="organizations.NeedSkill",
        related_name="needs",
        blank=True,
    )
    languages = ArrayField(
        models.CharField(max_length=2, choices=SPOKEN_LANGUAGES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    is_remote = models.BooleanField(_("remote"), default=True)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    hours_expected = models.PositiveSmallIntegerField(_("hours expected"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The text of its community translations (written by the translations app), so the board's
    # search finds a need in the words of every language it was translated into.
    translations_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="need_search_gin"),
            models.Index(fields=["status", "category"], name="need_status_category"),
            # The needs board's order over open, visible needs: the first page is read off the
            # index (filters are checked as it walks) instead of sorting every open need.
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(status="open", is_hidden=False),
                name="need_board_recent",
            ),
            GinIndex(fields=["languages"], name="need_languages_gin"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("organizations:need", kwargs={"pk": self.pk})

    @property
    def organization(self):
        return self.venture.organization

    @property
    def allowed_next_statuses(self):
        return [status for status in NeedStatus if status in NEED_TRANSITIONS[self.status]]

    @property
    def language_labels(self):
        return [language_name(code) for code in self.languages]

    @property
    def hidden_from_public(self) -> bool:
        return self.is_hidden or self.venture.hidden_from_public

    @property
    def is_public(self) -> bool:
        """Shown to visitors (permissions.can_view_need): not a draft, nothing above it hidden."""
        return self.status != NeedStatus.DRAFT and not self.hidden_from_public

    def moderation_authors(self):
        return self.venture.organization.moderation_authors()

    @property
    def is_past_deadline(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def is_open(self):
        """NeedQuerySet.open() for one need in memory."""
        return (
            self.status == NeedStatus.OPEN
            and not self.is_past_deadline
            and not self.hidden_from_public
        )


class NeedSkill(TaggedItemBase):
    content_object = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="skill_items")
    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="need_items")

    class Meta:
        unique_together = [("content_object", "tag")]


class NeedStatusChange(models.Model):
    """One move of a need's status: the history teams and staff can read back."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=NeedStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=NeedStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("need status change")
        verbose_name_plural = _("need status changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["need", "changed_at"], name="need_status_change_need")]

    def __str__(self):
        return f"{self.need_id}: {self.from_status or '-'} → {self.to_status}"


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An emailed, signed, expiring invitation to join an organization with a role.

    The link carries a signed token (organizations.services.invitation_token), so it works for
    people who have no account yet: they sign up or sign in with the invited address, then open it.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organization} ({self.role})"

    @property
    def is_pending(self):
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )


class JoinRequestState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class JoinRequest(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=JoinRequestState.choices,
        default=JoinRequestState.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(state="pending"),
                name="join_request_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organization} ({self.state})"


class OfferState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Closed without an answer")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OFFER_EXPIRY_DAYS = 14


class OfferQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=OfferState.PENDING)

    def stale(self, now=None):
        now = now or timezone.now()
        return self.pending().filter(created_at__lte=now - timedelta(days=OFFER_EXPIRY_DAYS))

    def for_organization(self, organization):
        return self.filter(need__venture__organization=organization)


class Offer(models.Model):
    """A member's offer to help with a need. Contact emails are shown only once it is accepted."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="offers")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offers"
    )
    message = models.TextField(_("message"), max_length=2000)
    state = models.CharField(
        _("state"), max_length=10, choices=OfferState.choices, default=OfferState.PENDING
    )
    reply = models.TextField(_("reply"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["need", "member"], name="offer_once_per_need")
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="offer_state_created")]

    def __str__(self):
        return f"{self.member} → {self.need} ({self.state})"

    @property
    def is_pending(self):
        return self.state == OfferState.PENDING

    @property
    def is_accepted(self):
        return self.state == OfferState.ACCEPTED

    def age_days(self, now=None):
        return ((now or timezone.now()) - self.created_at).days


class Match(models.Model):
    """Written only by organizations.matching (set-based SQL); read by selectors and views.

    `reasons` keeps the components of the score as data (shared skills, languages, countries...) so
    the explanation is rendered in the reader's language, never stored as English text.
    """

    # No index of their own: the indexes below lead with each (a table of millions of rows, where
    # every index is kept up by each of matching's inserts).
    need = models.ForeignKey(
        "organizations.Need", on_delete=models.CASCADE, related_name="matches", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matches", db_index=False
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


# --- Outcomes: what happened after an offer was accepted -----------------------------------------
class CollaborationState(models.TextChoices):
    GOING = "going", _("Going")
    DONE = "done", _("Done")
    DID_NOT_HAPPEN = "did_not_happen", _("Did not happen")


class CollaborationQuerySet(models.QuerySet):
    def helped(self):
        """Collaborations that took place (going or done): what profiles and impact count."""
        return self.exclude(state=CollaborationState.DID_NOT_HAPPEN)


class Collaboration(models.Model):
    """An accepted offer at work: a helper and a team on a need, from the day it was accepted.
    Written by organizations.services.answer_offer; the team's check-ins decide its state."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="collaboration")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="collaborations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="collaborations"
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collaborations"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=CollaborationState.choices,
        default=CollaborationState.GOING,
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # Hours given so far, as last reported (the helper's word first, else the team's).
    hours = models.PositiveSmallIntegerField(_("hours given"), default=0)
    thanks = models.CharField(_("thank-you note"), max_length=300, blank=True)
    thanked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    thanked_at = models.DateTimeField(_("thanked at"), null=True, blank=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "started_at"], name="collaboration_state_started"),
        ]

    def __str__(self):
        return f"{self.helper_id} ↔ {self.need_id} ({self.state})"

    @property
    def is_going(self):
        return self.state == CollaborationState.GOING


class CheckInSide(models.TextChoices):
    HELPER = "helper", _("Helper")
    TEAM = "team", _("Team")


class CheckInAnswer(models.TextChoices):
    GOING = "going", _("It is going")
    DONE = "done", _("It is done")
    DID_NOT_HAPPEN = "did_not_happen", _("It did not happen")


# Days after a collaboration starts when each side is asked how it went.
CHECK_IN_MILESTONES = (30, 90)
# An unanswered check-in is asked once more this many days later, then left alone.
CHECK_IN_REMINDER_DAYS = 7
# A milestone missed by more than this (the beat was down, a collaboration from before check-ins)
# is skipped rather than asked about long after the fact.
CHECK_IN_LATE_DAYS = 30
CHECK_IN_MAX_HOURS = 2000
CHECK_IN_TEXT_MAX_LENGTH = 300


class CheckInQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(answered_at__isnull=True)


class CheckIn(models.Model):
    """One side's answer at one milestone. The row is written when the question is sent, so the
    unique constraint makes sending idempotent."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="check_ins"
    )
    side = models.CharField(_("side"), max_length=10, choices=CheckInSide.choices)
    milestone = models.PositiveSmallIntegerField(_("days after the start"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=20, choices=CheckInAnswer.choices, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours given"), null=True, blank=True)
    what_changed = models.CharField(
        _("what changed"), max_length=CHECK_IN_TEXT_MAX_LENGTH, blank=True
    )
    share_publicly = models.BooleanField(_("may be shared publicly"), default=False)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["collaboration", "milestone", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "side", "milestone"], name="check_in_once"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__lte=CHECK_IN_MAX_HOURS),
                name="check_in_hours_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["sent_at"],
                condition=models.Q(answered_at__isnull=True, reminded_at__isnull=True),
                name="check_in_to_remind",
            )
        ]

    def __str__(self):
        return f"{self.collaboration_id} {self.side} @ {self.milestone} days"

    def get_absolute_url(self):
        return reverse("organizations:check_in", kwargs={"pk": self.pk})

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def is_shared(self):
        return self.share_publicly and bool(self.what_changed)
