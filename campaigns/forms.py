import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignRole, Fellow, Story
from members.filters import LanguagesIReadMixin
from members.forms import (
    LONG_TEXT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    STORY_MAX_LENGTH,
    LengthLimitsMixin,
    WrittenInMixin,
)


class StoryForm(WrittenInMixin, LengthLimitsMixin, forms.ModelForm):
    length_limits = {"body": STORY_MAX_LENGTH}

    class Meta:
        model = Story
        fields = ["title", "language", "campaign", "body", "image", "image_alt"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.public()
        self.fields["campaign"].required = False
        self.fields["campaign"].empty_label = _("No campaign (free-standing story)")


class StoryFilter(LanguagesIReadMixin, django_filters.FilterSet):
    """A campaign's stories: only the "Languages I read" checkbox, for signed-in members."""

    class Meta:
        model = Story
        fields = []


class FellowBioForm(LengthLimitsMixin, forms.ModelForm):
    """What a linked fellow may change about themselves; curation fields stay with staff."""

    length_limits = {"bio": LONG_TEXT_MAX_LENGTH}

    class Meta:
        model = Fellow
        fields = ["bio", "photo"]  # the photo's form field checks and re-encodes it (core.images)
        widgets = {"bio": forms.Textarea(attrs={"rows": 12})}


class JoinCampaignForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Join as"),
        choices=[
            (CampaignRole.SUPPORTER, CampaignRole.SUPPORTER.label),
            (CampaignRole.MENTOR, CampaignRole.MENTOR.label),
        ],
        initial=CampaignRole.SUPPORTER,
    )


class AmbassadorRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to be an ambassador?"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AddToCampaignForm(forms.Form):
    """The intermediate page of the admin's "add to campaign" bulk action."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all())
