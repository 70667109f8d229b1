"""What campaigns holds about a member, for the data export and account deletion."""

from campaigns.models import AmbassadorApplication, CampaignMember, Fellow, Story
from members.privacy import register_erasure, register_export, register_export_files


def _export_stories(user) -> list:
    return [
        {
            "title": story.title,
            "body": story.body,
            "campaign": story.campaign.title if story.campaign else None,
            "published_at": story.published_at.isoformat() if story.published_at else None,
            "is_hidden": story.is_hidden,
        }
        for story in Story.objects.filter(author=user).select_related("campaign")
    ]


def _story_images(user):
    return [story.image for story in Story.objects.filter(author=user).exclude(image="")]


def _export_campaign_memberships(user) -> list:
    return list(
        CampaignMember.objects.filter(user=user).values("campaign__title", "role", "joined_at")
    )


def _export_ambassador_applications(user) -> list:
    return list(
        AmbassadorApplication.objects.filter(member=user).values(
            "campaign__title", "status", "message", "created_at"
        )
    )


def _export_fellow(user) -> dict | None:
    fellow = Fellow.objects.filter(user=user).first()
    return {"name": fellow.name, "slug": fellow.slug} if fellow else None


def _erase(user) -> None:
    """Memberships (the campaign stops counting the member) and ambassador requests go; a fellow
    page (the campaign's, kept by staff) is unlinked; stories stay under "deleted member"."""
    CampaignMember.objects.filter(user=user).delete()
    AmbassadorApplication.objects.filter(member=user).delete()
    Fellow.objects.filter(user=user).update(user=None)
    Fellow.objects.filter(invited_email__iexact=user.email).update(invited_email="")


def register() -> None:
    register_export("stories", _export_stories)
    register_export("campaign_memberships", _export_campaign_memberships)
    register_export("ambassador_applications", _export_ambassador_applications)
    register_export("fellow", _export_fellow)
    register_export_files(_story_images)
    register_erasure(_erase)
