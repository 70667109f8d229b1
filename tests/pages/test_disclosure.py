"""Statistical disclosure control (core.disclosure.public_count): every published count of people
is 0, "fewer than 5" or a multiple of 5, so no sum or difference of published figures, across
every filter of /impact/data.json, recovers a count of 1-4; the campaign's "Members joined" follows
the same rule and counts no hidden, suspended or deleted account."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from core.disclosure import FEWER_THAN, public_count
from events.models import RegistrationState
from members.privacy import delete_account
from organizations.models import OfferState
from pages.impact import ImpactFilter, headline_figures
from tests.factories.campaigns import CampaignFactory, CampaignMemberFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_public_count_rounds_to_a_base_of_five():
    assert public_count(0) == 0
    assert [public_count(n) for n in range(1, 5)] == [FEWER_THAN] * 4
    assert [public_count(n) for n in range(5, 13)] == [5, 5, 5, 10, 10, 10, 10, 10]


def _members(count, origin, residence):
    return [
        UserFactory(
            profile__country_of_origin=origin,
            profile__country_of_residence=residence,
        )
        for _ in range(count)
    ]


@pytest.fixture
def small_world():
    """7 Venezuelans in Colombia, 6 Mexicans in the US, 2 Brazilians in Portugal; a campaign with
    some of each; offers over two months; one past event."""
    venezuelans = _members(7, "VE", "CO")
    mexicans = _members(6, "MX", "US")
    brazilians = _members(2, "BR", "PT")
    campaign = CampaignFactory()
    for user in venezuelans[:6] + mexicans[:2] + brazilians[:1]:
        CampaignMemberFactory(campaign=campaign, user=user)
    need = NeedFactory()
    march, april = datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 4, 10, tzinfo=UTC)
    for index, user in enumerate(venezuelans + mexicans[:3] + brazilians):
        OfferFactory(
            need=need,
            member=user,
            created_at=march if index % 3 else april,
            state=OfferState.ACCEPTED if index % 4 == 0 else OfferState.PENDING,
            answered_at=april if index % 4 == 0 else None,
        )
    event = EventFactory(starts_at=datetime(2026, 2, 1, tzinfo=UTC))
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    for user in venezuelans[:6] + mexicans[:1]:
        RegistrationFactory(event=event, user=user, state=RegistrationState.GOING)
    return campaign


def _people_counts(data):
    """Every published count of people in one data.json answer, with where it came from."""
    counts = [("totals.members", data["totals"]["members"])]
    counts += [(f"country {r['country']}", r["members"]) for r in data["members_by_country"]]
    counts += [(f"flow {r['origin']}>{r['residence']}", r["members"]) for r in data["flows"]]
    if data["offers"]:
        counts += [(f"offers.{k}", v) for k, v in data["offers"].items()]
    for row in data["offers_over_time"] or []:
        counts += [(f"offers {row['month']} made", row["made"])]
        counts += [(f"offers {row['month']} accepted", row["accepted"])]
    for row in data["events_over_time"] or []:
        counts += [(f"events {row['month']} attendance", row["attendance"])]
    return counts


def test_no_difference_of_published_figures_gives_one_to_four(client, small_world):
    published = []
    for campaign, origin in itertools.product(["", small_world.slug], ["", "VE", "MX", "BR"]):
        params = {
            key: value for key, value in {"campaign": campaign, "origin": origin}.items() if value
        }
        data = client.get(reverse("impact_json"), params).json()
        published += [(f"{params} {name}", value) for name, value in _people_counts(data)]
    numbers = [(name, value) for name, value in published if value != FEWER_THAN]
    assert numbers, "the data set publishes figures"
    for name, value in numbers:
        assert isinstance(value, int) and value % 5 == 0, (name, value)
    for (name_a, a), (name_b, b) in itertools.combinations(numbers, 2):
        assert abs(a - b) not in range(1, 5), (name_a, a, name_b, b)


def test_campaign_members_joined_counts_only_listed_people_rounded(client):
    campaign = CampaignFactory()
    for _ in range(7):
        CampaignMemberFactory(campaign=campaign)
    CampaignMemberFactory(campaign=campaign, user__profile__is_hidden=True)
    CampaignMemberFactory(campaign=campaign, user__is_active=False)  # suspended
    deleted = CampaignMemberFactory(campaign=campaign).user
    delete_account(deleted)
    assert headline_figures(ImpactFilter(campaign=campaign))["members"] == 5  # 7 counted, rounded
