"""Thin Celery tasks: take primary keys, call a service, safe to run twice.

Names matter: `email_*` go to the email queue and `digest_*` to the digests queue (settings).
"""

from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task

from notifications import delivery
from notifications.models import Frequency

RETRYABLE = (SMTPException, OSError, ConnectionError, TimeoutError)
RETRY_OPTIONS = {
    "autoretry_for": RETRYABLE,
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**RETRY_OPTIONS)
def email_notification(notification_id):
    return delivery.deliver_notification(notification_id)


@shared_task(**RETRY_OPTIONS)
def email_notifications(notification_ids):
    sent = 0
    for notification_id in notification_ids:
        sent += bool(delivery.deliver_notification(notification_id))
    return sent


@shared_task(**RETRY_OPTIONS)
def digest_user(user_id, frequency):
    return delivery.deliver_digest(user_id, frequency)


def _enqueue_digests(frequency):
    user_ids = list(delivery.users_with_pending_digest(frequency))
    for user_id in user_ids:
        digest_user.delay(user_id, frequency)
    return len(user_ids)


@shared_task
def digest_daily():
    return _enqueue_digests(Frequency.DAILY)


@shared_task
def digest_weekly():
    return _enqueue_digests(Frequency.WEEKLY)


@shared_task
def sweep_unsent_notifications(grace_seconds=None):
    """Re-enqueue immediate notifications whose task was lost (Redis flush, restart, crash)."""
    grace = delivery.SWEEP_GRACE if grace_seconds is None else timedelta(seconds=grace_seconds)
    ids = delivery.unsent_immediate_ids(grace=grace)
    for start in range(0, len(ids), 500):
        email_notifications.delay(ids[start : start + 500])
    return len(ids)
