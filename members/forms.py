from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.utils import edit_string_for_tags

from core.choices import (
    CONTENT_LANGUAGES,
    SPOKEN_LANGUAGES,
    HelpKind,
    Visibility,
    content_language,
)
from core.images import CleanImageField
from core.widgets import (
    BuiltChoices,
    CurrentImageInput,
    FastCheckboxes,
    FastRadios,
    FastSelect,
    country_choices,
)
from core.zones import canonical_zone, time_zone_choices

MAX_LINKS = 5

# Free text limits, in characters: long enough for anything a member means to write, short enough
# that a pasted file gets a field error instead of a row of 100 KB. Every app's forms use these.
MESSAGE_MAX_LENGTH = 2000  # offers, replies, requests, cancellation notes
LONG_TEXT_MAX_LENGTH = 5000  # bios, descriptions
STORY_MAX_LENGTH = 20000
MAX_TAGS = 20
TAG_MAX_LENGTH = 100  # taggit's name column


def _time_zone_choices():
    """Evaluated as the form renders: the zones' names in the reader's language."""
    return [("", _("The time zone of my browser")), *time_zone_choices()]


class TagsField(TagField):
    """Comma-separated tags, at most MAX_TAGS of at most TAG_MAX_LENGTH characters each."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_TAGS * (TAG_MAX_LENGTH + 2))
        super().__init__(**kwargs)

    def clean(self, value):
        tags = super().clean(value)
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("Give at most %(count)s, separated by commas."), params={"count": MAX_TAGS}
            )
        for tag in tags:
            if len(tag) > TAG_MAX_LENGTH:
                raise forms.ValidationError(
                    _("Each one may have at most %(max)s characters; “%(start)s…” has %(length)s."),
                    params={"max": TAG_MAX_LENGTH, "start": tag[:20], "length": len(tag)},
                )
        return tags


def tags_initial(tags) -> str:
    """The text a tag input starts with, for a tag manager (`profile.skills`), as core.tags
    writes and reads it back."""
    return edit_string_for_tags(list(tags.all()))


class LengthLimitsMixin:
    """For ModelForms over TextFields (no migration needed): `length_limits = {name: max}` gives
    those fields a maximum, a field error beyond it and the input's maxlength."""

    length_limits: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, max_length in self.length_limits.items():
            field = self.fields[name]
            field.max_length = max_length
            field.validators.append(MaxLengthValidator(max_length))
            field.widget.attrs["maxlength"] = str(max_length)


class WrittenInMixin:
    """For ModelForms of content with a `language` field (the language it is written in): new
    content starts in the author's interface language, the one they are most likely writing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "language" not in self.initial:
            self.initial["language"] = content_language(get_language())
        # Left out (an older form, a script): the language it would have started with.
        self.fields["language"].required = False

    def clean_language(self):
        language = self.cleaned_data.get("language")
        if language:
            return language
        return self.instance.language if self.instance.pk else content_language(get_language())


class AvatarInput(CurrentImageInput):
    """A member's photo, shown as their face."""

    clear_checkbox_label = _("Remove photo")
    current_alt = _("Your current photo")
    wrapper_class = "current-avatar"
    preview_attrs = {"width": "64", "height": "64", "class": "avatar"}


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
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown is supported."),
    )
    bio_language = forms.ChoiceField(
        label=_("About you is written in"),
        choices=CONTENT_LANGUAGES,
        required=False,
        widget=FastSelect,
    )
    # The long lists (about 250 countries twice, about 600 time zones) are drawn without a
    # template per <option> (core.widgets): through Django's templates they took most of the
    # page's server time.
    country_of_origin = forms.ChoiceField(
        label=_("Country of origin"), choices=(), widget=FastSelect
    )
    country_of_residence = forms.ChoiceField(
        label=_("Country of residence"), choices=(), widget=FastSelect
    )
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        widget=FastCheckboxes,
    )
    skills = TagsField(
        label=_("Skills"),
        required=False,
        help_text=_("Separate skills with commas, e.g. “accounting, web design, Python”."),
    )
    causes = TagsField(
        label=_("Causes"),
        required=False,
        help_text=_("Separate causes with commas, e.g. “education, health, migration”."),
    )
    ways_to_help = forms.MultipleChoiceField(
        label=_("Ways you can help"),
        choices=HelpKind.choices,
        widget=FastCheckboxes,
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours per month available"), min_value=0, max_value=300, initial=0
    )
    is_changemaker = forms.BooleanField(label=_("I identify as a changemaker"), required=False)
    wants_to_be_ambassador = forms.BooleanField(
        label=_("I would like to be an ambassador"), required=False
    )
    avatar = CleanImageField(
        label=_("Avatar"),
        required=False,
        widget=AvatarInput(attrs={"accept": "image/*"}),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=MAX_LINKS * 320,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 5 web addresses, one per line."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_time_zone_choices,
        required=False,
        widget=FastSelect,
    )
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, widget=FastSelect
    )
    visibility = forms.ChoiceField(
        label=_("Who can see your profile"),
        choices=Visibility.choices,
        widget=FastRadios,
        initial=Visibility.MEMBERS,
    )
    allow_matching = forms.BooleanField(
        label=_("Match me with needs that fit my skills"), required=False, initial=True
    )
    allow_suggestions = forms.BooleanField(
        label=_("Let venture teams see me among suggested members"), required=False, initial=True
    )
    show_contributions = forms.BooleanField(
        label=_("Show the ventures I helped, hours given and thanks received on my profile"),
        required=False,
        initial=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built once per language (core.widgets), not translated and sorted on every form.
        choices = BuiltChoices([("", _("Choose a country…")), *country_choices()])
        self.fields["country_of_origin"].choices = choices
        self.fields["country_of_residence"].choices = choices

    def clean_bio_language(self):
        return self.cleaned_data.get("bio_language") or content_language(get_language())

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

    def avatar_change(self):
        """(the new photo or None, whether to remove the current one), from the cleaned form.
        Without a new upload the field gives back the stored file: that is no change."""
        value = self.cleaned_data.get("avatar")
        return (value if isinstance(value, UploadedFile) else None), value is False

    @classmethod
    def initial_for(cls, user, profile):
        initial = {
            "time_zone": canonical_zone(user.time_zone),
            "language": user.language or get_language(),
            "bio_language": content_language(user.language or get_language()),
        }
        if profile is None:
            return initial
        for name in cls.base_fields:
            if hasattr(profile, name) and name not in ("avatar", "skills", "causes", "links"):
                initial[name] = getattr(profile, name)
        initial["country_of_origin"] = profile.country_of_origin.code or ""
        initial["country_of_residence"] = profile.country_of_residence.code or ""
        initial["links"] = "\n".join(profile.links)
        initial["avatar"] = profile.avatar or None
        initial["skills"] = tags_initial(profile.skills)
        initial["causes"] = tags_initial(profile.causes)
        return initial
