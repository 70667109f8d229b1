from django import forms
from django.utils.translation import gettext_lazy as _

from conversations.models import MESSAGE_MAX_LENGTH, REQUEST_MAX_LENGTH, Audience
from core.widgets import FastRadios


class ConnectionRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to connect?"),
        max_length=REQUEST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: I am a nurse in Madrid, I would like to learn about your clinic. "
            "They see only this until they accept; your email address stays private."
        ),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown is supported."),
    )


class AttendeeMessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("To"), choices=Audience.choices, initial=Audience.GOING, widget=FastRadios
    )
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Sent by email to each attendee who accepts these messages. Markdown is supported."
        ),
    )
