from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from moderation.models import Report


def _code_of_conduct_label():
    return format_html(
        '{} <a href="{}" target="_blank">{}</a>',
        _("I have read and accept the"),
        reverse_lazy("code_of_conduct"),
        _("code of conduct"),
    )


class CodeOfConductSignupForm(forms.Form):
    """allauth calls signup(); the acceptance date is stored on the new user."""

    accept_code_of_conduct = forms.BooleanField(
        label=lazy(_code_of_conduct_label, str)(),
        required=True,
        error_messages={"required": _("You must accept the code of conduct to join.")},
    )

    def signup(self, request, user):
        user.accepted_code_of_conduct_at = timezone.now()
        user.save(update_fields=["accepted_code_of_conduct_at"])


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "text"]
        widgets = {"reason": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}
