import django_filters
from django.contrib.postgres.search import SearchRank
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from diaspora.widgets import FastSelect, country_choices
from members.choices import SPOKEN_LANGUAGES, HelpKind
from members.models import Profile
from members.search import prefix_search_query


class ProfileFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    origin = django_filters.ChoiceFilter(
        label=_("Country of origin"),
        field_name="country_of_origin",
        choices=country_choices,
        widget=FastSelect,
    )
    residence = django_filters.ChoiceFilter(
        label=_("Country of residence"),
        field_name="country_of_residence",
        choices=country_choices,
        widget=FastSelect,
    )
    skill = django_filters.CharFilter(label=_("Skill"), method="filter_skill")
    help = django_filters.ChoiceFilter(
        label=_("Way to help"), choices=HelpKind.choices, method="filter_help", widget=FastSelect
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=SPOKEN_LANGUAGES, method="filter_language", widget=FastSelect
    )

    class Meta:
        model = Profile
        fields = []

    def search(self, queryset, name, value):
        query = prefix_search_query(value)
        if query is None:
            return queryset
        self.searching = True
        return queryset.filter(search_vector=query).annotate(
            # F(): a bare field name would make Django re-parse the stored vector as text
            # (to_tsvector(search_vector::text)), which drops the weights and costs ~50 µs a row.
            rank=SearchRank(F("search_vector"), query)
        )

    def filter_skill(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(skill_items__tag__name__iexact=value)

    def filter_help(self, queryset, name, value):
        return queryset.filter(ways_to_help__contains=[value])

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])
