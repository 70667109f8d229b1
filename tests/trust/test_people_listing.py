"""One rule decides who is listed to whom (members.models.listed_people), everywhere people are
listed: directory, profile pages, campaign ambassadors, team lists, venture leads, suggested
members and the impact counts. Each place is checked with a public control, a profile staff hid,
a members-only profile, a deactivated account, and members across a block in both directions."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import CampaignRole
from core.choices import Visibility
from members.blocking import block
from organizations import selectors
from organizations.models import Match, Offer
from pages.impact import counted_people_q, counted_profiles
from tests.factories.campaigns import CampaignFactory, CampaignMemberFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, VentureFactory

pytestmark = pytest.mark.django_db


def _person(name, **profile):
    user = UserFactory(profile__display_name=f"Zq{name}", **profile)
    return user


@pytest.fixture
def people():
    viewer = UserFactory(profile__display_name="Zqviewer")
    people = {
        "public": _person("public"),
        "hidden": _person("hidden", profile__is_hidden=True),
        "members_only": _person("membersonly", profile__visibility=Visibility.MEMBERS),
        "inactive": _person("inactive", is_active=False),
        "blocked_by_viewer": _person("blockedbyviewer"),
        "blocker_of_viewer": _person("blockerofviewer"),
    }
    block(blocker=viewer, blocked=people["blocked_by_viewer"])
    block(blocker=people["blocker_of_viewer"], blocked=viewer)
    return viewer, people


# Who each viewer may see listed: visitors public profiles only; the member also members-only ones,
# never anyone across a block (either way).
SEEN_BY_VISITOR = {"public", "blocked_by_viewer", "blocker_of_viewer"}
SEEN_BY_MEMBER = {"public", "members_only"}


def _client(viewer):
    client = Client()
    if viewer is not None:
        client.force_login(viewer)
    return client


def _shown(page, people):
    return {key for key, user in people.items() if user.profile.display_name in page}


@pytest.mark.parametrize("as_member", [False, True])
def test_directory_and_profile_pages(people, as_member):
    viewer, people = people
    client = _client(viewer if as_member else None)
    expected = SEEN_BY_MEMBER if as_member else SEEN_BY_VISITOR
    page = client.get(reverse("members:directory")).content.decode()
    assert _shown(page, people) == expected
    for key, user in people.items():
        response = client.get(reverse("members:profile", kwargs={"handle": user.handle}))
        assert response.status_code == (200 if key in expected else 404), key


@pytest.mark.parametrize("as_member", [False, True])
def test_campaign_ambassadors(people, as_member):
    viewer, people = people
    campaign = CampaignFactory()
    for user in people.values():
        CampaignMemberFactory(campaign=campaign, user=user, role=CampaignRole.AMBASSADOR)
    page = _client(viewer if as_member else None).get(campaign.get_absolute_url()).content.decode()
    # The ambassadors box is cached alike for everyone: visitors' rule, and never across a block.
    expected = {"public"} if as_member else {"public", "blocked_by_viewer", "blocker_of_viewer"}
    assert _shown(page, people) == expected


@pytest.mark.parametrize("as_member", [False, True])
def test_organization_team_and_venture_leads(people, as_member):
    viewer, people = people
    venture = VentureFactory()
    for user in people.values():
        MembershipFactory(organization=venture.organization, user=user, role="member")
    venture.leads.add(*people.values())
    client = _client(viewer if as_member else None)
    expected = SEEN_BY_MEMBER if as_member else SEEN_BY_VISITOR
    team_page = client.get(venture.organization.get_absolute_url()).content.decode()
    assert _shown(team_page, people) == expected
    venture_page = client.get(venture.get_absolute_url()).content.decode()
    assert _shown(venture_page, people) == expected


@pytest.mark.parametrize("as_member", [False, True])
def test_suggested_members(people, as_member):
    viewer, people = people
    need = NeedFactory()
    for user in people.values():
        Match.objects.create(need=need, user=user, score=50, reasons={})
    matches = selectors.suggested_members_for_need(
        need, viewer=viewer if as_member else None, limit=None
    )
    shown = {key for key, user in people.items() if user.pk in {m.user_id for m in matches}}
    assert shown == (SEEN_BY_MEMBER if as_member else SEEN_BY_VISITOR)


def test_impact_counts_use_the_visitor_rule(people):
    _, people = people
    need = NeedFactory()
    for user in people.values():
        Offer.objects.create(need=need, member=user, message="Hola")
    counted = set(counted_profiles().values_list("user_id", flat=True))
    assert {key for key, user in people.items() if user.pk in counted} == SEEN_BY_VISITOR
    offering = set(
        Offer.objects.filter(counted_people_q("member__")).values_list("member_id", flat=True)
    )
    assert {key for key, user in people.items() if user.pk in offering} == SEEN_BY_VISITOR
