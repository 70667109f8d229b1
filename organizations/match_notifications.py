"""Telling members about new matches and invitations, through the notification pipeline.

New matches at or above matching.notify_min_score() notify the member. At most
settings.MATCH_EMAILS_PER_WEEK of them a week go out as immediate emails (kind
organizations.new_match); the rest are still notifications, of kind organizations.new_match_digest,
which the pipeline delivers in the digest.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind
from notifications.models import Notification
from notifications.services import notify
from organizations.models import Match

KIND_NEW_MATCH = "organizations.new_match"
KIND_NEW_MATCH_DIGEST = "organizations.new_match_digest"
KIND_INVITED_TO_OFFER = "organizations.invited_to_offer"


def emails_per_week():
    return getattr(settings, "MATCH_EMAILS_PER_WEEK", 3)


def register_kinds():
    register_kind(
        KIND_NEW_MATCH,
        label=_("A need that fits you"),
        email_template="organizations/email/new_match",
        default_frequency="immediately",
        marketing=False,
    )
    register_kind(
        KIND_NEW_MATCH_DIGEST,
        label=_("More needs that fit you, beyond the weekly limit of emails"),
        email_template="organizations/email/new_match",
        default_frequency="weekly",
        marketing=False,
    )
    register_kind(
        KIND_INVITED_TO_OFFER,
        label=_("A team invites you to offer help"),
        email_template="organizations/email/invited_to_offer",
        default_frequency="immediately",
        marketing=False,
    )
    _register_offer_kinds()


def _register_offer_kinds():
    from organizations import notifications  # noqa: PLC0415 - it imports this module

    labels = {
        notifications.KIND_OFFER_MADE: _("Someone offers help with your team's need"),
        notifications.KIND_OFFER_ACCEPTED: _("Your offer of help was accepted"),
        notifications.KIND_OFFER_DECLINED: _("Your offer of help was declined"),
        notifications.KIND_OFFER_EXPIRED: _("Your offer of help closed without an answer"),
        notifications.KIND_INVITATION: _("You are invited to join a team"),
        notifications.KIND_NEED_EXPIRED: _("Your team's need closed at its deadline"),
        notifications.KIND_INVITATION_ACCEPTED: _("Someone you invited joined the team"),
        notifications.KIND_JOIN_REQUESTED: _("Someone asks to join your organization"),
        notifications.KIND_JOIN_ACCEPTED: _("Your request to join was accepted"),
        notifications.KIND_JOIN_DECLINED: _("Your request to join was declined"),
        notifications.KIND_CHECK_IN: _("How is the help going? A short check-in"),
        notifications.KIND_CHECK_IN_REMINDER: _("A reminder: how is the help going?"),
        notifications.KIND_THANKED: _("A team thanked you for your help"),
    }
    for kind, template in notifications.KIND_TEMPLATES.items():
        register_kind(
            kind,
            label=labels[kind],
            email_template=f"organizations/email/{template}",
            default_frequency="immediately",
            marketing=False,
        )


def _send(*, recipient, kind, target, actor=None, data=None, dedupe_key=None):
    return notify(
        recipient=recipient,
        kind=kind,
        target=target,
        actor=actor,
        data=data,
        dedupe_key=dedupe_key,
    )


def notify_new_matches(match_ids):
    """Notify each member of their new matches, best first, capped per week. Safe to run twice:
    a match is notified once (notified_at), and the pipeline dedupes on the same key."""
    now = timezone.now()
    matches = list(
        Match.objects.filter(pk__in=match_ids, notified_at__isnull=True)
        .select_related("user", "need__venture")
        .order_by("user_id", "-score")
    )
    if not matches:
        return 0
    user_ids = {match.user_id for match in matches}
    # The cap counts the notifications themselves: Match rows vanish (an offer on the need, the
    # need closing, a profile change), and an email sent stays sent.
    emailed = dict(
        Notification.objects.filter(
            recipient_id__in=user_ids,
            kind=KIND_NEW_MATCH,
            created_at__gte=now - timedelta(days=7),
        )
        .values("recipient_id")
        .annotate(count=Count("pk"))
        .values_list("recipient_id", "count")
    )
    cap = emails_per_week()
    for match in matches:
        immediate = emailed.get(match.user_id, 0) < cap
        claimed = Match.objects.filter(pk=match.pk, notified_at__isnull=True).update(
            notified_at=now, notified_immediately=immediate
        )
        if not claimed:
            continue
        if immediate:
            emailed[match.user_id] = emailed.get(match.user_id, 0) + 1
        _send(
            recipient=match.user,
            kind=KIND_NEW_MATCH if immediate else KIND_NEW_MATCH_DIGEST,
            target=match.need,
            # "title" is what the inbox shows next to the kind's label.
            data={"title": match.need.title, "score": match.score, "reasons": match.reasons},
            dedupe_key=f"new_match:{match.need_id}:{match.user_id}",
        )
    return len(matches)


def invited_to_offer(match, *, invited_by):
    return _send(
        recipient=match.user,
        kind=KIND_INVITED_TO_OFFER,
        target=match.need,
        actor=invited_by,
        data={"title": match.need.title, "reasons": match.reasons},
        dedupe_key=f"invited_to_offer:{match.need_id}:{match.user_id}",
    )
