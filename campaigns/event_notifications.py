"""Every message the events feature sends, in one module, through the shared notification pipeline.

`members.notifications` stores each notification, respects each member's preferences (immediately,
daily digest, off) and emails it in the member's language and time zone using the templates
campaigns/email/<kind>.{txt,html}, where `target` is the event.
"""

from django.utils.translation import gettext_lazy as _

from members.notifications import notify, notify_many, register_kind

REGISTERED = "events.registered"
PROMOTED = "events.promoted"
CHANGED = "events.changed"
CANCELLED = "events.cancelled"
REMINDER = "events.reminder"
ANNOUNCED = "events.announced"

register_kind(
    REGISTERED,
    label=_("Event registration confirmed"),
    email_template="campaigns/email/event_registered",
    description=_("When you register for an event or join its waitlist."),
)
register_kind(
    PROMOTED,
    label=_("A seat opened up for you"),
    email_template="campaigns/email/event_promoted",
    description=_("When you move from an event's waitlist to a seat."),
)
register_kind(
    CHANGED,
    label=_("An event you registered for changed"),
    email_template="campaigns/email/event_changed",
    description=_("When the time or place of your event changes."),
)
register_kind(
    CANCELLED,
    label=_("An event you registered for was cancelled"),
    email_template="campaigns/email/event_cancelled",
)
register_kind(
    REMINDER,
    label=_("Event reminder"),
    email_template="campaigns/email/event_reminder",
    description=_("24 hours and 1 hour before an event you are going to."),
)
register_kind(
    ANNOUNCED,
    label=_("New events from campaigns and organizations you follow"),
    email_template="campaigns/email/event_announced",
    default_frequency="daily",
)


def registration_confirmed(registration):
    notify(
        recipient=registration.user,
        kind=REGISTERED,
        target=registration.event,
        data={"state": registration.state, "position": registration.position},
    )


def waitlist_promoted(registration):
    notify(recipient=registration.user, kind=PROMOTED, target=registration.event)


def event_changed(event, *, attendee_ids):
    notify_many(recipient_ids=attendee_ids, kind=CHANGED, target=event, data={"title": event.title})


def event_cancelled(event, *, attendee_ids):
    notify_many(
        recipient_ids=attendee_ids,
        kind=CANCELLED,
        target=event,
        data={"title": event.title, "message": event.cancel_message},
    )


def event_reminder(event, *, recipient, which):
    notify(
        recipient=recipient,
        kind=REMINDER,
        target=event,
        data={"which": which},
        dedupe_key=f"event:{event.pk}:reminder{which}",
    )


def event_announced(event, *, recipient_ids):
    notify_many(
        recipient_ids=recipient_ids,
        kind=ANNOUNCED,
        target=event,
        data={"title": event.title},
        dedupe_key=f"event:{event.pk}:announced",
    )
