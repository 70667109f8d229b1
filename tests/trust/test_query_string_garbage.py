"""Garbage in a query string a page reads (a NUL byte, which PostgreSQL refuses in any text) is
an unknown value, never a 500. The persona crawler (tests/crawl) fuzzes every parameter; these pin
the ones it found."""

import pytest
from django.urls import reverse

from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("parameter", ["organization", "campaign"])
def test_event_form_with_a_nul_organizer_is_not_found(client, parameter):
    client.force_login(MembershipFactory(role="admin").user)
    response = client.get(reverse("events:create"), {parameter: "cu\x00"})
    assert response.status_code == 404


def test_story_form_with_a_nul_campaign_opens_without_one(client):
    client.force_login(UserFactory())
    response = client.get(reverse("campaigns:story_new"), {"campaign": "cu\x00"})
    assert response.status_code == 200
    assert response.context["form"].initial.get("campaign") is None
