"""What events hold about a member, for the data export and account deletion."""

from events.models import CalendarToken, OrganizationFollow, Registration, RegistrationState
from events.services import cancel_registration
from members.privacy import register_erasure, register_export


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


def _export_follows(user) -> list:
    return [
        {"organization": follow.organization.name, "since": follow.created_at.isoformat()}
        for follow in OrganizationFollow.objects.filter(user=user).select_related("organization")
    ]


def _erase(user) -> None:
    """Seats go back to the waitlist; the calendar feed and followed organizations go."""
    active = Registration.objects.filter(user=user).exclude(state=RegistrationState.CANCELLED)
    for registration in active.select_related("event"):
        cancel_registration(event=registration.event, user=user)
    CalendarToken.objects.filter(user=user).delete()
    OrganizationFollow.objects.filter(user=user).delete()


def register() -> None:
    register_export("event_registrations", _export_registrations)
    register_export("organization_follows", _export_follows)
    register_erasure(_erase)
