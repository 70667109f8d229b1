"""What campaigns holds about a member, for the data export and account deletion."""

from campaigns.models import Story
from members.privacy import register_export, register_export_files


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


def register() -> None:
    register_export("stories", _export_stories)
    register_export_files(_story_images)
