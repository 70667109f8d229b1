import django_filters
from django.utils.translation import gettext_lazy as _

from core.choices import SPOKEN_LANGUAGES
from core.search import prefix_search_query
from core.widgets import FastSelect, country_choices
from members.filters import LanguagesIReadMixin
from members.models import Cause, Skill
from organizations.models import Need, NeedCategory, Organization, OrganizationKind


class EitherYesNo(django_filters.widgets.BooleanWidget):
    """true/false in the URL, with words that read well in a filter form."""

    def __init__(self, attrs=None, *, yes, no):
        super().__init__(attrs)
        self.choices = [("", _("Any")), ("true", yes), ("false", no)]


def _search(queryset, name, value):
    query = prefix_search_query(value)
    return queryset.filter(search_vector=query) if query is not None else queryset


class OrganizationFilter(LanguagesIReadMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=OrganizationKind.choices,
        empty_label=_("Any kind"),
        widget=FastSelect,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        empty_label=_("Any country"),
        method="in_country",
        widget=FastSelect,
    )
    cause = django_filters.ModelChoiceFilter(
        label=_("Cause"),
        queryset=Cause.objects.order_by("name"),
        to_field_name="slug",
        field_name="causes",
        empty_label=_("Any cause"),
        widget=FastSelect,
    )
    verified = django_filters.BooleanFilter(
        label=_("Verified"), widget=EitherYesNo(yes=_("Verified only"), no=_("Not verified"))
    )

    class Meta:
        model = Organization
        fields = []

    def search(self, queryset, name, value):
        return _search(queryset, name, value)

    def in_country(self, queryset, name, value):
        # CountryField(multiple=True) stores "CO,VE": two-letter codes never straddle a comma.
        return queryset.filter(countries__contains=value)


class NeedFilter(LanguagesIReadMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=NeedCategory.choices,
        empty_label=_("Any category"),
        widget=FastSelect,
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        field_name="skills",
        empty_label=_("Any skill"),
        widget=FastSelect,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        empty_label=_("Any country"),
        widget=FastSelect,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=SPOKEN_LANGUAGES,
        empty_label=_("Any language"),
        method="speaks",
        widget=FastSelect,
    )
    remote = django_filters.BooleanFilter(
        label=_("Remote or on site"),
        field_name="is_remote",
        widget=EitherYesNo(yes=_("Remote"), no=_("On site")),
    )

    class Meta:
        model = Need
        fields = []

    def search(self, queryset, name, value):
        return _search(queryset, name, value)

    def speaks(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])
