from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.choices import CONTENT_LANGUAGES
from members.forms import LONG_TEXT_MAX_LENGTH, STORY_MAX_LENGTH


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Translate into"), choices=CONTENT_LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown is supported."),
    )

    def __init__(self, *args, languages=None, kind=None, **kwargs):
        """`languages`: those the member may translate into (none when editing: it is fixed)."""
        super().__init__(*args, **kwargs)
        if languages is None:
            del self.fields["language"]
        else:
            self.fields["language"].choices = [
                (code, label) for code, label in CONTENT_LANGUAGES if code in languages
            ]
        max_length = STORY_MAX_LENGTH if kind == "campaigns.story" else LONG_TEXT_MAX_LENGTH
        self.fields["text"].max_length = max_length
        self.fields["text"].validators.append(MaxLengthValidator(max_length))
        self.fields["text"].widget.attrs["maxlength"] = str(max_length)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Review"), choices=[("approve", _("Approve")), ("decline", _("Decline"))]
    )
