from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import SPOKEN_LANGUAGES
from core.images import clean_upload
from core.widgets import (
    CurrentImageInput,
    DatePicker,
    FastCheckboxes,
    FastRadios,
    label_empty_choice,
)
from members.forms import (
    LONG_TEXT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    LengthLimitsMixin,
    TagsField,
    WrittenInMixin,
    tags_initial,
)
from members.models import User
from organizations.models import (
    CHECK_IN_MAX_HOURS,
    CHECK_IN_TEXT_MAX_LENGTH,
    CheckInAnswer,
    Need,
    NeedStatus,
    Organization,
    Role,
    Venture,
)


class OrganizationForm(WrittenInMixin, LengthLimitsMixin, forms.ModelForm):
    length_limits = {"description": LONG_TEXT_MAX_LENGTH}
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    causes = TagsField(
        label=_("Causes"), required=False, help_text=_("Separate causes with commas.")
    )

    class Meta:
        model = Organization
        fields = ["name", "kind", "countries", "language", "description", "website", "logo"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "logo": CurrentImageInput(attrs={"accept": "image/*"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choice(self.fields["kind"], _("Choose a kind…"))
        if self.instance.pk:
            self.initial.setdefault("causes", tags_initial(self.instance.causes))

    def clean_logo(self):
        # A logo keeps its format: a flat-coloured PNG is not turned into a JPEG.
        return clean_upload(self.cleaned_data.get("logo"), keep_format=True)

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if data["logo"] is False:  # "clear" ticked
            data["logo"] = ""
        elif data["logo"] is None:
            data.pop("logo")
        return {**data, "causes": self.cleaned_data["causes"]}


class VentureForm(WrittenInMixin, LengthLimitsMixin, forms.ModelForm):
    length_limits = {"problem": LONG_TEXT_MAX_LENGTH, "approach": LONG_TEXT_MAX_LENGTH}
    causes = TagsField(
        label=_("Causes"), required=False, help_text=_("Separate causes with commas.")
    )
    leads = forms.ModelMultipleChoiceField(
        label=_("Leads"),
        queryset=User.objects.none(),
        required=False,
        widget=FastCheckboxes,
        help_text=_("Chosen among the organization's members."),
    )

    class Meta:
        model = Venture
        fields = [
            "name",
            "language",
            "summary",
            "problem",
            "approach",
            "stage",
            "countries",
            "cover",
            "cover_alt",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "approach": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = (
            User.objects.filter(memberships__organization=organization)
            .select_related("profile")
            .order_by("profile__display_name")
        )
        self.fields["leads"].label_from_instance = lambda user: user.get_full_name()
        if self.instance.pk:
            self.initial.setdefault("causes", tags_initial(self.instance.causes))
            self.initial.setdefault("leads", list(self.instance.leads.values_list("pk", flat=True)))

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "causes": self.cleaned_data["causes"], "leads": self.cleaned_data["leads"]}


class NeedForm(WrittenInMixin, LengthLimitsMixin, forms.ModelForm):
    length_limits = {"description": LONG_TEXT_MAX_LENGTH}
    skills = TagsField(
        label=_("Skills wanted"), required=False, help_text=_("Separate skills with commas.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=FastCheckboxes,
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "language",
            "description",
            "category",
            "languages",
            "is_remote",
            "country",
            "city",
            "hours_expected",
            "deadline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "deadline": DatePicker(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].widget.attrs["min"] = timezone.localdate().isoformat()
        label_empty_choice(self.fields["category"], _("Choose a category…"))
        label_empty_choice(self.fields["country"], _("Choose a country…"))
        if self.instance.pk:
            self.initial.setdefault("skills", tags_initial(self.instance.skills))

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline is not None and deadline < timezone.localdate():
            raise forms.ValidationError(
                _("The deadline has passed: choose today or a later day, or leave it empty.")
            )
        return deadline

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_remote") is False and not cleaned.get("country"):
            self.add_error("country", _("Say in which country the help is needed on site."))
        return cleaned

    def service_fields(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "skills": self.cleaned_data["skills"]}


class NewNeedForm(NeedForm):
    publish = forms.BooleanField(
        label=_("Publish now on the needs board"), required=False, initial=True
    )


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)

    def __init__(self, *args, need, **kwargs):
        # The current status is offered and chosen: without it the browser would select the
        # first move (an open need showed "Draft", one click from unpublishing it).
        kwargs.setdefault("initial", {"status": need.status})
        super().__init__(*args, **kwargs)
        self.current = need.status
        allowed = {need.status, *need.allowed_next_statuses}
        self.fields["status"].choices = [
            (value, _("%(status)s (now)") % {"status": label} if value == need.status else label)
            for value, label in NeedStatus.choices
            if value in allowed
        ]

    @property
    def has_moves(self) -> bool:
        return len(self.fields["status"].choices) > 1

    @property
    def is_unchanged(self) -> bool:
        return self.cleaned_data["status"] == self.current


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to join? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OfferForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say briefly how you can help. Your email stays private until they accept."),
    )


class OfferAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )
    reply = forms.CharField(
        label=_("Reply (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("How is it going?"), choices=CheckInAnswer.choices, widget=FastRadios
    )
    hours = forms.IntegerField(
        label=_("Hours given so far"),
        min_value=0,
        max_value=CHECK_IN_MAX_HOURS,
        initial=0,
        help_text=_("A rough count is fine: between 0 and 2000."),
    )
    what_changed = forms.CharField(
        label=_("What changed, in a sentence"),
        required=False,
        max_length=CHECK_IN_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": CHECK_IN_TEXT_MAX_LENGTH}),
        help_text=_("At most 300 characters."),
    )
    share_publicly = forms.BooleanField(
        label=_("This may be shared publicly (as a story you can edit before it is published)"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("share_publicly") and not (cleaned.get("what_changed") or "").strip():
            self.add_error("what_changed", _("Write what changed to share it."))
        return cleaned


class ThankForm(forms.Form):
    thanks = forms.CharField(
        label=_("A public thank-you"),
        max_length=CHECK_IN_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": CHECK_IN_TEXT_MAX_LENGTH}),
        help_text=_("Shown on the helper's profile if they show their contributions."),
    )
