"""The members app's own notification kinds (imported from MembersConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from members.notifications import register_kind

register_kind(
    "members.welcome",
    label=_("Welcome to the platform"),
    email_template="members/email/welcome",
    description=_("Sent once when you confirm your email address."),
)
register_kind(
    "members.newsletter",
    label=_("News and campaigns"),
    email_template="members/email/newsletter",
    marketing=True,
    description=_("Occasional news about the platform and its campaigns."),
)
