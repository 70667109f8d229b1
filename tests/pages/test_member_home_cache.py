"""A member's home is kept per member (core.content_cache.member_cached), and whatever it lists
shows on the very next view once it changes, whoever changed it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conversations.services import answer_request, request_connection
from events.services import cancel_registration, register
from organizations import services
from organizations.models import Role
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


def home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.text


@pytest.fixture
def admin(client):
    """A team admin, signed in, whose home has been built once (and is now cached)."""
    membership = MembershipFactory(role=Role.ADMIN, organization__name="Cooperativa Sur")
    client.force_login(membership.user)
    home(client)
    return membership


def test_an_unchanged_home_is_served_without_reading_its_sections_again(client, admin):
    OfferFactory(need=NeedFactory(venture__organization=admin.organization))
    with CaptureQueriesContext(connection) as built:
        home(client)
    with CaptureQueriesContext(connection) as again:
        assert "is waiting for an answer" in home(client)
    # Without Redis the session itself is read from PostgreSQL on every request.
    reads = [
        query["sql"]
        for query in again.captured_queries
        if "members_membersession" not in query["sql"]
    ]
    assert len(built) >= 6
    assert reads == []


def test_an_invitation_shows_at_once_and_goes_when_cancelled(client, admin):
    other_team = MembershipFactory(role=Role.ADMIN, organization__name="Red Andina")
    invitation = services.invite(
        organization=other_team.organization,
        email=admin.user.email.upper(),
        role=Role.EDITOR,
        invited_by=other_team.user,
    )
    assert "Red Andina invited you to join its team" in home(client)
    services.cancel_invitation(invitation=invitation)
    assert "Red Andina invited you" not in home(client)


def test_a_join_request_reaches_the_admins_home_and_leaves_it_when_an_invitation_settles_it(
    client, admin
):
    newcomer = UserFactory()
    services.request_to_join(organization=admin.organization, user=newcomer)
    assert "Someone asked to join Cooperativa Sur" in home(client)
    invitation = services.invite(
        organization=admin.organization,
        email=newcomer.email,
        role=Role.MEMBER,
        invited_by=admin.user,
    )
    services.accept_invitation(invitation=invitation, user=newcomer)
    assert "Someone asked to join" not in home(client)


def test_a_role_change_and_a_removal_show_on_the_members_home(client, admin):
    membership = MembershipFactory(user=admin.user, organization__name="Huerta Viva")
    assert "Huerta Viva" in home(client)
    services.change_role(membership=membership, role=Role.EDITOR)
    assert "Huerta Viva</a> · Editor" in home(client)
    services.remove_member(membership=membership)
    assert "Huerta Viva" not in home(client)


def test_registering_and_cancelling_show_in_the_next_events(client, admin):
    starts_at = timezone.now() + timedelta(days=3)
    event = EventFactory(
        title="Taller de finanzas", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    register(event=event, user=admin.user)
    assert "Taller de finanzas" in home(client)
    cancel_registration(event=event, user=admin.user)
    assert "Taller de finanzas" not in home(client)


def test_offers_on_the_teams_needs_show_and_go_as_they_are_answered(client, admin):
    need = NeedFactory(venture__organization=admin.organization, title="Contadora voluntaria")
    offer = services.make_offer(need=need, member=UserFactory(), message="Puedo ayudar")
    assert "Contadora voluntaria" in home(client)
    services.answer_offer(offer=offer, answered_by=admin.user, accept=False)
    assert "is waiting for an answer" not in home(client)


def test_a_request_to_talk_is_counted_until_it_is_answered(client, admin):
    connection_request = request_connection(
        sender=UserFactory(), recipient=admin.user, message="Hola"
    )
    assert "1 member asked to talk with you" in home(client)
    answer_request(connection_request=connection_request, accept=False)
    assert "asked to talk with you" not in home(client)
