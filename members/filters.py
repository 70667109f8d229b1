import django_filters
from django import forms
from django.contrib.postgres.search import SearchRank
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.choices import SPOKEN_LANGUAGES, HelpKind
from core.search import prefix_search_query
from core.widgets import FastSelect, country_choices
from members.models import Profile, ProfileSkill, Skill, skill_name_vector

# How many of the newest matches a search ranks (12 pages of 25): measured on a million members,
# 1,000 put the p95 of the search SQL at 70 ms, 300 at 43 ms (README, "Scaling out").
SEARCH_CANDIDATES = 300


class LanguagesIReadMixin(django_filters.FilterSet):
    """A "Languages I read" checkbox for listings of content: only what is written in one of the
    signed-in member's languages (Profile.languages). Visitors, and members who named no language,
    do not get the checkbox. `language_field`: the model's field holding the content's language."""

    language_field = "language"
    in_my_languages = django_filters.BooleanFilter(
        label=_("Languages I read"),
        method="filter_in_my_languages",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.my_languages = member_languages(getattr(self.request, "user", None))
        if not self.my_languages:
            del self.filters["in_my_languages"]

    def filter_in_my_languages(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.language_field}__in": self.my_languages})


def member_languages(user) -> list[str]:
    """The languages a signed-in member reads (their profile's), or none."""
    if user is None or not user.is_authenticated:
        return []
    profile = getattr(user, "profile", None)  # read once per request (the page's header has it)
    return list(profile.languages) if profile is not None else []


class ProfileFilter(django_filters.FilterSet):
    search_limit = None  # set by filter_queryset when searching: how many matches are ranked
    q = django_filters.CharFilter(label=_("Search"), method="search")
    origin = django_filters.ChoiceFilter(
        label=_("Country of origin"),
        field_name="country_of_origin",
        choices=country_choices,
        empty_label=_("Any country"),
        widget=FastSelect,
    )
    residence = django_filters.ChoiceFilter(
        label=_("Country of residence"),
        field_name="country_of_residence",
        choices=country_choices,
        empty_label=_("Any country"),
        widget=FastSelect,
    )
    skill = django_filters.CharFilter(label=_("Skill"), method="filter_skill")
    help = django_filters.ChoiceFilter(
        label=_("Way to help"),
        choices=HelpKind.choices,
        empty_label=_("Any way to help"),
        method="filter_help",
        widget=FastSelect,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=SPOKEN_LANGUAGES,
        empty_label=_("Any language"),
        method="filter_language",
        widget=FastSelect,
    )

    class Meta:
        model = Profile
        fields = []

    def search(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset: the candidates need every filter

    def filter_queryset(self, queryset):
        """Every filter, then the search; newest members first when nothing is searched.

        A search ranks (name above headline and skills above bio) only the newest
        SEARCH_CANDIDATES matches. Ranking every match would visit every matching row: a short
        prefix such as "dat" matches one member in seven, 136,000 rows at a million members.
        The newest matches are found by walking the (country, newest) index and checking each
        row, which stops early for broad terms; narrow terms use the GIN index instead.
        """
        queryset = super().filter_queryset(queryset)
        query = prefix_search_query(self.form.cleaned_data.get("q"))
        self.search_limit = SEARCH_CANDIDATES if query is not None else None
        if query is None:
            return queryset.order_by("-user_id")
        candidates = (
            queryset.filter(search_vector=query)
            .order_by("-user_id")
            .values("user_id")[:SEARCH_CANDIDATES]
        )
        return (
            queryset.filter(user_id__in=candidates)
            # F(): a bare field name would make Django re-parse the stored vector as text
            # (to_tsvector(search_vector::text)), which drops the weights and costs ~50 µs a row.
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-user_id")
        )

    def filter_skill(self, queryset, name, value):
        """Members with a skill whose words start with every word given, accents and case aside:
        "trad" and "traduccion" both find "Traducción". The skills are found first (the GIN
        index skill_name_search), then their members through ProfileSkill's tag index."""
        query = prefix_search_query(value)
        if query is None:
            return queryset
        skills = Skill.objects.annotate(words=skill_name_vector()).filter(words=query)
        members = ProfileSkill.objects.filter(tag__in=skills).values("content_object_id")
        return queryset.filter(user_id__in=members)

    def filter_help(self, queryset, name, value):
        return queryset.filter(ways_to_help__contains=[value])

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])
