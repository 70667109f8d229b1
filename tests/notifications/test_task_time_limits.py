"""Every task has soft and hard time limits from its queue, under the broker's visibility
timeout (a slow task is stopped before Redis would hand it to a second worker); a batch of
emails that runs out of time leaves the rest to the sweeper."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from diaspora.celery import app
from notifications import delivery
from notifications.models import Notification
from notifications.services import notify, notify_many
from notifications.tasks import email_notifications
from tests.factories.members import UserFactory
from tests.notifications.fake_email import RaisingBackend

OUR_APPS = ("notifications.", "organizations.", "events.", "members.", "campaigns.", "pages.")


def _our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(OUR_APPS)}


def test_every_queue_has_limits_under_the_visibility_timeout():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    queues = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    queues.add(settings.CELERY_TASK_DEFAULT_QUEUE)
    assert queues == set(settings.TASK_TIME_LIMITS)
    for queue, (soft, hard) in settings.TASK_TIME_LIMITS.items():
        assert 0 < soft < hard < visibility, queue


def test_every_task_carries_its_queues_limits():
    tasks = _our_tasks()
    assert "notifications.tasks.email_notifications" in tasks
    expected = {
        "notifications.tasks.email_notifications": settings.TASK_TIME_LIMITS["email"],
        "notifications.tasks.digest_user": settings.TASK_TIME_LIMITS["digests"],
        "organizations.tasks.match_need": settings.TASK_TIME_LIMITS["matching"],
        "notifications.tasks.sweep_unsent_notifications": settings.TASK_TIME_LIMITS["default"],
    }
    for name, (soft, hard) in expected.items():
        assert (tasks[name].soft_time_limit, tasks[name].time_limit) == (soft, hard), name
    for name, task in tasks.items():
        assert task.soft_time_limit and task.time_limit, name


@pytest.mark.django_db
def test_a_batch_out_of_time_leaves_the_rest_to_the_sweeper(monkeypatch):
    users = UserFactory.create_batch(3)
    notify_many(
        recipient_ids=[u.pk for u in users], kind="members.welcome"
    )  # not committed: no send
    ids = list(Notification.objects.order_by("id").values_list("id", flat=True))
    real_deliver = delivery.deliver_notification
    calls = []

    def deliver_until_time_is_up(notification_id):
        calls.append(notification_id)
        if len(calls) == 2:
            raise SoftTimeLimitExceeded()
        return real_deliver(notification_id)

    monkeypatch.setattr(delivery, "deliver_notification", deliver_until_time_is_up)
    with pytest.raises(SoftTimeLimitExceeded):
        email_notifications.run(ids)
    assert calls == ids[:2]
    unsent = delivery.unsent_immediate_ids(grace=delivery.SWEEP_GRACE * 0)
    assert unsent == ids[1:]


@pytest.mark.django_db
def test_running_out_of_time_mid_send_counts_no_attempt(settings, member):

    settings.EMAIL_BACKEND = "tests.notifications.fake_email.RaisingBackend"
    notification = notify(recipient=member, kind="members.welcome")  # not committed: no send
    RaisingBackend.errors = {"*": SoftTimeLimitExceeded()}
    try:
        with pytest.raises(SoftTimeLimitExceeded):
            delivery.deliver_notification(notification.pk)
    finally:
        RaisingBackend.errors = {}
    notification.refresh_from_db()
    assert notification.email_claimed_at is None and notification.email_attempts == 0
    assert notification.failed_at is None and notification.email_retry_at is None
