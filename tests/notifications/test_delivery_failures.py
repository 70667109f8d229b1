"""A notification that cannot be emailed never holds back the others, permanent refusals stop at
once, passing failures back off and give up, and staff see (and retry) what failed."""

import smtplib

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications.delivery import MAX_EMAIL_ATTEMPTS
from notifications.models import Notification
from notifications.services import notify, notify_address, notify_many
from notifications.tasks import sweep_unsent_notifications
from tests.factories.members import UserFactory
from tests.notifications.fake_email import RaisingBackend, outbox_addresses

pytestmark = pytest.mark.django_db

FAKE_BACKEND = "tests.notifications.fake_email.RaisingBackend"

PERMANENT = {
    "recipients refused": lambda to: smtplib.SMTPRecipientsRefused({to: (550, b"No such user")}),
    "sender refused": lambda to: smtplib.SMTPSenderRefused(553, b"Not allowed", "hola@x.org"),
    "5xx response": lambda to: smtplib.SMTPDataError(554, b"Rejected as spam"),
}
TRANSIENT = {
    "disconnected": lambda to: smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    "connection refused": lambda to: ConnectionRefusedError(111, "Connection refused"),
    "4xx response": lambda to: smtplib.SMTPResponseException(451, b"Try again later"),
}


@pytest.fixture
def failing_backend():
    with override_settings(EMAIL_BACKEND=FAKE_BACKEND):
        RaisingBackend.errors = {}
        yield RaisingBackend.errors
        RaisingBackend.errors = {}


def _time_passes():
    """The backoff has run out (the tests do not wait for the clock)."""
    Notification.objects.filter(email_retry_at__isnull=False).update(
        email_retry_at=timezone.now() - timezone.timedelta(minutes=1)
    )


def test_a_refused_address_does_not_stop_its_batch(
    failing_backend, django_capture_on_commit_callbacks
):
    poison, *others = UserFactory.create_batch(3)
    failing_backend[poison.email] = PERMANENT["recipients refused"](poison.email)
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(recipient_ids=[poison.pk, *(u.pk for u in others)], kind="members.welcome")
    assert sorted(outbox_addresses()) == sorted(u.email for u in others)
    failed = Notification.objects.get(recipient=poison)
    assert failed.failed_at is not None and "SMTPRecipientsRefused" in failed.failure
    # Never again, however often the sweeper runs.
    assert sweep_unsent_notifications(grace_seconds=0) == 0
    assert Notification.objects.get(recipient=poison).email_attempts == 1


@pytest.mark.parametrize("error", PERMANENT.values(), ids=PERMANENT.keys())
def test_permanent_failures_stop_at_once(
    error, failing_backend, member, django_capture_on_commit_callbacks
):
    failing_backend[member.email] = error(member.email)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=member, kind="members.welcome")
    notification.refresh_from_db()
    assert notification.failed_at is not None
    assert notification.failure
    assert notification.emailed_at is None
    _time_passes()
    assert sweep_unsent_notifications(grace_seconds=0) == 0


def test_an_invalid_address_fails_at_once(failing_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_address(email="not an address", language="es", kind="members.welcome")
    notification.refresh_from_db()
    assert notification.failed_at is not None and "invalid address" in notification.failure
    assert mail.outbox == []


@pytest.mark.parametrize("error", TRANSIENT.values(), ids=TRANSIENT.keys())
def test_transient_failures_back_off_then_give_up(
    error, failing_backend, member, django_capture_on_commit_callbacks
):
    failing_backend[member.email] = error(member.email)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=member, kind="members.welcome")
    notification.refresh_from_db()
    assert notification.failed_at is None
    assert notification.email_retry_at > timezone.now()
    # Backing off: the sweeper (every minute) leaves it until its time comes.
    assert sweep_unsent_notifications(grace_seconds=0) == 0
    for attempt in range(2, MAX_EMAIL_ATTEMPTS + 1):
        _time_passes()
        assert sweep_unsent_notifications(grace_seconds=0) == 1
        notification.refresh_from_db()
        assert notification.email_attempts == attempt
    assert notification.failed_at is not None
    _time_passes()
    assert sweep_unsent_notifications(grace_seconds=0) == 0
    assert mail.outbox == []


def test_a_transient_failure_is_sent_once_the_server_is_back(
    failing_backend, member, django_capture_on_commit_callbacks
):
    failing_backend["*"] = TRANSIENT["disconnected"](member.email)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="members.welcome")
    failing_backend.clear()
    _time_passes()
    sweep_unsent_notifications(grace_seconds=0)
    assert outbox_addresses() == [member.email]
    assert Notification.objects.get(recipient=member).emailed_at is not None


def test_admin_lists_failed_emails_and_retries_them(
    client, staff, failing_backend, member, django_capture_on_commit_callbacks
):
    failing_backend[member.email] = PERMANENT["5xx response"](member.email)
    with django_capture_on_commit_callbacks(execute=True):
        failed = notify(recipient=member, kind="members.welcome")
        sent = notify(recipient=UserFactory(), kind="members.welcome")
    client.force_login(staff)
    url = reverse("admin:notifications_notification_changelist")
    response = client.get(url, {"delivery": "failed"})
    assert response.status_code == 200
    listed = [row.pk for row in response.context["cl"].result_list]
    assert listed == [failed.pk] and sent.pk not in listed

    failing_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "retry", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.failed_at is None and failed.emailed_at is not None
    assert outbox_addresses().count(member.email) == 1
