"""The notification pipeline shared by every app.

Apps register their kinds (usually in AppConfig.ready) and call `notify` (one), `notify_many`
(the same notification to many) or `notify_each` (many different ones, in one insert). The
Notification row is the source of truth; email is delivered from it by Celery tasks after commit,
immediately or in a digest depending on the recipient's preference for that kind.
"""

import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from core.dispatch import enqueue
from notifications.kinds import get_kind
from notifications.models import Frequency, Notification, NotificationPreference
from notifications.tasks import email_notifications

# Kept from when the pipeline lived in members: links in emails already sent stay valid.
UNSUBSCRIBE_SALT = "members.notifications.unsubscribe"
DELIVERY_BATCH_SIZE = 500


def frequency_for(user_id, kind_key) -> str:
    kind = get_kind(kind_key)
    if kind.always_email:
        return kind.default_frequency  # a stored preference (from before) does not silence it
    stored = (
        NotificationPreference.objects.filter(user_id=user_id, kind=kind_key)
        .values_list("frequency", flat=True)
        .first()
    )
    return stored or kind.default_frequency


def set_frequency(*, user_id, kind, frequency):
    set_frequencies(user_id=user_id, frequencies={kind: frequency})


def set_frequencies(*, user_id, frequencies: dict):
    """The member's frequency for each kind key, in one upsert (however many kinds)."""
    if not frequencies:
        return
    now = timezone.now()
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user_id=user_id, kind=kind, frequency=frequency, updated_at=now)
            for kind, frequency in frequencies.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["frequency", "updated_at"],
    )


def _target_fields(target):
    if target is None:
        return None, ""
    return ContentType.objects.get_for_model(target).pk, str(target.pk)


def notify(*, recipient, kind, target=None, actor=None, data=None, dedupe_key=None):
    """Create one notification and, if the recipient wants it now, email it after commit.

    With a dedupe_key, a second call for the same recipient returns None and sends nothing.
    """
    content_type_id, object_id = _target_fields(target)
    frequency = frequency_for(recipient.pk, kind)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                target_content_type_id=content_type_id,
                target_object_id=object_id,
                actor=actor,
                data=data or {},
                dedupe_key=dedupe_key,
                email_frequency=frequency,
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    if frequency == Frequency.IMMEDIATELY:
        enqueue(_email_task(), notification.pk)
    return notification


def notify_address(*, email, language, kind, target=None, actor=None, data=None, dedupe_key=None):
    """Email someone who has no account (yet), e.g. an invitation: one row, sent after commit
    with the same retries and sweeper as every notification. No inbox, no preferences."""
    content_type_id, object_id = _target_fields(target)
    notification = Notification.objects.create(
        email=email,
        language=language or settings.LANGUAGE_CODE,
        kind=kind,
        target_content_type_id=content_type_id,
        target_object_id=object_id,
        actor=actor,
        data=data or {},
        dedupe_key=dedupe_key,
        email_frequency=Frequency.IMMEDIATELY,
    )
    enqueue(_email_task(), notification.pk)
    return notification


def _email_task():
    from notifications.tasks import email_notification  # noqa: PLC0415 - tasks import services

    return email_notification


_INSERT_MANY_SQL = """
INSERT INTO members_notification (
    recipient_id, kind, target_content_type_id, target_object_id, actor_id, data, created_at,
    email_frequency, email_attempts, dedupe_key
)
SELECT usr.id, %(kind)s, %(content_type_id)s, %(object_id)s, %(actor_id)s, %(data)s::jsonb, now(),
       CASE WHEN %(always_email)s THEN %(default_frequency)s
            ELSE COALESCE(pref.frequency, %(default_frequency)s) END, 0, %(dedupe_key)s
FROM unnest(%(recipient_ids)s::bigint[]) AS wanted(id)
JOIN members_user usr ON usr.id = wanted.id AND usr.is_active
LEFT JOIN members_notificationpreference pref ON pref.user_id = usr.id AND pref.kind = %(kind)s
ON CONFLICT DO NOTHING
RETURNING id, email_frequency
"""


