"""What campaigns holds about a member, for the data export and account deletion."""

from campaigns.event_models import CalendarToken, Registration, RegistrationState
from campaigns.event_services import cancel_registration
from campaigns.models import Story
from members.privacy import register_erasure, register_export, register_export_files


def _export_registrations(user) -> list:
    return [
        {
            "event": registration.event.title,
            "event_id": registration.event_id,
            "state": registration.state,
            "starts_at": registration.event.starts_at.isoformat(),
        }
        for registration in Registration.objects.filter(user=user).select_related("event")
    ]


def _export_stories(user) -> list:
    return [
        {
            "title": story.title,
            "body": story.body,
            "campaign": story.campaign.title if story.campaign else None,
            "published_at": story.published_at.isoformat() if story.published_at else None,
            "hidden_by_staff": story.hidden_by_staff,
        }
        for story in Story.objects.filter(author=user).select_related("campaign")
    ]


def _story_images(user):
    return [story.image for story in Story.objects.filter(author=user).exclude(image="")]


def _cancel_registrations(user) -> None:
    """Seats go back to the waitlist; stories stay, credited to "deleted member"."""
    active = Registration.objects.filter(user=user).exclude(state=RegistrationState.CANCELLED)
    for registration in active.select_related("event"):
        cancel_registration(event=registration.event, user=user)
    CalendarToken.objects.filter(user=user).delete()


def register() -> None:
    register_export("event_registrations", _export_registrations)
    register_export("stories", _export_stories)
    register_export_files(_story_images)
    register_erasure(_cancel_registrations)
