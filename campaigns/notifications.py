"""The campaigns app's notification kinds (registered from CampaignsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind

FELLOW_INVITATION = "campaigns.fellow_invitation"


def register_kinds() -> None:
    register_kind(
        FELLOW_INVITATION,
        label=_("You are invited to claim your fellow page"),
        email_template="campaigns/email/fellow_invitation",
        # Sent to an address that may have no account yet: nothing to switch off.
        always_email=True,
    )
