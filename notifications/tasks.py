"""Thin Celery tasks: take primary keys, call a service, safe to run twice.

Names matter: `email_*` go to the email queue and `digest_*` to the digests queue (settings).

Retries are not Celery's: delivery records each failure on the row (failed for good, or the time
of the next attempt) and the sweeper sends it again when that time comes.
"""

import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from notifications import delivery
from notifications.models import Frequency

logger = logging.getLogger(__name__)


@shared_task
def email_notification(notification_id):
    return delivery.deliver_notification(notification_id)


@shared_task
def email_notifications(notification_ids):
    """Each notification on its own claim: one that cannot be sent never stops the others."""
    sent = 0
    for notification_id in notification_ids:
        try:
            sent += bool(delivery.deliver_notification(notification_id))
        except SoftTimeLimitExceeded:
            raise  # out of time: the rest stay unclaimed and the sweeper sends them
        except Exception:
            logger.exception("Delivering notification %s failed", notification_id)
    return sent


@shared_task
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
    # Digests whose send failed for a passing reason are sent again when their backoff ends.
    for user_id, frequency in delivery.digests_due_for_retry():
        digest_user.delay(user_id, frequency)
    return len(ids)
