from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.pagination import page_of
from core.redirects import redirect_to_next
from members.models import User
from members.permissions import mark_names_shown
from notifications.kinds import get_kind, switchable_kinds
from notifications.models import Frequency, Notification, NotificationPreference
from notifications.services import read_unsubscribe_token, set_frequencies, set_frequency

INBOX_PAGE_SIZE = 25


def _item_template(kind_key, cache):
    if kind_key not in cache:
        app_kind = kind_key.replace("/", "_")
        cache[kind_key] = select_template(
            [f"notifications/items/{app_kind}.html", "notifications/items/generic.html"]
        ).template.name
    return cache[kind_key]


@login_required
def inbox(request):
    page = page_of(Notification.objects.for_inbox(request.user), request, page_size=INBOX_PAGE_SIZE)
    templates = {}
    for notification in page:
        notification.item_template = _item_template(notification.kind, templates)
        notification.kind_label = get_kind(notification.kind).label
    # Targets are fetched per content type in one query each, not one per row.
    _prefetch_targets(page.items)
    # The actors' faces and names ({% avatar %}): whether each is listed to the reader, in one query.
    mark_names_shown([notification.actor for notification in page], request.user)
    return render(request, "notifications/inbox.html", {"page": page})


def _prefetch_targets(notifications):
    by_type = {}
    for notification in notifications:
        if notification.target_content_type_id:
            by_type.setdefault(notification.target_content_type, []).append(notification)
    for content_type, rows in by_type.items():
        model = content_type.model_class()
        if model is None:
            continue
        objects = model._base_manager.in_bulk([row.target_object_id for row in rows])
        for row in rows:
            key = model._meta.pk.to_python(row.target_object_id)
            row.resolved_target = objects.get(key)
            row.target_url = row.get_target_url(row.resolved_target)
    for notification in notifications:
        if not hasattr(notification, "target_url"):
            notification.resolved_target = None
            notification.target_url = notification.get_target_url(None)


@login_required
def unread_count(request):
    count = Notification.objects.filter(recipient=request.user).unread().count()
    return render(request, "notifications/_unread_count.html", {"unread_count": count})


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    return redirect_to_next(request, "notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    updated = (
        Notification.objects.filter(recipient=request.user).unread().update(read_at=timezone.now())
    )
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": updated})
    return redirect("notifications:inbox")


@csrf_exempt
def unsubscribe(request, token):
    """RFC 8058 one-click unsubscribe: POST turns the kind off without login; GET only asks.

    CSRF is exempt because mail clients POST without a token; the signed token is the proof.
    """
    try:
        user_id, kind_key = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    is_digest = kind_key == "digest"
    kind = None if is_digest else get_kind(kind_key)
    if kind is not None and kind.always_email:
        # Links of old emails: these kinds cannot be switched off, so say the link does nothing.
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        with transaction.atomic():
            if is_digest:
                _unsubscribe_from_digests(user)
            else:
                set_frequency(user_id=user.pk, kind=kind_key, frequency=Frequency.OFF)
        return render(
            request, "notifications/unsubscribe_done.html", {"kind": kind, "is_digest": is_digest}
        )
    if request.method != "GET":
        return HttpResponseBadRequest()
    return render(
        request,
        "notifications/unsubscribe_confirm.html",
        {"kind": kind, "is_digest": is_digest, "token": token},
    )


def _unsubscribe_from_digests(user):
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    set_frequencies(
        user_id=user.pk,
        frequencies={
            kind.key: Frequency.OFF
            for kind in switchable_kinds()
            if stored.get(kind.key, kind.default_frequency) in (Frequency.DAILY, Frequency.WEEKLY)
        },
    )


class PreferencesForm(forms.Form):
    def __init__(self, *args, kinds, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            if kind.marketing:
                # Opt-in: unticked unless the member chose it.
                self.fields[kind.key] = forms.BooleanField(
                    label=kind.label,
                    help_text=kind.description,
                    required=False,
                    initial=current[kind.key] != Frequency.OFF,
                )
            else:
                self.fields[kind.key] = forms.ChoiceField(
                    label=kind.label,
                    help_text=kind.description,
                    choices=Frequency.choices,
                    initial=current[kind.key],
                )

    def frequencies(self):
        result = {}
        for kind in self.kinds:
            value = self.cleaned_data[kind.key]
            if kind.marketing:
                value = Frequency.IMMEDIATELY if value else Frequency.OFF
            result[kind.key] = value
        return result


@login_required
def preferences(request):
    kinds = switchable_kinds()  # always-emailed kinds are not a choice
    stored = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "frequency")
    )
    current = {kind.key: stored.get(kind.key, kind.default_frequency) for kind in kinds}
    form = PreferencesForm(request.POST or None, kinds=kinds, current=current)
    if request.method == "POST" and form.is_valid():
        set_frequencies(
            user_id=request.user.pk,
            frequencies={
                key: frequency
                for key, frequency in form.frequencies().items()
                if stored.get(key) != frequency
            },
        )
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
