"""Who may change what in campaigns and events: the one place views, templates and tests ask."""

from campaigns.models import CampaignMember, CampaignRole


def is_approved_ambassador(user, campaign) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return CampaignMember.objects.filter(
        campaign=campaign, user=user, role=CampaignRole.AMBASSADOR
    ).exists()
