"""allauth's own emails go through the pipeline: a mail server that is down never breaks
sign-up, and the sweeper sends the message once it is back."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import sweep_unsent_notifications
from tests.notifications.fake_email import RaisingBackend

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "nueva@example.org",
    "password1": "a-long-Passphrase-2026",
    "password2": "a-long-Passphrase-2026",
    "accept_code_of_conduct": "on",
}


@override_settings(EMAIL_BACKEND="tests.notifications.fake_email.RaisingBackend")
def test_signup_answers_while_smtp_is_down_and_the_sweeper_sends_later(
    client, django_capture_on_commit_callbacks
):
    RaisingBackend.errors = {"*": smtplib.SMTPServerDisconnected("down")}
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_signup"), SIGNUP)
    finally:
        RaisingBackend.errors = {}
    assert response.status_code == 302
    queued = Notification.objects.get(email="nueva@example.org")
    assert queued.kind == "account.email" and queued.emailed_at is None
    assert queued.failed_at is None and queued.email_retry_at is not None
    assert mail.outbox == []

    Notification.objects.update(
        email_retry_at=timezone.now() - timedelta(minutes=1)
    )  # backoff over
    assert sweep_unsent_notifications(grace_seconds=0) == 1
    (message,) = mail.outbox
    assert message.to == ["nueva@example.org"]
    assert message.subject.startswith("[Diaspora Changemakers] ")
    assert message.subject.count("[Diaspora Changemakers]") == 1
    assert "/accounts/confirm-email/" in message.body
    assert "/accounts/confirm-email/" in message.alternatives[0][0]
    assert "List-Unsubscribe" not in message.extra_headers


def test_password_reset_is_rendered_in_the_readers_language(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": member.email}, HTTP_ACCEPT_LANGUAGE="es"
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "/accounts/password/reset/key/" in message.body
    assert "contraseña" in (message.subject + message.body).lower()
    assert Notification.objects.get(email=member.email).emailed_at is not None