def notify_many(*, recipient_ids, kind, target=None, actor=None, data=None, dedupe_key=None):
    """Notify many recipients in one set-based insert; returns how many rows were created.

    Preferences are joined in SQL, duplicates (same dedupe_key) are skipped by the unique
    constraint, and immediate emails are enqueued in batches after commit.
    """

    recipient_ids = sorted({int(pk) for pk in recipient_ids})
    if not recipient_ids:
        return 0
    content_type_id, object_id = _target_fields(target)
    kind_spec = get_kind(kind)
    params = {
        "kind": kind,
        "content_type_id": content_type_id,
        "object_id": object_id,
        "actor_id": actor.pk if actor is not None else None,
        "data": json.dumps(data or {}),
        "default_frequency": kind_spec.default_frequency,
        "always_email": kind_spec.always_email,
        "dedupe_key": dedupe_key,
        "recipient_ids": recipient_ids,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_INSERT_MANY_SQL, params)
        created = cursor.fetchall()
    immediate_ids = [pk for pk, frequency in created if frequency == Frequency.IMMEDIATELY]
    if immediate_ids:
        for start in range(0, len(immediate_ids), DELIVERY_BATCH_SIZE):
            enqueue(email_notifications, immediate_ids[start : start + DELIVERY_BATCH_SIZE])
    return len(created)


_INSERT_EACH_SQL = """
INSERT INTO members_notification (
    recipient_id, kind, target_content_type_id, target_object_id, actor_id, data, created_at,
    email_frequency, email_attempts, dedupe_key
)
SELECT wanted.recipient_id, wanted.kind, wanted.content_type_id, wanted.object_id, NULL,
       wanted.data, now(),
       CASE WHEN wanted.always_email THEN wanted.default_frequency
            ELSE COALESCE(pref.frequency, wanted.default_frequency) END, 0, wanted.dedupe_key
FROM unnest(%(recipient_ids)s::bigint[], %(kinds)s::varchar[], %(content_type_ids)s::int[],
            %(object_ids)s::varchar[], %(data)s::text[]::jsonb[], %(dedupe_keys)s::varchar[],
            %(always_email)s::boolean[], %(default_frequencies)s::varchar[])
     WITH ORDINALITY AS wanted(recipient_id, kind, content_type_id, object_id, data, dedupe_key,
                               always_email, default_frequency, position)
LEFT JOIN members_notificationpreference pref
       ON pref.user_id = wanted.recipient_id AND pref.kind = wanted.kind
ORDER BY wanted.position
ON CONFLICT DO NOTHING
RETURNING id, email_frequency
"""


def notify_each(notices):
    """Many different notifications in one insert: what `notify` does for each, at once.

    `notices`: dicts with `recipient_id`, `kind` and optionally `target`, `data`, `dedupe_key`
    (as `notify` takes them). Each recipient's preference for the kind decides its delivery; a
    notice whose dedupe_key the recipient already has is skipped. Immediate emails are enqueued
    in batches after commit. Returns how many rows were created.
    """
    notices = list(notices)
    if not notices:
        return 0
    columns = {
        "recipient_ids": [],
        "kinds": [],
        "content_type_ids": [],
        "object_ids": [],
        "data": [],
        "dedupe_keys": [],
        "always_email": [],
        "default_frequencies": [],
    }
    for notice in notices:
        kind = get_kind(notice["kind"])
        content_type_id, object_id = _target_fields(notice.get("target"))
        columns["recipient_ids"].append(int(notice["recipient_id"]))
        columns["kinds"].append(notice["kind"])
        columns["content_type_ids"].append(content_type_id)
        columns["object_ids"].append(object_id)
        columns["data"].append(json.dumps(notice.get("data") or {}))
        columns["dedupe_keys"].append(notice.get("dedupe_key"))
        columns["always_email"].append(kind.always_email)
        columns["default_frequencies"].append(kind.default_frequency)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_INSERT_EACH_SQL, columns)
        created = cursor.fetchall()
    immediate_ids = [pk for pk, frequency in created if frequency == Frequency.IMMEDIATELY]
    for start in range(0, len(immediate_ids), DELIVERY_BATCH_SIZE):
        enqueue(email_notifications, immediate_ids[start : start + DELIVERY_BATCH_SIZE])
    return len(created)


def unsubscribe_token(user_id, kind) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """Return (user_id, kind) or raise signing.BadSignature."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or "u" not in payload or "k" not in payload:
        raise signing.BadSignature("incomplete token")
    return payload["u"], payload["k"]


def unsubscribe_url(user_id, kind) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, kind)])
    return settings.SITE_URL.rstrip("/") + path
