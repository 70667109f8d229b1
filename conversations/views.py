"""Thin views over conversations.services. What someone may not see answers 404, exactly as what
does not exist: a conversation, a member hidden or blocked, a request meant for someone else."""

from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations import permissions, poll, selectors, services
from conversations.forms import AttendeeMessageForm, ConnectionRequestForm, MessageForm
from conversations.models import ConnectionRequest, Conversation, Message, Participant
from conversations.poll import stamp
from conversations.staff_access import record_staff_reading, staff_may_read
from core.pagination import page_of
from events.models import Event
from events.permissions import can_manage_event


def _conversations():
    return Conversation.objects.select_related("need", "venture__organization").prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.filter(is_team=False).select_related("user__profile"),
            to_attr="members",
        )
    )


def _since(request) -> int:
    try:
        return max(0, int(request.GET.get("since", 0)))
    except (TypeError, ValueError):
        return 0


@login_required
def conversation_list(request):
    page = page_of(selectors.conversations_of(request.user), request, page_size=30)
    return render(
        request,
        "conversations/list.html",
        {
            "page": page,
            "conversations": page.items,
            "incoming": list(selectors.incoming_requests(request.user)[:20]),
        },
    )


def _thread_context(request, conversation, *, form, staff_reading=False):
    before = request.GET.get("before")
    before = int(before) if before and before.isdigit() else None
    thread, has_earlier = selectors.thread(conversation, before=before)
    can_send = not staff_reading and permissions.can_send_message(request.user, conversation)
    return {
        "conversation": conversation,
        "thread": thread,
        "has_earlier": has_earlier,
        "earliest": thread[0].pk if thread else None,
        "form": form if can_send else None,
        "can_send": can_send,
        "staff_reading": staff_reading,
        "others": permissions.other_members(request.user, conversation),
        "is_member": permissions.is_member_of(request.user, conversation),
        "since": stamp(conversation.last_message_at),
        # Only a reader who may write polls (the page includes the poller then).
        "poll_url": poll.poll_url(request, conversation) if can_send else None,
        "poll_seconds": settings.CONVERSATION_POLL_SECONDS,
    }


@login_required
def conversation_detail(request, pk):
    conversation = get_object_or_404(_conversations(), pk=pk)
    staff_reading = False
    if not permissions.can_view_conversation(request.user, conversation):
        report_id = request.GET.get("report", "")
        if request.method != "GET" or not report_id.isdigit():
            raise Http404
        if not staff_may_read(request.user, conversation, int(report_id)):
            raise Http404
        staff_reading = True
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not permissions.can_send_message(request.user, conversation):
            raise PermissionDenied
        if form.is_valid():
            try:
                message = services.send_message(
                    conversation=conversation, author=request.user, body=form.cleaned_data["body"]
                )
            except services.RateLimited:
                form.add_error(
                    "body",
                    _("You have sent many messages today. Please try again tomorrow."),
                )
            else:
                return redirect(message.get_absolute_url())
        status = 400
    if staff_reading:
        record_staff_reading(request.user, conversation, int(request.GET["report"]))
    else:
        services.mark_read(
            conversation=conversation,
            user=request.user,
            is_team=not permissions.is_member_of(request.user, conversation),
        )
    context = _thread_context(request, conversation, form=form, staff_reading=staff_reading)
    return render(request, "conversations/detail.html", context, status=status)


@login_required
def conversation_poll(request, pk):
    """htmx asks every few seconds. Nothing new, with a valid token: conversations.middleware
    answers 204 before this view. Here, the full checks: something new answers the new messages;
    nothing new (the token missing or expired) answers a fresh poller, with a fresh token."""
    since = _since(request)
    conversation = get_object_or_404(_conversations(), pk=pk)
    if not permissions.can_view_conversation(request.user, conversation):
        raise Http404
    new_messages = []
    if stamp(conversation.last_message_at) > since:
        services.mark_read(
            conversation=conversation,
            user=request.user,
            is_team=not permissions.is_member_of(request.user, conversation),
        )
        moment = datetime.fromtimestamp(since / 1_000_000, tz=UTC)
        new_messages = selectors.messages_since(conversation, moment)
    else:
        poll.note_reading(conversation_id=conversation.pk, user_id=request.user.pk)
    return render(
        request,
        "conversations/_poll.html",
        {
            "conversation": conversation,
            "new_messages": new_messages,
            "poll_url": poll.poll_url(request, conversation),
            "poll_seconds": settings.CONVERSATION_POLL_SECONDS,
            "can_send": permissions.can_send_message(request.user, conversation),
        },
    )


def _own_message(request, pk):
    message = get_object_or_404(
        Message.objects.select_related("conversation__venture__organization"), pk=pk
    )
    if not permissions.can_view_conversation(request.user, message.conversation):
        raise Http404
    return message


