"""Reports, offers, join requests and invitations are limited per member (core.ratelimit)."""

import pytest
from django.urls import reverse

from core.ratelimit import MESSAGE, parse_rate
from diaspora import settings as project_settings
from moderation import services as moderation_services
from moderation.models import Report
from organizations.models import Invitation, JoinRequest, Offer, Role
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.MEMBER_RATE_LIMITS = {
        "report": "2/day",
        "offer": "2/day",
        "join_request": "2/day",
        "invitation": "2/day",
    }


def test_default_limits_per_member_and_day():

    rates = {key: parse_rate(rate) for key, rate in project_settings.MEMBER_RATE_LIMITS.items()}
    assert rates == {
        "report": (10, 86400),
        "offer": (20, 86400),
        "join_request": (10, 86400),
        "invitation": (50, 86400),
    }


def test_reports_are_limited(client, member):
    client.force_login(member)
    for _ in range(2):
        target = UserFactory().profile
        url = reverse("report", args=[moderation_services.content_type_key(target), target.pk])
        assert client.post(url, {"reason": "spam"}).status_code == 302
    target = UserFactory().profile
    url = reverse("report", args=[moderation_services.content_type_key(target), target.pk])
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 429
    assert str(MESSAGE) in response.content.decode()
    assert Report.objects.filter(reporter=member).count() == 2
    # Someone else is not held back by this member's reports.
    client.force_login(UserFactory())
    assert client.post(url, {"reason": "spam"}).status_code == 302


def test_offers_are_limited(client, member):
    client.force_login(member)
    for _ in range(2):
        need = NeedFactory()
        response = client.post(
            reverse("organizations:offer_create", args=[need.pk]), {"message": "Puedo ayudar"}
        )
        assert response.status_code == 302
    need = NeedFactory()
    response = client.post(
        reverse("organizations:offer_create", args=[need.pk]), {"message": "Puedo ayudar"}
    )
    assert response.status_code == 429
    assert str(MESSAGE) in response.content.decode()
    assert Offer.objects.filter(member=member).count() == 2


def test_join_requests_are_limited(client, member):
    client.force_login(member)
    for _ in range(2):
        organization = OrganizationFactory()
        client.post(reverse("organizations:join", args=[organization.slug]), {"message": "Hola"})
    organization = OrganizationFactory()
    response = client.post(
        reverse("organizations:join", args=[organization.slug]), {"message": "Hola"}
    )
    assert response.status_code == 429
    assert str(MESSAGE) in response.content.decode()
    assert JoinRequest.objects.filter(user=member).count() == 2


def test_invitations_are_limited(client):
    admin = MembershipFactory(role=Role.ADMIN).user
    organization = admin.memberships.get().organization
    client.force_login(admin)
    url = reverse("organizations:invite", args=[organization.slug])
    for number in range(2):
        client.post(url, {"email": f"amiga{number}@example.org", "role": Role.MEMBER})
    response = client.post(url, {"email": "amiga9@example.org", "role": Role.MEMBER})
    assert response.status_code == 429
    assert str(MESSAGE) in response.content.decode()
    assert Invitation.objects.filter(organization=organization).count() == 2
