"""The campaigns app's notification kinds (registered from CampaignsConfig.ready)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from campaigns.models import ApplicationStatus
from notifications.kinds import register_kind
from notifications.services import notify

FELLOW_INVITATION = "campaigns.fellow_invitation"
AMBASSADOR_APPROVED = "campaigns.ambassador_approved"
AMBASSADOR_DECLINED = "campaigns.ambassador_declined"


def register_kinds() -> None:
    register_kind(
        FELLOW_INVITATION,
        label=_("You are invited to claim your fellow page"),
        email_template="campaigns/email/fellow_invitation",
        # Sent to an address that may have no account yet: nothing to switch off.
        always_email=True,
    )
    register_kind(
        AMBASSADOR_APPROVED,
        label=_("You are now an ambassador of a campaign"),
        email_template="campaigns/email/ambassador_approved",
        description=_("When the team approves your application to be a campaign's ambassador."),
    )
    register_kind(
        AMBASSADOR_DECLINED,
        label=_("Your application to be an ambassador was declined"),
        email_template="campaigns/email/ambassador_declined",
    )


def ambassador_decided(application) -> None:
    """Tell the applicant what staff decided (called after the decision commits)."""
    approved = application.status == ApplicationStatus.APPROVED
    kind = AMBASSADOR_APPROVED if approved else AMBASSADOR_DECLINED
    campaign = application.campaign
    notify(
        recipient=application.member,
        kind=kind,
        target=application,
        data={
            "title": campaign.title,
            "campaign": campaign.title,
            "url": settings.SITE_URL.rstrip("/") + campaign.get_absolute_url(),
        },
        # One per decision: a member declined, who applies again and is approved, hears both.
        dedupe_key=f"{kind}:{application.pk}:{application.decided_at.isoformat()}",
    )