@login_required
def edit_message(request, pk):
    message = _own_message(request, pk)
    if not permissions.can_edit_message(request.user, message):
        messages.error(request, _("Messages can be edited only for five minutes after sending."))
        return redirect(message.get_absolute_url())
    form = MessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_message(
                message=message, editor=request.user, body=form.cleaned_data["body"]
            )
        except services.ConversationError:
            messages.error(
                request, _("Messages can be edited only for five minutes after sending.")
            )
        return redirect(message.get_absolute_url())
    return render(
        request,
        "conversations/edit.html",
        {"form": form, "message": message, "conversation": message.conversation},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def delete_message(request, pk):
    message = _own_message(request, pk)
    if not permissions.can_delete_message(request.user, message):
        raise PermissionDenied
    services.delete_message(message=message, user=request.user)
    messages.success(request, _("Your message was deleted."))
    return redirect(message.get_absolute_url())


# --- Connection requests --------------------------------------------------------------------------
def _contactable(request, handle):
    other = get_user_model().objects.filter(handle=handle).select_related("profile").first()
    if other is None or not permissions.can_contact(request.user, other):
        raise Http404
    return other


@login_required
def connect(request, handle):
    other = _contactable(request, handle)
    existing = selectors.direct_conversation_between(request.user, other)
    if existing is not None and not existing.is_closed:
        return redirect(existing.get_absolute_url())
    if selectors.pending_request_between(other, request.user) is not None:
        messages.info(request, _("They already asked to connect with you: answer here."))
        return redirect("conversations:requests")
    pending = selectors.pending_request_between(request.user, other)
    form = ConnectionRequestForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.request_connection(
                sender=request.user, recipient=other, message=form.cleaned_data["message"]
            )
        except services.RateLimited:
            form.add_error(
                "message",
                _("You have sent many requests to connect today. Please try again tomorrow."),
            )
        except services.ConversationError as error:
            raise Http404 from error
        else:
            messages.success(
                request,
                _("Your request was sent. We will let you know when %(name)s answers.")
                % {"name": other.get_full_name()},
            )
            return redirect("members:profile", handle=other.handle)
    return render(
        request,
        "conversations/connect.html",
        {"form": form, "other": other, "pending": pending},
        status=400 if form.errors else 200,
    )


@login_required
def requests(request):
    return render(
        request,
        "conversations/requests.html",
        {
            "incoming": list(selectors.incoming_requests(request.user)),
            "outgoing": list(selectors.outgoing_requests(request.user)),
        },
    )


@login_required
@require_POST
def answer_request(request, pk, decision):
    connection_request = get_object_or_404(
        ConnectionRequest.objects.select_related("sender__profile"), pk=pk, recipient=request.user
    )
    if not permissions.can_answer_request(request.user, connection_request):
        raise Http404
    try:
        connection_request = services.answer_request(
            connection_request=connection_request, accept=decision == "accept"
        )
    except services.ConversationError as error:
        raise Http404 from error
    if decision == "accept":
        return redirect(connection_request.conversation.get_absolute_url())
    messages.success(
        request,
        _("You declined. %(name)s is told that it will not happen this time, without a reason.")
        % {"name": connection_request.sender.get_full_name()},
    )
    return redirect("conversations:requests")


@login_required
def for_offer(request, offer_pk):
    """The conversation an accepted offer opened (offer pages link here, without a query)."""
    conversation = get_object_or_404(_conversations(), offer_id=offer_pk)
    if not permissions.can_view_conversation(request.user, conversation):
        raise Http404
    return redirect(conversation.get_absolute_url())


# --- Organizers to attendees ----------------------------------------------------------------------
@login_required
def write_to_attendees(request, event_pk):
    event = get_object_or_404(Event.objects.select_related("organization", "campaign"), pk=event_pk)
    if not can_manage_event(request.user, event):
        raise Http404
    form = AttendeeMessageForm(request.POST or None)
    if event.hidden_from_public:
        form = None  # hidden events send nothing to their attendees (events.notifications)
    elif request.method == "POST" and form.is_valid():
        try:
            sent = services.write_to_attendees(
                event=event, sender=request.user, **form.cleaned_data
            )
        except services.RateLimited:
            form.add_error(
                None,
                _("You have written to attendees many times today. Please try again tomorrow."),
            )
        else:
            messages.success(
                request,
                _("Your message is on its way to %(count)s attendees.")
                % {"count": sent.recipient_count},
            )
            return redirect("events:attendees", pk=event.pk)
    return render(
        request,
        "conversations/attendee_message.html",
        {"form": form, "event": event},
        status=400 if form is not None and form.errors else 200,
    )
