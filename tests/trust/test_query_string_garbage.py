"""Garbage in a query string a page reads (a NUL byte, which PostgreSQL refuses in any text) is a
400, never a 500. The persona crawler (tests/crawl) fuzzes every parameter; these pin the ones it
found; a value that is no slug at all names no organizer (the organizer chooser shows)."""

import pytest
from django.urls import reverse

from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("parameter", ["organization", "campaign"])
def test_event_form_with_a_nul_organizer_is_a_bad_request(client, parameter):
    client.force_login(MembershipFactory(role="admin").user)
    assert client.get(reverse("events:create"), {parameter: "cu\x00"}).status_code == 400
    chooser = client.get(reverse("events:create"), {parameter: "no slug!"})
    assert chooser.status_code == 200
    assert "events/choose_organizer.html" in [t.name for t in chooser.templates]


def test_story_form_with_a_nul_campaign_is_a_bad_request(client):
    client.force_login(UserFactory())
    assert client.get(reverse("campaigns:story_new"), {"campaign": "cu\x00"}).status_code == 400
    response = client.get(reverse("campaigns:story_new"), {"campaign": "no slug!"})
    assert response.status_code == 200
    assert response.context["form"].initial.get("campaign") is None
