"""Every message the events feature sends, in one module, through the shared notification pipeline.

`notifications.services` stores each notification, respects each member's preferences (immediately,
daily digest, off) and emails it in the member's language and time zone using the templates
campaigns/email/<kind>.{txt,html}, where `target` is the event.

An event the moderators hid (or whose organization they hid) sends nothing to its attendees or
followers: no announcement, change or cancellation notice, waitlist promotion or reminder. Such a
message would link to a page they cannot open and carry the organizer's text the moderators took
down. Registrations are kept untouched (a waitlist still moves, so seats stay fair); attendees see
the event as everyone else does, not at all (its page answers 404, it leaves their home page and
calendar feed), until it is restored, when everything shows again and reminders not yet due go out.
Organizers (told why by the moderators) and staff still see it and its attendee list.
"""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind
from notifications.services import notify, notify_many

REGISTERED = "events.registered"
PROMOTED = "events.promoted"
CHANGED = "events.changed"
CANCELLED = "events.cancelled"
REMINDER = "events.reminder"
ANNOUNCED = "events.announced"

register_kind(
    REGISTERED,
    label=_("Event registration confirmed"),
    email_template="events/email/registered",
    description=_("When you register for an event or join its waitlist."),
)
register_kind(
    PROMOTED,
    label=_("A seat opened up for you"),
    email_template="events/email/promoted",
    description=_("When you move from an event's waitlist to a seat."),
)
register_kind(
    CHANGED,
    label=_("An event you registered for changed"),
    email_template="events/email/changed",
    description=_("When the time or place of your event changes."),
)
register_kind(
    CANCELLED,
    label=_("An event you registered for was cancelled"),
    email_template="events/email/cancelled",
)
register_kind(
    REMINDER,
    label=_("Event reminder"),
    email_template="events/email/reminder",
    description=_("24 hours and 1 hour before an event you are going to."),
)
register_kind(
    ANNOUNCED,
    label=_("New events from campaigns and organizations you follow"),
    email_template="events/email/announced",
    default_frequency="daily",
)


def _silenced(event) -> bool:
    return event.hidden_from_public


def registration_confirmed(registration):
    notify(
        recipient=registration.user,
        kind=REGISTERED,
        target=registration.event,
        data={"state": registration.state, "position": registration.position},
    )


def waitlist_promoted(registration):
    if _silenced(registration.event):
        return
    notify(recipient=registration.user, kind=PROMOTED, target=registration.event)


def event_changed(event, *, attendee_ids):
    if _silenced(event):
        return
    notify_many(recipient_ids=attendee_ids, kind=CHANGED, target=event, data={"title": event.title})


def event_cancelled(event, *, attendee_ids):
    if _silenced(event):
        return
    notify_many(
        recipient_ids=attendee_ids,
        kind=CANCELLED,
        target=event,
        data={"title": event.title, "message": event.cancel_message},
    )


def event_reminder(event, *, recipient, which):
    if _silenced(event):
        return
    notify(
        recipient=recipient,
        kind=REMINDER,
        target=event,
        data={"which": which},
        dedupe_key=f"event:{event.pk}:reminder{which}",
    )


def event_announced(event, *, recipient_ids):
    if _silenced(event):
        return
    notify_many(
        recipient_ids=recipient_ids,
        kind=ANNOUNCED,
        target=event,
        data={"title": event.title},
        dedupe_key=f"event:{event.pk}:announced",
    )
