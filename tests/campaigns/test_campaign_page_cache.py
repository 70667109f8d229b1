"""The campaign page caches what every visitor sees alike; each change it shows invalidates it, and
the membership box stays per visitor."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from campaigns.models import CampaignRole
from organizations.models import NeedStatus, Offer
from tests.factories.campaigns import (
    CampaignFactory,
    CampaignMemberFactory,
    FeaturedFellowFactory,
    StoryFactory,
)
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import NeedFactory, VentureFactory

pytestmark = pytest.mark.django_db


def figure(html, label):
    return re.search(rf"<dt>{label}</dt><dd>([^<]+)</dd>", html).group(1)


@pytest.fixture
def campaign():
    campaign = CampaignFactory(title="Changemakers Unidos")
    featured = FeaturedFellowFactory(campaign=campaign, fellow__name="Ana Núñez")
    venture = VentureFactory(name="Agua Limpia")
    featured.fellow.ventures.add(venture)
    NeedFactory(venture=venture, title="Mentor in logistics")
    return campaign


def main(html):
    return html[html.index("<main") : html.index("</main>")]


def page(client, campaign):
    response = client.get(campaign.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_a_cached_visit_costs_one_query(client, campaign, django_assert_num_queries):
    first = page(client, campaign)
    with django_assert_num_queries(1):  # the campaign row; the rest comes from the cache
        again = page(client, campaign)
    assert main(again) == main(first)


def test_signed_in_cached_visit_costs_session_user_and_campaign(
    client, campaign, django_assert_max_num_queries
):
    client.force_login(UserFactory())
    page(client, campaign)
    with django_assert_max_num_queries(3):  # the session may come from Redis instead
        page(client, campaign)


def test_changes_to_what_the_page_shows_invalidate_it(client, campaign):
    venture = campaign.featured.get().fellow.ventures.get()
    assert "Agua Limpia" in page(client, campaign)

    NeedFactory(venture=venture, title="Accountant for the cooperative")
    assert "Accountant for the cooperative" in page(client, campaign)

    venture.name = "Agua Viva"
    venture.save()
    assert "Agua Viva" in page(client, campaign)

    campaign.featured.get().fellow.ventures.add(VentureFactory(name="Escuela Digital"))
    assert "Escuela Digital" in page(client, campaign)

    FeaturedFellowFactory(campaign=campaign, fellow__name="Bruno Paz")
    assert "Bruno Paz" in page(client, campaign)

    EventFactory(organization=None, campaign=campaign, title="Mentoría para emprendedoras")
    assert "Mentoría para emprendedoras" in page(client, campaign)

    StoryFactory(campaign=campaign, title="Lo que aprendimos en Cúcuta")
    assert "Lo que aprendimos en Cúcuta" in page(client, campaign)

    CampaignMemberFactory(campaign=campaign, role=CampaignRole.AMBASSADOR)
    html = page(client, campaign)
    assert figure(html, "Members joined") == "fewer than 5"
    assert "Ambassadors" in html

    need = venture.needs.get(title="Mentor in logistics")
    Offer.objects.create(need=need, member=UserFactory(), message="Puedo ayudar")
    assert figure(page(client, campaign), "Offers of help made") == "fewer than 5"

    need.status = NeedStatus.FULFILLED
    need.save()
    html = page(client, campaign)
    assert figure(html, "Needs fulfilled") == "1"
    assert "Mentor in logistics" not in html


def test_membership_box_stays_per_visitor(client, campaign):
    joined, newcomer = UserFactory(), UserFactory()
    CampaignMemberFactory(campaign=campaign, user=joined)

    html = page(client, campaign)
    assert "Sign in to join this campaign" in html
    assert "Share your story" not in html

    client.force_login(joined)
    html = page(client, campaign)
    assert "Leave campaign" in html and "Join campaign" not in html
    assert "Share your story" in html
    joined_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    client.force_login(newcomer)
    html = page(client, campaign)
    assert "Join campaign" in html and "Leave campaign" not in html
    newcomer_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert newcomer_token != joined_token


def test_event_times_follow_each_members_time_zone(client, campaign):
    starts = timezone.now().replace(hour=15, minute=0, second=0, microsecond=0) + timedelta(days=3)
    EventFactory(organization=None, campaign=campaign, starts_at=starts, time_zone="UTC")
    client.force_login(UserFactory(time_zone="UTC"))
    assert ", 15:00</time>" in page(client, campaign)
    client.force_login(UserFactory(time_zone="Asia/Tokyo"))
    assert ", 00:00</time>" in page(client, campaign)


def test_cached_copy_expires_when_its_first_upcoming_event_ends(client, campaign):
    EventFactory(
        organization=None,
        campaign=campaign,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(seconds=90),
    )
    with mock.patch.object(cache, "set", wraps=cache.set) as cache_set:
        page(client, campaign)
    timeouts = [
        call.args[2] for call in cache_set.call_args_list if call.args[0].startswith("campaign:")
    ]
    assert len(timeouts) == 1 and 0 < timeouts[0] <= 90
