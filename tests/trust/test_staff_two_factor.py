"""Staff powers anywhere need staff who passed two-factor (core.permissions.has_staff_powers): a
staff account without TOTP is treated as a member on every page that grants staff rights."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.permissions import can_curate
from core.choices import Visibility
from events.models import EventStatus
from tests.factories.campaigns import CampaignFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.organizations import NeedFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    event = EventFactory()
    attendee = UserFactory(email="attendee-zq@example.org")
    RegistrationFactory(event=event, user=attendee)
    draft = EventFactory(status=EventStatus.DRAFT, title="Zqdraft event")
    hidden_profile = UserFactory(
        profile__is_hidden=True, profile__display_name="Zqhidden Staffcheck"
    )
    private_profile = UserFactory(
        profile__visibility=Visibility.HIDDEN, profile__display_name="Zqprivate Staffcheck"
    )
    hidden_org = OrganizationFactory(is_hidden=True, name="Zqhidden Org")
    draft_need = NeedFactory(status="draft", title="Zqdraft need")
    return {
        "event": event,
        "attendee": attendee,
        "draft": draft,
        "hidden_profile": hidden_profile,
        "private_profile": private_profile,
        "hidden_org": hidden_org,
        "draft_need": draft_need,
    }


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("two_factor", [True, False])
def test_staff_pages_need_two_factor(world, two_factor):
    staff = StaffFactory(totp=two_factor)
    client = _client(staff)
    event = world["event"]
    allowed = {
        "attendees_csv": client.get(reverse("events:attendees_csv", args=[event.pk])),
        "attendees": client.get(reverse("events:attendees", args=[event.pk])),
        "edit": client.get(reverse("events:edit", args=[event.pk])),
        "cancel": client.get(reverse("events:cancel", args=[event.pk])),
        "draft_event": client.get(world["draft"].get_absolute_url()),
        "hidden_profile": client.get(world["hidden_profile"].profile.get_absolute_url()),
        "private_profile": client.get(world["private_profile"].profile.get_absolute_url()),
        "hidden_org": client.get(world["hidden_org"].get_absolute_url()),
        "draft_need": client.get(world["draft_need"].get_absolute_url()),
    }
    for page, response in allowed.items():
        if two_factor:
            assert response.status_code == 200, page
        else:
            assert response.status_code in (403, 404), page
    if two_factor:
        # Names and handles, never addresses (events.views.attendees_csv).
        assert world["attendee"].handle.encode() in allowed["attendees_csv"].content
    directory = client.get(reverse("members:directory")).content.decode()
    assert ("Zqhidden Staffcheck" in directory) is two_factor
    assert can_curate(staff) is two_factor


def test_staff_without_two_factor_cannot_cancel_an_event(world):
    event = world["event"]
    client = _client(StaffFactory(totp=False))
    response = client.post(reverse("events:cancel", args=[event.pk]), {"message": "Cancelled"})
    assert response.status_code in (403, 404)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_staff_without_two_factor_cannot_preview_draft_campaigns():
    campaign = CampaignFactory(status="draft")
    client = _client(StaffFactory(totp=False))
    assert client.get(campaign.get_absolute_url()).status_code == 404
    client = _client(StaffFactory())
    assert client.get(campaign.get_absolute_url()).status_code == 200
