"""Account-level messages: the welcome once an address is confirmed, and the opt-in newsletter.

They keep their `members.` keys: stored notifications and preferences name them."""

from allauth.account.signals import email_confirmed
from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind
from notifications.services import notify


def register():
    register_kind(
        "members.welcome",
        label=_("Welcome to the platform"),
        email_template="members/email/welcome",
        description=_("Sent once when you confirm your email address."),
        link_url_name="members:onboarding",
    )
    register_kind(
        "members.newsletter",
        label=_("News and campaigns"),
        email_template="members/email/newsletter",
        marketing=True,
        description=_("Occasional news about the platform and its campaigns."),
        link_url_name="campaigns:list",
    )
    register_kind(
        "account.email",
        label=_("Account security"),
        email_template="notifications/email/account_message",
        description=_("Address confirmation, password reset and sign-in notices."),
        always_email=True,
    )
    email_confirmed.connect(send_welcome, dispatch_uid="notifications.account.welcome")


def send_welcome(sender, request, email_address, **kwargs):
    notify(recipient=email_address.user, kind="members.welcome", dedupe_key="members.welcome")
