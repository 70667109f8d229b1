"""Sessions are stored with their member's id (members.MemberSession), so ending one member's
sessions (suspension, account deletion) touches only theirs and never reads anyone else's."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from members.models import MemberSession
from members.schedule import SCHEDULE
from members.services import end_sessions
from members.tasks import clear_expired_sessions
from moderation import services
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def _store():
    return import_string(settings.SESSION_ENGINE + ".SessionStore")


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _is_signed_in(client):
    return client.get(reverse("privacy:index")).status_code == 200


def test_the_configured_engine_records_the_member():
    assert settings.SESSION_ENGINE.startswith("members.session_backends.")
    member = UserFactory()
    client = _signed_in(member)
    row = MemberSession.objects.get(session_key=client.session.session_key)
    assert row.user_id == member.pk


def test_suspension_ends_the_members_sessions_and_no_one_elses(staff):
    member, other = UserFactory(), UserFactory()
    phone, laptop, bystander = _signed_in(member), _signed_in(member), _signed_in(other)
    keys = [phone.session.session_key, laptop.session.session_key]
    assert _is_signed_in(phone) and _is_signed_in(laptop)
    # Decoding a session means reading it: ending one member's sessions must not need that.
    with mock.patch.object(SessionBase, "decode", side_effect=AssertionError("decoded")):
        services.suspend(actor=staff, member=member, reason="Repeated insults")
    assert not MemberSession.objects.filter(session_key__in=keys).exists()
    for key in keys:  # gone from the cache too (cached_db), not only from the database
        assert _store()(key).load() == {}
    assert not _is_signed_in(phone) and not _is_signed_in(laptop)
    assert _is_signed_in(bystander)
    assert MemberSession.objects.filter(user_id=other.pk).count() == 1


def test_a_cycled_key_is_still_found():
    """A password change cycles the session key without a login: the new key is recorded too."""
    member = UserFactory()
    client = _signed_in(member)
    session = _store()(client.session.session_key)
    session.load()
    session.cycle_key()
    assert MemberSession.objects.get(session_key=session.session_key).user_id == member.pk
    assert end_sessions(member) == 1
    assert _store()(session.session_key).load() == {}


def test_signing_out_removes_the_row():
    member = UserFactory()
    client = _signed_in(member)
    key = client.session.session_key
    client.logout()
    assert not MemberSession.objects.filter(session_key=key).exists()


def test_expired_sessions_are_cleared_by_the_daily_task():

    assert SCHEDULE["sessions-clear-expired"]["task"] == "members.tasks.clear_expired_sessions"
    member = UserFactory()
    live, old = _signed_in(member), _signed_in(member)
    MemberSession.objects.filter(session_key=old.session.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    clear_expired_sessions.delay()
    assert list(MemberSession.objects.values_list("session_key", flat=True)) == [
        live.session.session_key
    ]
