"""Email delivery of notifications: claim atomically, render in the recipient's language and
time zone, send, mark sent. Safe to run twice or on two workers at once: only the worker that
claims a row sends it.

A failed send never raises out of here: a permanent refusal (5xx, refused or invalid address)
marks the row failed at once; a transient one (connection error, 4xx) schedules the next attempt
with a growing delay, and after MAX_EMAIL_ATTEMPTS the row is failed too. Failed rows are left
alone by the sweeper and the digests and are listed (and retried) in the admin.
"""

import logging
import smtplib
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import connection
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import User
from notifications.kinds import get_kind
from notifications.models import Frequency, Notification
from notifications.services import frequency_for, unsubscribe_url

# A claim older than this is presumed dead (worker killed mid-send) and may be taken again.
CLAIM_LEASE = timedelta(minutes=10)
# The sweeper leaves fresh rows alone: their on-commit task is most likely on its way.
SWEEP_GRACE = timedelta(minutes=2)
# Transient failures are retried this many times in all (about an hour and a half of backoff),
# then the row is failed.
MAX_EMAIL_ATTEMPTS = 8
RETRY_BASE = timedelta(minutes=1)
RETRY_MAX = timedelta(minutes=30)

logger = logging.getLogger(__name__)

# statement_timestamp(), not now(): the time of this claim even inside a longer transaction.
_CLAIM_SQL = """
UPDATE members_notification
SET email_claimed_at = statement_timestamp(), email_attempts = email_attempts + 1
WHERE id = ANY(%s) AND emailed_at IS NULL AND failed_at IS NULL AND email_frequency = %s
  AND (email_claimed_at IS NULL OR email_claimed_at < statement_timestamp() - %s)
  AND (email_retry_at IS NULL OR email_retry_at <= statement_timestamp())
RETURNING id
"""


class PermanentDeliveryError(Exception):
    """Sending again would fail the same way (bad address, refused by the server)."""


def _claim(ids, frequency):
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, [list(ids), frequency, CLAIM_LEASE])
        return [row[0] for row in cursor.fetchall()]


def _mark_sent(ids):
    Notification.objects.filter(id__in=ids).update(
        emailed_at=timezone.now(), email_claimed_at=None, email_retry_at=None
    )


def is_permanent(error) -> bool:
    if isinstance(error, PermanentDeliveryError | smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _describe(error) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def _record_failure(ids, error):
    """Fail the rows now (permanent error, or the last attempt), else schedule the next try."""
    now = timezone.now()
    rows = Notification.objects.filter(id__in=ids, emailed_at__isnull=True)
    if is_permanent(error):
        rows.update(failed_at=now, failure=_describe(error), email_claimed_at=None)
        logger.warning("Notification email failed for good %s: %s", ids, _describe(error))
        return
    for notification_id, attempts in rows.values_list("id", "email_attempts"):
        row = Notification.objects.filter(pk=notification_id)
        if attempts >= MAX_EMAIL_ATTEMPTS:
            row.update(failed_at=now, failure=_describe(error), email_claimed_at=None)
            logger.warning(
                "Notification %s email failed after %s attempts: %s",
                notification_id,
                attempts,
                _describe(error),
            )
        else:
            delay = min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)
            row.update(email_claimed_at=None, email_retry_at=now + delay, failure=_describe(error))
            logger.info("Notification %s email will be retried: %s", notification_id, error)


def _send(claimed, build):
    """Build and send one message for the claimed rows; True if sent. Never raises."""
    try:
        message = build()
        for address in message.to:
            try:
                validate_email(address)
            except ValidationError:
                raise PermanentDeliveryError(f"invalid address {address!r}") from None
        message.send()
    except SoftTimeLimitExceeded:
        # The task ran out of time, not this email: no attempt counted, free for the sweeper.
        Notification.objects.filter(id__in=claimed).update(
            email_claimed_at=None, email_attempts=F("email_attempts") - 1
        )
        raise
    except Exception as error:
        if not isinstance(error, smtplib.SMTPException | OSError | PermanentDeliveryError):
            logger.exception("Unexpected error sending notification email %s", claimed)
        _record_failure(claimed, error)
        return False
    _mark_sent(claimed)
    return True


def _render(template_base, context):
    text = select_template([f"{template_base}.txt", "notifications/email/generic.txt"]).render(
        context
    )
    html = select_template([f"{template_base}.html", "notifications/email/generic.html"]).render(
        context
    )
    return text, html


def _subject(kind, notification, context) -> str:
    """The kind's `<template>_subject.txt` when it has one (in the reader's language), else the
    subject stored with the row, else the kind's label."""
    try:
        subject = render_to_string(f"{kind.email_template}_subject.txt", context)
    except TemplateDoesNotExist:
        subject = (notification.data or {}).get("subject") or str(kind.label)
    return " ".join(subject.split())


