from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import Frequency, Notification, NotificationPreference
from notifications.services import (
    notify,
    notify_each,
    notify_many,
    set_frequency,
    unsubscribe_token,
)
from notifications.tasks import (
    digest_daily,
    digest_weekly,
    email_notification,
    sweep_unsent_notifications,
)
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db(transaction=False)


def test_notify_emails_immediately_with_unsubscribe_headers(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=member, kind="members.welcome")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/notifications/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives[0][1] == "text/html"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_delivery_is_idempotent(member, django_capture_on_commit_callbacks):

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=member, kind="members.welcome")
    email_notification(notification.pk)
    email_notification(notification.pk)
    assert len(mail.outbox) == 1


def test_dedupe_key_makes_notify_idempotent(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipient=member, kind="members.welcome", dedupe_key="once")
        second = notify(recipient=member, kind="members.welcome", dedupe_key="once")
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1


def test_off_preference_sends_no_email(member, django_capture_on_commit_callbacks):
    set_frequency(user_id=member.pk, kind="members.welcome", frequency=Frequency.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="members.welcome")
    assert Notification.objects.filter(recipient=member).count() == 1
    assert mail.outbox == []


def test_marketing_kind_is_opt_in(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="members.newsletter")
    assert mail.outbox == []
    set_frequency(user_id=member.pk, kind="members.newsletter", frequency=Frequency.IMMEDIATELY)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="members.newsletter")
    assert len(mail.outbox) == 1


def test_digest_frequency_is_not_immediate_and_each_row_in_one_digest(
    member, django_capture_on_commit_callbacks
):
    set_frequency(user_id=member.pk, kind="members.welcome", frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=member, kind="members.welcome", data={"title": "Uno"})
        notify(recipient=member, kind="members.welcome", data={"title": "Dos"})
    assert mail.outbox == []
    sweep_unsent_notifications(grace_seconds=0)
    assert mail.outbox == []
    digest_weekly()
    assert mail.outbox == []
    digest_daily()
    assert len(mail.outbox) == 1
    assert "Uno" in mail.outbox[0].body and "Dos" in mail.outbox[0].body
    digest_daily()
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_email_in_recipient_language_and_time_zone(django_capture_on_commit_callbacks):
    member = UserFactory(language="es", time_zone="America/Bogota")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=member, kind="members.welcome")
    Notification.objects.filter(pk=notification.pk).update(
        created_at=datetime(2026, 3, 10, 3, 30, tzinfo=UTC)
    )
    mail.outbox.clear()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=None, email_claimed_at=None)

    email_notification(notification.pk)
    body = mail.outbox[0].body
    assert "Hola" in body
    # 03:30 UTC on 10 March is 22:30 on 9 March in Bogotá.
    assert "9 de marzo de 2026" in body and "22:30" in body


def test_notify_many_bulk_respects_preferences_and_dedupe(django_capture_on_commit_callbacks):
    members = UserFactory.create_batch(5)
    set_frequency(user_id=members[0].pk, kind="members.welcome", frequency=Frequency.OFF)
    set_frequency(user_id=members[1].pk, kind="members.welcome", frequency=Frequency.WEEKLY)
    ids = [m.pk for m in members]
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_many(recipient_ids=ids, kind="members.welcome", dedupe_key="launch")
        again = notify_many(recipient_ids=ids, kind="members.welcome", dedupe_key="launch")
    assert created == 5 and again == 0
    assert len(mail.outbox) == 3
    assert Notification.objects.get(recipient=members[1]).email_frequency == Frequency.WEEKLY


def test_notify_each_makes_what_notify_makes_one_by_one(django_capture_on_commit_callbacks):
    """Different kinds, targets, data and dedupe keys in one insert: the same rows, preferences
    and emails as `notify` for each, and a second call with the same keys makes nothing."""
    members = UserFactory.create_batch(4)
    set_frequency(user_id=members[0].pk, kind="members.welcome", frequency=Frequency.OFF)
    set_frequency(user_id=members[1].pk, kind="members.welcome", frequency=Frequency.WEEKLY)
    # A kind that is always emailed ignores the stored preference, as notify does.
    set_frequency(user_id=members[2].pk, kind="moderation.warning", frequency=Frequency.OFF)

    def notices():
        return [
            {
                "recipient_id": members[0].pk,
                "kind": "members.welcome",
                "target": members[3],
                "data": {"title": "á", "n": 1},
                "dedupe_key": "one",
            },
            {"recipient_id": members[1].pk, "kind": "members.welcome", "dedupe_key": "two"},
            {"recipient_id": members[2].pk, "kind": "moderation.warning", "data": {"message": "x"}},
            {"recipient_id": members[3].pk, "kind": "members.welcome", "dedupe_key": "four"},
        ]

    with django_capture_on_commit_callbacks(execute=True):
        created = notify_each(notices())
        again = notify_each([notice for notice in notices() if notice.get("dedupe_key")])
    assert (created, again) == (4, 0)
    rows = {row.recipient: row for row in Notification.objects.all()}
    assert rows[members[0]].email_frequency == Frequency.OFF
    assert rows[members[0]].target == members[3]
    assert rows[members[0]].data == {"title": "á", "n": 1}
    assert rows[members[1]].email_frequency == Frequency.WEEKLY
    assert rows[members[1]].target_object_id == "" and rows[members[1]].data == {}
    assert rows[members[2]].email_frequency == Frequency.IMMEDIATELY
    assert rows[members[3]].dedupe_key == "four"
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [members[2].email, members[3].email]
    )
    assert notify_each([]) == 0


