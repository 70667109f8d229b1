"""Every message the events feature sends, in one module.

The shared notification pipeline (branch `notify`) was not ready by the agreed time, so these are
plain emails sent with send_mail in each recipient's language and time zone. Swapping to
`members.notifications.notify/notify_many` only touches this module. Each send is recorded in the
cache under its dedupe key, so a message is sent once even when beat runs a task twice.
"""

import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

DEDUPE_SECONDS = 60 * 60 * 24 * 30


def _send(*, recipient, kind, event, data=None, dedupe_key=None):
    if dedupe_key and not cache.add(f"sent:{dedupe_key}:{recipient.pk}", 1, DEDUPE_SECONDS):
        return False
    try:
        zone = zoneinfo.ZoneInfo(recipient.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    context = {
        "event": event,
        "recipient": recipient,
        "data": data or {},
        "site_url": getattr(settings, "SITE_URL", ""),
    }
    with (
        translation.override(recipient.language or settings.LANGUAGE_CODE),
        timezone.override(zone),
    ):
        subject = render_to_string(f"campaigns/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"campaigns/email/{kind}.txt", context)
        html = render_to_string(f"campaigns/email/{kind}.html", context)
    send_mail(subject, body, None, [recipient.email], html_message=html)
    return True


def _send_many(*, recipient_ids, kind, event, data=None, dedupe_key=None):
    sent = 0
    for recipient in get_user_model().objects.filter(pk__in=list(recipient_ids), is_active=True):
        sent += bool(
            _send(recipient=recipient, kind=kind, event=event, data=data, dedupe_key=dedupe_key)
        )
    return sent


def registration_confirmed(registration):
    _send(
        recipient=registration.user,
        kind="event_registered",
        event=registration.event,
        data={"state": registration.state, "position": registration.position},
    )


def waitlist_promoted(registration):
    _send(recipient=registration.user, kind="event_promoted", event=registration.event)


def event_changed(event, *, attendee_ids):
    _send_many(recipient_ids=attendee_ids, kind="event_changed", event=event)


def event_cancelled(event, *, attendee_ids):
    _send_many(
        recipient_ids=attendee_ids,
        kind="event_cancelled",
        event=event,
        data={"message": event.cancel_message},
    )


def event_reminder(event, *, recipient, which):
    _send(
        recipient=recipient,
        kind="event_reminder",
        event=event,
        data={"which": which},
        dedupe_key=f"event:{event.pk}:reminder{which}",
    )


def event_announced(event, *, recipient_ids):
    _send_many(
        recipient_ids=recipient_ids,
        kind="event_announced",
        event=event,
        dedupe_key=f"event:{event.pk}:announced",
    )