def _message(address, kind_key, subject, text, html, unsubscribe):
    headers = {"X-Notification-Kind": kind_key}
    if unsubscribe:
        # RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click".
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def build_notification_email(notification):
    user = notification.recipient
    kind = get_kind(notification.kind)
    if user is None:  # someone with no account: no preferences to unsubscribe from
        address, language, zone, unsubscribe = (
            notification.email,
            notification.language,
            "UTC",
            None,
        )
    else:
        address, language, zone = user.email, user.language, user.time_zone or "UTC"
        # Kinds that cannot be switched off carry no unsubscribe link that would do nothing.
        unsubscribe = None if kind.always_email else unsubscribe_url(user.pk, notification.kind)
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(zone):
        target = notification.target if notification.target_content_type_id else None
        context = {
            "notification": notification,
            "recipient": user,
            "target": target,
            "data": notification.data or {},
            "kind": kind,
            "site_url": settings.SITE_URL.rstrip("/"),
            "site_name": settings.SITE_NAME,
            "unsubscribe_url": unsubscribe,
        }
        text, html = _render(kind.email_template, context)
        subject = _subject(kind, notification, context)
    return _message(address, notification.kind, subject, text, html, unsubscribe)


def deliver_notification(notification_id) -> bool:
    """Send one immediate notification email. Returns True if this call sent it."""
    claimed = _claim([notification_id], Frequency.IMMEDIATELY)
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    if recipient is not None:
        if frequency_for(recipient.pk, notification.kind) == Frequency.OFF:
            # Unsubscribed between creation and delivery: keep the row, send nothing.
            Notification.objects.filter(pk=notification_id).update(
                email_frequency=Frequency.OFF, email_claimed_at=None
            )
            return False
        reachable = recipient.is_active or get_kind(notification.kind).reaches_inactive
        if not reachable or not recipient.email:
            _mark_sent(claimed)
            return False
    return _send(claimed, lambda: build_notification_email(notification))


def deliver_digest(user_id, frequency) -> int:
    """Send one digest with every unsent notification of that frequency; returns how many."""
    user = User.objects.get(pk=user_id)
    pending = Notification.objects.filter(
        recipient_id=user_id,
        email_frequency=frequency,
        emailed_at__isnull=True,
        failed_at__isnull=True,
    ).values_list("id", flat=True)
    claimed = _claim(list(pending), frequency)
    if not claimed:
        return 0
    if not user.is_active or not user.email:
        _mark_sent(claimed)
        return 0
    notifications = list(
        Notification.objects.filter(id__in=claimed)
        .select_related("actor", "target_content_type")
        .order_by("created_at")
    )
    unsubscribe = unsubscribe_url(user.pk, "digest")
    with (
        translation.override(user.language or settings.LANGUAGE_CODE),
        timezone.override(user.time_zone or "UTC"),
    ):
        items = [
            {"notification": n, "kind": get_kind(n.kind), "url": n.get_target_url()}
            for n in notifications
        ]
        context = {
            "recipient": user,
            "items": items,
            "frequency": frequency,
            "site_url": settings.SITE_URL.rstrip("/"),
            "site_name": settings.SITE_NAME,
            "unsubscribe_url": unsubscribe,
            "preferences_url": settings.SITE_URL.rstrip("/") + "/members/me/notifications/",
        }
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
        if frequency == Frequency.WEEKLY:
            subject = _("Your weekly digest")
        else:
            subject = _("Your daily digest")
    sent = _send(claimed, lambda: _message(user.email, "digest", subject, text, html, unsubscribe))
    return len(claimed) if sent else 0


def retry_failed(ids) -> list[int]:
    """Give failed rows a fresh start (the admin's "retry"); returns the immediate ones to send."""
    rows = Notification.objects.filter(id__in=ids, emailed_at__isnull=True)
    rows.update(
        failed_at=None, failure="", email_attempts=0, email_retry_at=None, email_claimed_at=None
    )
    return list(rows.filter(email_frequency=Frequency.IMMEDIATELY).values_list("id", flat=True))


def users_with_pending_digest(frequency):
    return (
        Notification.objects.filter(
            email_frequency=frequency, emailed_at__isnull=True, failed_at__isnull=True
        )
        .filter(Q(email_retry_at__isnull=True) | Q(email_retry_at__lte=timezone.now()))
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def digests_due_for_retry():
    """(user id, frequency) of digests that failed transiently and whose next attempt is due."""
    return (
        Notification.objects.filter(
            email_frequency__in=[Frequency.DAILY, Frequency.WEEKLY],
            emailed_at__isnull=True,
            failed_at__isnull=True,
            email_retry_at__lte=timezone.now(),
        )
        .values_list("recipient_id", "email_frequency")
        .distinct()
    )


def unsent_immediate_ids(grace=SWEEP_GRACE, limit=10_000):
    """Immediate notifications nobody sent or holds a live claim on, older than the grace."""
    now = timezone.now()
    return list(
        Notification.objects.filter(
            email_frequency=Frequency.IMMEDIATELY,
            emailed_at__isnull=True,
            failed_at__isnull=True,
            created_at__lte=now - grace,
        )
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - CLAIM_LEASE))
        .filter(Q(email_retry_at__isnull=True) | Q(email_retry_at__lte=now))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
