from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.forms import TagField

from core.choices import SPOKEN_LANGUAGES, TIME_ZONE_CHOICES, HelpKind, Visibility
from core.images import CleanImageField

MAX_LINKS = 5


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=120)
    headline = forms.CharField(
        label=_("Headline"),
        max_length=160,
        required=False,
        help_text=_("One line about what you do, e.g. “Data engineer in Madrid”."),
    )
    bio = forms.CharField(
        label=_("About you"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown is supported."),
    )
    country_of_origin = forms.ChoiceField(label=_("Country of origin"), choices=())
    country_of_residence = forms.ChoiceField(label=_("Country of residence"), choices=())
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = TagField(
        label=_("Skills"),
        required=False,
        help_text=_("Separate skills with commas, e.g. “accounting, web design, Python”."),
    )
    causes = TagField(
        label=_("Causes"),
        required=False,
        help_text=_("Separate causes with commas, e.g. “education, health, migration”."),
    )
    ways_to_help = forms.MultipleChoiceField(
        label=_("Ways you can help"),
        choices=HelpKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours per month available"), min_value=0, max_value=300, initial=0
    )
    is_changemaker = forms.BooleanField(label=_("I identify as a changemaker"), required=False)
    wants_to_be_ambassador = forms.BooleanField(
        label=_("I would like to be an ambassador"), required=False
    )
    avatar = CleanImageField(label=_("Avatar"), required=False)
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 5 web addresses, one per line."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("The time zone of my browser")), *TIME_ZONE_CHOICES],
        required=False,
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    visibility = forms.ChoiceField(
        label=_("Who can see your profile"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.MEMBERS,
    )
    allow_matching = forms.BooleanField(
        label=_("Match me with needs that fit my skills"), required=False, initial=True
    )
    allow_suggestions = forms.BooleanField(
        label=_("Let venture teams see me among suggested members"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country_choices = [("", "---------"), *countries]
        self.fields["country_of_origin"].choices = country_choices
        self.fields["country_of_residence"].choices = country_choices

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(_("Give at most 5 links."))
        validator = forms.URLField(max_length=300, assume_scheme="https")
        cleaned = []
        for line in lines:
            try:
                cleaned.append(validator.clean(line))
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(url)s” is not a valid web address."), params={"url": line}
                ) from None
        return cleaned

    @classmethod
    def initial_for(cls, user, profile):
        initial = {"time_zone": user.time_zone, "language": user.language}
        if profile is None:
            return initial
        for name in cls.base_fields:
            if hasattr(profile, name) and name not in ("avatar", "skills", "causes", "links"):
                initial[name] = getattr(profile, name)
        initial["country_of_origin"] = profile.country_of_origin.code or ""
        initial["country_of_residence"] = profile.country_of_residence.code or ""
        initial["links"] = "\n".join(profile.links)
        initial["skills"] = ", ".join(sorted(tag.name for tag in profile.skills.all()))
        initial["causes"] = ", ".join(sorted(tag.name for tag in profile.causes.all()))
        return initial