def test_unsubscribe_get_changes_nothing_and_post_turns_kind_off(client, member):
    token = unsubscribe_token(member.pk, "members.welcome")
    url = reverse("notifications:unsubscribe", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    assert b"<form" in response.content
    assert not NotificationPreference.objects.exists()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert (
        NotificationPreference.objects.get(user=member, kind="members.welcome").frequency == "off"
    )


def test_unsubscribe_bad_token_is_refused(client, member):
    token = unsubscribe_token(member.pk, "members.welcome")
    response = client.post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_unsubscribe_post_works_without_csrf_token(member):

    client = Client(enforce_csrf_checks=True)
    url = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(member.pk, "members.welcome")]
    )
    assert client.post(url).status_code == 200
    assert NotificationPreference.objects.filter(user=member, frequency="off").exists()


def test_inbox_query_count_is_flat_and_mark_all_read(client, member, django_assert_max_num_queries):
    other = UserFactory()
    notify_many(recipient_ids=[member.pk], kind="members.welcome", actor=other)
    for index in range(40):
        Notification.objects.create(
            recipient=member,
            kind="members.newsletter" if index % 2 else "members.welcome",
            actor=other,
            target=other,
            email_frequency="off",
        )
    Notification.objects.create(recipient=other, kind="members.welcome", email_frequency="off")
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert len(response.context["page"].items) == 25
    response = client.get(reverse("notifications:unread_count"))
    assert b"41" in response.content
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).exists()


def test_mark_read_only_own(client, member):
    other = UserFactory()
    theirs = Notification.objects.create(
        recipient=other, kind="members.welcome", email_frequency="off"
    )
    mine = Notification.objects.create(
        recipient=member, kind="members.welcome", email_frequency="off"
    )
    client.force_login(member)
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:mark_read", args=[mine.pk]))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_inbox_requires_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302


def test_preferences_page_marketing_unticked_and_saves(client, member):
    client.force_login(member)
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["members.newsletter"].initial is False
    assert form["members.welcome"].initial == "immediately"
    # Other apps register kinds too (events ...): post their choices unchanged.
    data = {
        name: field.initial
        for name, field in form.fields.items()
        if isinstance(field.initial, str) and name.split(".")[0] != "members"
    }
    client.post(
        reverse("notifications:preferences"),
        {**data, "members.welcome": "weekly", "members.newsletter": "on"},
    )
    prefs = dict(
        NotificationPreference.objects.filter(user=member, kind__startswith="members.").values_list(
            "kind", "frequency"
        )
    )
    assert prefs == {"members.welcome": "weekly", "members.newsletter": "immediately"}


def test_welcome_sent_when_email_confirmed(rf, member):

    address = EmailAddress.objects.create(
        user=member, email=member.email, verified=True, primary=True
    )
    email_confirmed.send(sender=EmailAddress, request=rf.get("/"), email_address=address)
    email_confirmed.send(sender=EmailAddress, request=rf.get("/"), email_address=address)
    assert Notification.objects.filter(recipient=member, kind="members.welcome").count() == 1


def test_sweeper_sends_lost_notifications(member):
    Notification.objects.create(
        recipient=member, kind="members.welcome", email_frequency="immediately"
    )
    assert sweep_unsent_notifications(grace_seconds=0) == 1
    assert len(mail.outbox) == 1
    assert sweep_unsent_notifications(grace_seconds=0) == 0


def test_header_loads_unread_count_which_polls_every_minute(client, member):
    Notification.objects.create(recipient=member, kind="members.welcome", email_frequency="off")
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert reverse("notifications:unread_count") in page
    partial = client.get(reverse("notifications:unread_count")).content.decode()
    assert 'hx-trigger="every 60s"' in partial and "<mark" in partial


def test_digest_unsubscribe_turns_digest_kinds_off(client, member):
    set_frequency(user_id=member.pk, kind="members.welcome", frequency=Frequency.WEEKLY)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(member.pk, "digest")])
    client.post(url)
    assert (
        NotificationPreference.objects.get(user=member, kind="members.welcome").frequency == "off"
    )
    assert not NotificationPreference.objects.filter(kind="members.newsletter").exists()


def test_unsubscribing_before_delivery_stops_pending_email(member):
    pending = Notification.objects.create(
        recipient=member, kind="members.welcome", email_frequency="immediately"
    )
    set_frequency(user_id=member.pk, kind="members.welcome", frequency=Frequency.OFF)
    sweep_unsent_notifications(grace_seconds=0)
    assert mail.outbox == []
    pending.refresh_from_db()
    assert pending.email_frequency == "off" and pending.emailed_at is None
