"""Every write on events: one transaction each, keyword-only arguments, permission checked here too."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import CampaignMember
from core.images import assign_cover
from events import notifications
from events.models import (
    CalendarToken,
    Event,
    EventStatus,
    OrganizationFollow,
    Registration,
    RegistrationState,
)
from events.permissions import can_manage_event, can_organize_for

EDITABLE_FIELDS = [
    "title",
    "description",
    "format",
    "starts_at",
    "ends_at",
    "time_zone",
    "language",
    "venue",
    "city",
    "country",
    "join_url",
    "capacity",
    "registration_deadline",
    "cover",
    "cover_alt",
]
# Changing any of these tells every attendee.
TIME_AND_PLACE = {"starts_at", "ends_at", "time_zone", "format", "venue", "city", "country"}


def _attendee_ids(event):
    return list(
        event.registrations.exclude(state=RegistrationState.CANCELLED).values_list(
            "user_id", flat=True
        )
    )


def _validate(event):
    if event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    if (event.organization_id is None) == (event.campaign_id is None):
        raise ValidationError(_("Choose exactly one organizer: an organization or a campaign."))


@transaction.atomic
def create_event(*, by, organization=None, campaign=None, publish=False, **fields):
    if not can_organize_for(by, organization=organization, campaign=campaign):
        raise PermissionDenied
    cover = fields.pop("cover", None)
    event = Event(organization=organization, campaign=campaign, created_by=by, **fields)
    assign_cover(event, "cover", cover)
    _validate(event)
    event.save()
    if publish:
        publish_event(event=event, by=by)
    return event


@transaction.atomic
def update_event(*, event, by, **fields):
    if not can_manage_event(by, event):
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    assign_cover(event, "cover", fields.pop("cover", None))
    changed = {name for name, value in fields.items() if getattr(event, name) != value}
    for name in changed:
        setattr(event, name, fields[name])
    _validate(event)
    event.save()
    if changed & TIME_AND_PLACE and event.status == EventStatus.PUBLISHED:
        attendee_ids = _attendee_ids(event)
        transaction.on_commit(lambda: notifications.event_changed(event, attendee_ids=attendee_ids))
    # More seats may let waiting members in.
    _promote_waitlist(event)
    return event


def announcement_recipient_ids(event):

    ids = set()
    if event.campaign_id:
        ids |= set(
            CampaignMember.objects.filter(campaign_id=event.campaign_id).values_list(
                "user_id", flat=True
            )
        )
    if event.organization_id:
        ids |= set(
            OrganizationFollow.objects.filter(organization_id=event.organization_id).values_list(
                "user_id", flat=True
            )
        )
    ids.discard(event.created_by_id)
    return ids


@transaction.atomic
def publish_event(*, event, by):
    if not can_manage_event(by, event):
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.DRAFT:
        return event
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    recipient_ids = announcement_recipient_ids(event)
    transaction.on_commit(lambda: notifications.event_announced(event, recipient_ids=recipient_ids))
    return event


@transaction.atomic
def cancel_event(*, event, by, message=""):
    if not can_manage_event(by, event):
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        return event
    was_published = event.status == EventStatus.PUBLISHED
    event.status = EventStatus.CANCELLED
    event.cancel_message = message
    event.save(update_fields=["status", "cancel_message", "updated_at"])
    if was_published:
        attendee_ids = _attendee_ids(event)
        transaction.on_commit(
            lambda: notifications.event_cancelled(event, attendee_ids=attendee_ids)
        )
    return event


def _going_count(event):
    return event.registrations.filter(state=RegistrationState.GOING).count()


def _promote_waitlist(event):
    """Give free seats to the first waiting members, in order. Caller holds the event row lock."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _going_count(event)
        if free <= 0:
            return []
    waiting = event.registrations.filter(state=RegistrationState.WAITLISTED).order_by(
        "position", "id"
    )
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    for registration in promoted:
        registration.state = RegistrationState.GOING
        registration.position = None
        registration.save(update_fields=["state", "position", "updated_at"])
        transaction.on_commit(lambda r=registration: notifications.waitlist_promoted(r))
    return promoted


@transaction.atomic
def register(*, event, user):
    """One seat or a waitlist place. The event row lock serialises concurrent registrations."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.registration_open():
        raise ValidationError(_("Registration for this event is closed."))
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration and registration.state != RegistrationState.CANCELLED:
        return registration
    if event.capacity is None or _going_count(event) < event.capacity:
        state, position = RegistrationState.GOING, None
    else:
        last = event.registrations.filter(state=RegistrationState.WAITLISTED).aggregate(
            last=Max("position")
        )["last"]
        state, position = RegistrationState.WAITLISTED, (last or 0) + 1
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.state, registration.position = state, position
    registration.save()
    transaction.on_commit(lambda: notifications.registration_confirmed(registration))
    return registration


@transaction.atomic
def cancel_registration(*, event, user):
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None or registration.state == RegistrationState.CANCELLED:
        return registration
    registration.state = RegistrationState.CANCELLED
    registration.position = None
    registration.save(update_fields=["state", "position", "updated_at"])
    if event.status == EventStatus.PUBLISHED and event.ends_at > timezone.now():
        _promote_waitlist(event)
    return registration


def calendar_token_for(user):
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def reset_calendar_token(*, user):
    token = calendar_token_for(user)
    token.reset()
    return token


@transaction.atomic
def toggle_follow(*, user, organization):
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    deleted, _count = OrganizationFollow.objects.filter(
        user=user, organization=organization
    ).delete()
    if deleted:
        return False
    OrganizationFollow.objects.create(user=user, organization=organization)
    return True


def send_due_reminders(*, now=None):
    """Reminders 24 h and 1 h before. Each registration is claimed by a conditional UPDATE first,
    so running the task twice (or two beats at once) sends each reminder once."""

    now = now or timezone.now()
    sent = 0
    for which, field in ((24, "reminded_24h_at"), (1, "reminded_1h_at")):
        due = Registration.objects.filter(
            state=RegistrationState.GOING,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + timedelta(hours=which),
            **{f"{field}__isnull": True},
        ).filter(event__in=Event.objects.visible())
        # Hidden events are left unclaimed, so their reminders still go out if restored in time.
        if which == 24:
            # Inside the last hour only the 1-hour reminder goes out.
            due = due.filter(event__starts_at__gt=now + timedelta(hours=1))
        for registration in due.select_related("event", "event__organization", "user"):
            claimed = Registration.objects.filter(
                pk=registration.pk, **{f"{field}__isnull": True}
            ).update(**{field: now})
            if claimed:
                notifications.event_reminder(
                    registration.event, recipient=registration.user, which=which
                )
                sent += 1
    return sent
