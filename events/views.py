import csv
import datetime

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from core.content_cache import listing_response
from core.pagination import page_of
from core.query import slug_param
from core.redirects import redirect_to_next
from events import services
from events.forms import CancelForm, EventFilter, EventForm
from events.models import (
    CalendarToken,
    Event,
    OrganizationFollow,
    Registration,
    RegistrationState,
)
from events.permissions import can_manage_event, can_organize_for, can_see_event
from organizations.models import Organization

PAGE_SIZE = 20
EVENT_LISTING_CACHE_SECONDS = 60


def _page(request, queryset):
    page = page_of(queryset, request, page_size=PAGE_SIZE, max_page=None)
    return {"events": page.items, "page": page}


def _listing(request, queryset, *, past):
    queryset = queryset.select_related("organization", "campaign").with_going_count()
    event_filter = EventFilter(request.GET or None, queryset=queryset, request=request)
    query = request.GET.copy()
    query.pop("page", None)

    partial = bool(
        request.headers.get("HX-Request") and request.headers.get("HX-Target") == "event-results"
    )
    template = "events/_results.html" if partial else "events/_listing.html"

    def context():
        events = event_filter.qs if event_filter.is_bound else queryset
        followed = set()
        if request.user.is_authenticated and not past:
            followed = set(
                OrganizationFollow.objects.filter(user=request.user).values_list(
                    "organization_id", flat=True
                )
            )
        return {
            "filter": event_filter,
            "past": past,
            "query": query.urlencode(),
            "followed": followed,
            **_page(request, events),
        }

    # Times show in the visitor's zone, so visitors' copies are kept per time zone too; and only
    # a minute, since events move from upcoming to past with the clock, not with a save.
    return listing_response(
        request,
        page_template="events/list.html",
        fragment_template=template,
        partial=partial,
        context=context,
        key_parts=("past" if past else "upcoming",),
        page_context={"past": past},
        per_time_zone=True,
        timeout=EVENT_LISTING_CACHE_SECONDS,
    )


def event_list(request):
    return _listing(request, Event.objects.upcoming(), past=False)


def event_past(request):
    return _listing(request, Event.objects.past(), past=True)


def _get_visible_event(request, pk):
    event = get_object_or_404(Event.objects.select_related("organization", "campaign"), pk=pk)
    if not can_see_event(request.user, event):
        raise Http404
    return event


def _registration_context(request, event):
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(event=event, user=request.user).first()
    counts = event.registrations.aggregate(
        going=Count("id", filter=Q(state=RegistrationState.GOING)),
        waiting=Count("id", filter=Q(state=RegistrationState.WAITLISTED)),
    )
    going = registration is not None and registration.state == RegistrationState.GOING
    return {
        "event": event,
        "registration": registration,
        "going_count": counts["going"],
        "waiting_count": counts["waiting"],
        "is_full": event.capacity is not None and counts["going"] >= event.capacity,
        "show_join_link": going and event.has_join_link and event.join_link_open(),
        "join_link_later": going and event.has_join_link and not event.join_link_open(),
        "registration_open": event.registration_open(),
    }


def event_detail(request, pk):
    event = _get_visible_event(request, pk)
    context = _registration_context(request, event)
    context["can_manage"] = can_manage_event(request.user, event)
    return render(request, "events/detail.html", context)


def _registration_response(request, event):
    if request.headers.get("HX-Request"):
        return render(request, "events/_registration.html", _registration_context(request, event))
    return redirect(event)


