"""Telling members about new matches and invitations, through the notification pipeline.

New matches at or above matching.notify_min_score() notify the member. At most
settings.MATCH_EMAILS_PER_WEEK of them a week go out as immediate emails (kind
organizations.new_match); the rest are still notifications, of kind organizations.new_match_digest,
which the pipeline delivers in the digest.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import register_kind
from notifications.services import notify, notify_each
from organizations.models import Need

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


# Claims the new matches in one statement and decides, per member, which go out as immediate
# emails: a member's matches best first (then oldest), immediate while the emails of the last
# seven days (the notifications themselves: Match rows vanish, an email sent stays sent) and the
# ones before it in this run stay under the weekly cap.
_CLAIM_SQL = """
WITH wanted AS (
    SELECT m.id, m.user_id, m.need_id,
           row_number() OVER (PARTITION BY m.user_id ORDER BY m.score DESC, m.id) AS place
    FROM organizations_match m
    WHERE m.id = ANY(%(match_ids)s) AND m.notified_at IS NULL
),
emailed AS (
    SELECT n.recipient_id, count(*) AS sent
    FROM members_notification n
    WHERE n.recipient_id IN (SELECT user_id FROM wanted)
      AND n.kind = %(kind)s AND n.created_at >= %(since)s
    GROUP BY 1
)
UPDATE organizations_match m
SET notified_at = %(now)s,
    notified_immediately = COALESCE(e.sent, 0) + w.place <= %(cap)s
FROM wanted w
LEFT JOIN emailed e ON e.recipient_id = w.user_id
JOIN organizations_need n ON n.id = w.need_id
WHERE m.id = w.id AND m.notified_at IS NULL
RETURNING m.user_id, m.need_id, m.score, m.reasons, m.notified_immediately, n.title
"""


def _json(value):
    # Django has psycopg hand jsonb from raw SQL over as text.
    return json.loads(value) if isinstance(value, str) else value


def notify_new_matches(match_ids):
    """Notify each member of their new matches, best first, capped per week: one statement
    claims them all, one insert notifies. Safe to run twice: a match is notified once
    (notified_at), and the pipeline dedupes on the same key. Returns how many were claimed."""
    match_ids = [int(pk) for pk in match_ids]
    if not match_ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                _CLAIM_SQL,
                {
                    "match_ids": match_ids,
                    "kind": KIND_NEW_MATCH,
                    "since": now - timedelta(days=7),
                    "now": now,
                    "cap": emails_per_week(),
                },
            )
            claimed = cursor.fetchall()
        notify_each(
            {
                "recipient_id": user_id,
                "kind": KIND_NEW_MATCH if immediate else KIND_NEW_MATCH_DIGEST,
                "target": Need(pk=need_id),
                # "title" is what the inbox shows next to the kind's label.
                "data": {"title": title, "score": score, "reasons": _json(reasons)},
                "dedupe_key": f"new_match:{need_id}:{user_id}",
            }
            for user_id, need_id, score, reasons, immediate, title in sorted(
                claimed, key=lambda row: (row[0], -row[2])
            )
        )
    return len(claimed)


def invited_to_offer(match, *, invited_by):
    return _send(
        recipient=match.user,
        kind=KIND_INVITED_TO_OFFER,
        target=match.need,
        actor=invited_by,
        data={"title": match.need.title, "reasons": match.reasons},
        dedupe_key=f"invited_to_offer:{match.need_id}:{match.user_id}",
    )
