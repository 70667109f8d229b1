import zoneinfo
from datetime import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from core.choices import SPOKEN_LANGUAGES
from core.widgets import DateTimePicker, FastSelect, country_choices
from core.zones import canonical_zone, time_zone_choices
from events.models import Event, EventFormat
from events.services import EDITABLE_FIELDS
from members.filters import LanguagesIReadMixin
from members.forms import LONG_TEXT_MAX_LENGTH, MESSAGE_MAX_LENGTH, LengthLimitsMixin
from organizations.models import Organization

ORGANIZER_QUERY_MAX_LENGTH = 200


class EventForm(LengthLimitsMixin, forms.ModelForm):
    """Start and end are typed as wall-clock times in the organizer's chosen time zone."""

    length_limits = {"description": LONG_TEXT_MAX_LENGTH}

    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimePicker())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimePicker())
    registration_deadline = forms.DateTimeField(
        label=_("Registration deadline"),
        required=False,
        widget=DateTimePicker(),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = Event
        fields = EDITABLE_FIELDS  # what the views hand to event_services

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A stored alias ("America/Buenos_Aires") selects the zone of the list it stands for.
        self.initial["time_zone"] = canonical_zone(
            self.initial.get("time_zone") or self.instance.time_zone or "UTC"
        )
        if self.instance.pk:
            zone = self.instance.zone
            for name in ("starts_at", "ends_at", "registration_deadline"):
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        zone = zoneinfo.ZoneInfo(data.get("time_zone") or "UTC")
        for name in ("starts_at", "ends_at", "registration_deadline"):
            value = data.get(name)
            if isinstance(value, datetime):
                wall_clock = timezone.make_naive(value) if timezone.is_aware(value) else value
                data[name] = wall_clock.replace(tzinfo=zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The event must end after it starts."))
        event_format = data.get("format")
        if event_format in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not data.get("city"):
            self.add_error("city", _("In-person and hybrid events need a city."))
        if event_format in (EventFormat.ONLINE, EventFormat.HYBRID) and not data.get("join_url"):
            self.add_error("join_url", _("Online and hybrid events need a join link."))
        return data


class CancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to attendees"),
        widget=forms.Textarea,
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
    )


class EventFilter(LanguagesIReadMixin, django_filters.FilterSet):
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=EventFormat.choices,
        empty_label=_("Any format"),
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
        widget=FastSelect,
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=Campaign.objects.public(),
        to_field_name="slug",
        empty_label=_("Any campaign"),
        widget=FastSelect,
    )
    # A name typed ("salud" finds Fundación Salud en Ruta's and a campaign's events), or the
    # slug an organization's page links with; thousands of organizers: no <select>.
    organization = django_filters.CharFilter(
        label=_("Organizer"), method="filter_organizer", max_length=ORGANIZER_QUERY_MAX_LENGTH
    )

    class Meta:
        model = Event
        fields = ["format", "country", "language", "campaign", "organization"]

    named_organization = None  # the organization a link named by its slug

    @property
    def form(self):
        # An organization's page links with its slug; the box shows its name instead, which a
        # person recognises, and the list keeps that one organization's events. Here, not in
        # __init__, so the lookup runs only when the form is used (not for a page kept in cache).
        if not hasattr(self, "_form") and self.is_bound:
            slug = self.data.get("organization", "").strip()
            named = (
                Organization.objects.filter(slug=slug).only("pk", "name").first() if slug else None
            )
            if named is not None:
                self.data = self.data.copy()
                self.data["organization"] = named.name
                self.named_organization = named
        return super().form

    def filter_organizer(self, queryset, name, value):
        # The field strips the text, and django-filter calls this only for a non-empty one.
        if self.named_organization is not None and value == self.named_organization.name:
            return queryset.filter(organization=self.named_organization)
        return queryset.filter(
            Q(organization__slug=value)
            | Q(organization__name__unaccent__icontains=value)
            | Q(campaign__title__unaccent__icontains=value)
        )
