"""The signed-in member comes from the cache (members.backends), and every change to the account
or the profile shows on the very next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def _reads_of_members_user(client, path):
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return [q["sql"] for q in queries.captured_queries if 'FROM "members_user"' in q["sql"]]


def test_a_signed_in_page_reads_the_member_once_then_from_the_cache(client):
    client.force_login(UserFactory())
    floor = reverse("bench_floor")
    assert len(_reads_of_members_user(client, floor)) == 1
    assert _reads_of_members_user(client, floor) == []


def test_a_completed_profile_stops_the_home_asking_for_it(client):
    member = UserFactory(profile__ways_to_help=[])
    client.force_login(member)
    assert "Complete your profile" in client.get("/").text
    member.profile.ways_to_help = ["mentoring"]
    member.profile.save()
    assert "Complete your profile" not in client.get("/").text


def test_a_deactivated_account_is_signed_out_on_its_next_request(client):
    member = UserFactory()
    client.force_login(member)
    assert client.get(reverse("members:edit")).status_code == 200
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = client.get(reverse("members:edit"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_a_new_password_ends_the_other_sessions(client):
    member = UserFactory()
    other_browser = Client()
    client.force_login(member)
    other_browser.force_login(member)
    assert other_browser.get(reverse("members:edit")).status_code == 200
    member.set_password("a-new-long-passphrase")
    member.save()
    assert other_browser.get(reverse("members:edit")).status_code == 302