@require_POST
@login_required
def event_register(request, pk):
    event = _get_visible_event(request, pk)
    try:
        registration = services.register(event=event, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.state == RegistrationState.WAITLISTED:
            messages.info(request, _("The event is full: you are on the waitlist."))
    return _registration_response(request, event)


@require_POST
@login_required
def event_unregister(request, pk):
    event = _get_visible_event(request, pk)
    services.cancel_registration(event=event, user=request.user)
    return _registration_response(request, event)


def _organizer_from_request(request):
    organization = campaign = None
    if slug := slug_param(request, "organization"):
        organization = get_object_or_404(Organization, slug=slug)
    elif slug := slug_param(request, "campaign"):
        campaign = get_object_or_404(Campaign, slug=slug)
    return organization, campaign


@login_required
def event_create(request):
    organization, campaign = _organizer_from_request(request)
    if organization is None and campaign is None:
        choices = Organization.objects.filter(
            memberships__user=request.user, memberships__role__in=["admin", "editor"]
        ).order_by("name")
        return render(request, "events/choose_organizer.html", {"organizations": choices})
    if not can_organize_for(request.user, organization=organization, campaign=campaign):
        raise PermissionDenied
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        initial={"time_zone": getattr(request.user, "time_zone", "") or "UTC"},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        event = services.create_event(
            by=request.user,
            organization=organization,
            campaign=campaign,
            publish="publish" in request.POST,
            **fields,
        )
        messages.success(request, _("Event saved."))
        return redirect(event)
    return render(
        request,
        "events/form.html",
        {"form": form, "organizer": organization or campaign, "creating": True},
    )


@login_required
def event_edit(request, pk):
    event = _get_visible_event(request, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    form = EventForm(
        request.POST or None, request.FILES or None, instance=Event.objects.get(pk=event.pk)
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        services.update_event(event=event, by=request.user, **fields)
        messages.success(request, _("Event updated."))
        return redirect(event)
    return render(
        request,
        "events/form.html",
        {"form": form, "organizer": event.organizer, "event": event},
    )


@require_POST
@login_required
def event_publish(request, pk):
    event = _get_visible_event(request, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    services.publish_event(event=event, by=request.user)
    messages.success(request, _("Event published."))
    return redirect(event)


@login_required
def event_cancel(request, pk):
    event = _get_visible_event(request, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel_event(event=event, by=request.user, message=form.cleaned_data["message"])
        messages.success(request, _("Event cancelled; attendees were told."))
        return redirect(event)
    return render(request, "events/cancel.html", {"form": form, "event": event})


def _attendee_rows(event):
    return (
        event.registrations.exclude(state=RegistrationState.CANCELLED)
        .select_related("user__profile")
        .order_by("state", "position", "created_at")
    )


@login_required
def event_attendees(request, pk):
    event = _get_visible_event(request, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    rows = list(_attendee_rows(event))
    return render(
        request,
        "events/attendees.html",
        {
            "event": event,
            "going": [r for r in rows if r.state == RegistrationState.GOING],
            "waiting": [r for r in rows if r.state == RegistrationState.WAITLISTED],
        },
    )


def _csv_cell(text):
    """A member's own text as a spreadsheet shows it, never as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def event_attendees_csv(request, pk):
    event = _get_visible_event(request, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.csv"'
    writer = csv.writer(response)
    # Names and handles only: attendees gave the organizer no consent to share their address.
    writer.writerow(
        [_("Name"), _("Handle"), _("State"), _("Waitlist position"), _("Registered at")]
    )
    for registration in _attendee_rows(event):
        writer.writerow(
            [
                _csv_cell(registration.user.get_full_name()),
                registration.user.handle,
                registration.get_state_display(),
                registration.position or "",
                registration.created_at.isoformat(),
            ]
        )
    return response


# --- Calendars ---------------------------------------------------------------------------------


def _vevent(request, event):
    """One event as a calendar entry. It carries the event page's address, never the join link:
    a calendar file is downloaded (and a feed read) long before the page opens the link
    (events.models.JOIN_LINK_OPENS_BEFORE), and is kept and forwarded after."""
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@{request.get_host().split(':')[0]}")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    vevent.add("dtend", event.ends_at.astimezone(datetime.UTC))
    # The organizer's own words, tagged with the event's language.
    written_in = {"LANGUAGE": event.language} if event.language else {}
    vevent.add("summary", event.title, parameters=written_in)
    page_url = request.build_absolute_uri(event.get_absolute_url())
    vevent.add("description", f"{event.description}\n\n{page_url}".strip(), parameters=written_in)
    if event.has_place and event.location_text:
        vevent.add("location", event.location_text)
    vevent.add("url", page_url)
    if event.status == "cancelled":
        vevent.add("status", "CANCELLED")
    return vevent


def _calendar_response(events, request, *, filename=None):
    calendar = _calendar(events, request)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _calendar(events, request):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Diaspora Changemakers//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for event in events:
        calendar.add_component(_vevent(request, event))
    return calendar


def event_ics(request, pk):
    event = _get_visible_event(request, pk)
    return _calendar_response([event], request, filename=f"event-{event.pk}.ics")


def calendar_feed(request, token):
    owner = get_object_or_404(CalendarToken.objects.select_related("user"), token=token).user
    events = (
        Event.objects.visible()
        .filter(registrations__user=owner, registrations__state=RegistrationState.GOING)
        .exclude(status="draft")
        .order_by("starts_at")
    )
    return _calendar_response(events, request)


@login_required
def my_calendar(request):
    if request.method == "POST":
        services.reset_calendar_token(user=request.user)
        messages.success(request, _("Your calendar link was reset; the old link no longer works."))
        return redirect("events:my_calendar")
    token = services.calendar_token_for(request.user)
    feed_url = request.build_absolute_uri(
        reverse("events:calendar_feed", kwargs={"token": token.token})
    )
    return render(request, "events/my_calendar.html", {"feed_url": feed_url})


@require_POST
@login_required
def follow_organization(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    following = services.toggle_follow(user=request.user, organization=organization)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "events/_follow.html",
            {"organization": organization, "following": following},
        )
    return redirect_to_next(request, "events:list")
