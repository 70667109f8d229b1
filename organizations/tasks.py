"""Thin Celery tasks: they call a service and are safe to run twice."""

from celery import shared_task

from core.dispatch import enqueue
from organizations import match_notifications, matching, notifications, services


@shared_task(name="organizations.tasks.expire_stale_offers")
def expire_stale_offers():
    return services.expire_stale_offers()


@shared_task(name="organizations.tasks.close_expired_needs")
def close_expired_needs():
    return services.close_expired_needs()


@shared_task(name="organizations.tasks.tell_needs_expired")
def tell_needs_expired(need_ids):
    """Tell the teams of these needs that they closed at their deadline (once per member)."""

    return notifications.needs_expired(need_ids)


def _notify_after_commit(match_ids):
    enqueue(notify_new_matches, match_ids)


@shared_task(name="organizations.tasks.match_need")
def match_need(need_id):
    """Re-score one need against every member (its matches go if it is no longer open). Telling
    the members of the new matches is a task of its own, after commit: scoring is one statement,
    telling up to 200 members another transaction as long."""

    return matching.match_need(need_id, notify=_notify_after_commit).kept


@shared_task(name="organizations.tasks.match_member")
def match_member(user_id):
    """Re-score one member against every open need (their matches go if they opted out); the
    new matches are told by a task of their own, as for a need."""

    return matching.match_member(user_id, notify=_notify_after_commit).kept


@shared_task(name="organizations.tasks.notify_new_matches")
def notify_new_matches(match_ids):
    """Tell members of these new matches; a match already told is skipped (notified_at)."""

    return match_notifications.notify_new_matches(match_ids)


@shared_task(name="organizations.tasks.send_check_ins")
def send_check_ins(now=None):
    """Check-ins at 30 and 90 days and their one reminder. `now` (ISO 8601) replays a day."""
    return services.send_check_ins(now=now)
