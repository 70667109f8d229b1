import secrets
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from core.choices import (
    CONTENT_LANGUAGES,
    DEFAULT_CONTENT_LANGUAGE,
    SPOKEN_LANGUAGES,
    TIME_ZONE_CHOICES,
    HelpKind,
    Visibility,
    language_name,
)
from core.models import Hideable
from core.permissions import has_staff_powers
from core.search import SEARCH_CONFIG
from members.session_backends.db import SessionStore


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


DELETED_EMAIL_DOMAIN = "@deleted.invalid"


def new_handle() -> str:
    """A random handle. Never derived from the email (private) nor the display name (a hidden
    profile's name would show in every link to the member's stories)."""
    return f"member-{secrets.token_hex(5)}"


@lru_cache(maxsize=8)
def _profile_path_around(script_prefix: str) -> tuple[str, str]:
    """What comes before and after the handle in a profile's path: reverse() once, not once per
    card of a listing (0.06 ms each). Handles are slugs, which a URL carries as they are."""
    placeholder = "handle-placeholder"
    before, after = reverse("members:profile", kwargs={"handle": placeholder}).split(placeholder)
    return before, after


class User(AbstractBaseUser, PermissionsMixin):
    """An account. Signs in by email; everything shown to others lives on the Profile.

    Time zone and language sit here rather than on Profile because the middleware reads them on
    every request and the session already loads this row.
    """

    email = models.EmailField(_("email address"), unique=True)
    handle = models.SlugField(
        _("handle"),
        max_length=40,
        unique=True,
        help_text=_("Your address on the site: /members/<handle>/"),
    )
    # Blank until chosen: the middleware then uses (and remembers) the browser's zone.
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, blank=True, default=""
    )
    # Blank until chosen (the language switch, the profile form, sign-up): the middleware then
    # uses (and remembers) the language the browser asks for, as it does the zone.
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    accepted_code_of_conduct_at = models.DateTimeField(
        _("accepted the code of conduct at"), null=True, blank=True
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [
            # The few deactivated accounts: listings exclude them with an anti-join on this small
            # index instead of joining every candidate row to the users table.
            models.Index(fields=["id"], condition=models.Q(is_active=False), name="user_inactive"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        if not self.handle:
            self.handle = new_handle()
            while User.objects.filter(handle=self.handle).exists():
                self.handle = new_handle()
        super().save(*args, **kwargs)

    @property
    def is_deleted(self) -> bool:
        """Closed by members.privacy.delete_account: anonymised, never reopened."""
        return not self.is_active and self.email.endswith(DELETED_EMAIL_DOMAIN)

    def get_full_name(self):
        if self.is_deleted:
            return gettext("deleted member")
        profile = getattr(self, "profile", None)
        return profile.display_name if profile and profile.display_name else self.handle

    def get_short_name(self):
        return self.get_full_name()


def skill_name_vector():
    """A skill name's words, accents and case folded: what the directory's skill filter matches
    by word prefix ("trad" finds "Traducción"), and what `skill_name_search` indexes."""
    return SearchVector("name", config=SEARCH_CONFIG)


class Skill(TagBase):
    """A skill, shared by profiles and needs so matching can join on it."""

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        indexes = [GinIndex(skill_name_vector(), name="skill_name_search")]


class Cause(TagBase):
    """A cause (health, education, migration...), shared by profiles, organizations, ventures."""

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")


def listed_people(viewer, *, user: str = "user__", profile: str | None = None) -> models.Q:
    """The one rule for "people `viewer` may see listed" (directory, teams, ambassadors,
    suggestions, bylines, counts of people), as a filter on any model reaching a member.

    Never deactivated (suspended, deleted) accounts. Staff with staff powers see every other
    profile. Visitors see public profiles staff did not hide; members also see members-only
    ones, except across a block in either direction (blocks hide each from the other).

    `user` is the lookup path from the queried model to the User ("" when querying users),
    `profile` the path to the Profile (by default through the user; "" when querying profiles).
    """
    if profile is None:
        profile = f"{user}profile__"
    # An anti-join on the small index of deactivated accounts, rather than joining every row to
    # the users table (trimmed to the foreign key column: `user__id` is read as `user_id`).
    rule = ~models.Exists(User.objects.filter(pk=models.OuterRef(f"{user}id"), is_active=False))
    if has_staff_powers(viewer):
        return rule
    rule &= models.Q(**{f"{profile}is_hidden": False})
    if viewer is None or not viewer.is_authenticated:
        return rule & models.Q(**{f"{profile}visibility": Visibility.PUBLIC})
    rule &= models.Q(**{f"{profile}visibility": Visibility.PUBLIC}) | models.Q(
        **{f"{profile}visibility": Visibility.MEMBERS}
    )
    return (
        rule
        & ~models.Q(**{f"{user}id__in": Block.objects.filter(blocked=viewer).values("blocker_id")})
        & ~models.Q(**{f"{user}id__in": Block.objects.filter(blocker=viewer).values("blocked_id")})
    )


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Profiles `user` may see listed (members.models.listed_people). The owner sees their
        own profile on its page whatever it is (members.permissions.can_view_profile)."""
        return self.filter(listed_people(user, user="user__", profile=""))


# Profiles that may appear in listings. Written as OR of equalities, not IN: PostgreSQL proves
# `visibility = 'public'` implies this predicate (so the partial indexes apply), but not for an
# IN list coerced from varchar to text.
LISTED = models.Q(visibility=Visibility.PUBLIC) | models.Q(visibility=Visibility.MEMBERS)


# Lazy labels, translated when shown; built once rather than for every card of a directory page.
_HELP_LABELS = dict(HelpKind.choices)


class Profile(Hideable):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True
    )
    display_name = models.CharField(_("display name"), max_length=120)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    bio = models.TextField(_("about you"), blank=True, help_text=_("Markdown is supported."))
    bio_language = models.CharField(
        _("about you written in"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default=DEFAULT_CONTENT_LANGUAGE,
    )
    country_of_origin = CountryField(_("country of origin"), blank=True)
    country_of_residence = CountryField(_("country of residence"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    languages = ArrayField(
        models.CharField(max_length=2, choices=SPOKEN_LANGUAGES),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
    )
    skills = TaggableManager(
        verbose_name=_("skills"),
        through="members.ProfileSkill",
        related_name="profiles",
        blank=True,
    )
    causes = TaggableManager(
        verbose_name=_("causes"),
        through="members.ProfileCause",
        related_name="profiles",
        blank=True,
    )
    ways_to_help = ArrayField(
        models.CharField(max_length=20, choices=HelpKind.choices),
        verbose_name=_("ways I can help"),
        default=list,
        blank=True,
    )
    hours_per_month = models.PositiveSmallIntegerField(_("hours per month available"), default=0)
    is_changemaker = models.BooleanField(_("I identify as a changemaker"), default=False)
    wants_to_be_ambassador = models.BooleanField(
        _("I would like to be an ambassador"), default=False
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)
    links = ArrayField(
        models.URLField(max_length=300), verbose_name=_("links"), default=list, blank=True, size=5
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    allow_matching = models.BooleanField(
        _("match me with needs"), default=True, help_text=_("Suggest needs that fit my skills.")
    )
    allow_suggestions = models.BooleanField(
        _("suggest me to teams"),
        default=True,
        help_text=_("Let venture teams see me among suggested members for their needs."),
    )
    # Off until the member ticks it: ventures helped, hours and thanks are theirs to show.
    show_contributions = models.BooleanField(
        _("show my contributions"),
        default=False,
        help_text=_("Show on my profile the ventures I helped, hours given and thanks received."),
    )
    # Denormalised text of the skill tags, so the search vector needs no join.
    skills_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [
            GinIndex(fields=["search_vector"], name="profile_search_gin"),
            # Listed profiles by country, newest first: the directory walks these in order and
            # stops once it has a page (or its search candidates), instead of sorting a country.
            models.Index(
                fields=["country_of_origin", "-user_id"],
                condition=LISTED,
                name="profile_listed_origin",
            ),
            models.Index(
                fields=["country_of_residence", "-user_id"],
                condition=LISTED,
                name="profile_listed_residence",
            ),
            # A directory search in a country of residence (the usual one): both conditions in
            # one GIN scan (btree_gin), over listable profiles only, instead of intersecting a
            # country's btree entries (tens of thousands) with the search's.
            GinIndex(
                fields=["country_of_residence", "search_vector"],
                condition=LISTED & models.Q(is_hidden=False),
                name="profile_listed_res_search",
            ),
            GinIndex(fields=["languages"], name="profile_languages_gin"),
            GinIndex(fields=["ways_to_help"], name="profile_ways_gin"),
        ]

    def __str__(self):
        return self.display_name or str(self.user_id)

    def get_absolute_url(self):
        before, after = _profile_path_around(get_script_prefix())
        return f"{before}{self.user.handle}{after}"

    @property
    def language_labels(self) -> list[str]:
        return [language_name(code) for code in self.languages]

    @property
    def help_labels(self) -> list[str]:
        return [str(_HELP_LABELS.get(code, code)) for code in self.ways_to_help]

    @property
    def is_complete(self) -> bool:
        return bool(
            self.display_name
            and self.country_of_origin
            and self.country_of_residence
            and self.languages
            and self.ways_to_help
        )


class ProfileSkill(TaggedItemBase):
    content_object = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="skill_items"
    )
    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="profile_items")

    class Meta:
        unique_together = [("content_object", "tag")]


class ProfileCause(TaggedItemBase):
    content_object = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="cause_items"
    )
    tag = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="profile_items")

    class Meta:
        unique_together = [("content_object", "tag")]


class Block(models.Model):
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"


class MemberSession(AbstractBaseSession):
    """Django's session row plus the id of the member signed in to it.

    The session stores (members.session_backends) write `user_id` on every save, so ending one
    member's sessions (suspension, account deletion) reads that member's rows by index instead of
    decoding every session in the database. Written on save rather than on the login signal so a
    key cycled without a login (a password change) is still found. No foreign key: a session may
    outlive its row's member for a moment, and clearsessions removes it with the rest.
    """

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):

        return SessionStore
