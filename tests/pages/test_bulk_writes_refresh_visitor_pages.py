"""Admin bulk actions change public content with set-based writes (update, bulk_create), which
send no signal: they refresh visitors' cached pages themselves. Each test warms the visitor cache
(an anonymous GET), runs the action as staff with two-factor through the changelist, and looks
again as the visitor."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import AmbassadorApplication, CampaignRole
from core.content_cache import content_version
from organizations import services
from organizations.models import Offer
from tests.factories.campaigns import (
    CampaignFactory,
    CampaignMemberFactory,
    FeaturedFellowFactory,
    FellowFactory,
)
from tests.factories.members import StaffFactory
from tests.factories.organizations import OfferFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(StaffFactory())  # with a TOTP authenticator, as the admin requires
    return client


@pytest.fixture
def run_action(staff_client, django_capture_on_commit_callbacks):
    def run(changelist, action, objects, query="", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                reverse(f"admin:{changelist}_changelist") + query,
                {"action": action, "_selected_action": [obj.pk for obj in objects], **extra},
            )
        assert response.status_code == 302, response.content[:500]

    return run


def visitor_sees(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def test_unpublishing_a_fellow_leaves_the_campaign_page_at_once(client, run_action):
    featured = FeaturedFellowFactory(fellow__name="Ana Núñez")
    page = featured.campaign.get_absolute_url()
    assert "Ana Núñez" in visitor_sees(client, page)

    run_action("campaigns_fellow", "unpublish", [featured.fellow])

    assert "Ana Núñez" not in visitor_sees(client, page)
    assert client.get(featured.fellow.get_absolute_url()).status_code == 404


def test_adding_fellows_to_a_campaign_shows_them_at_once(client, run_action):
    campaign = CampaignFactory()
    fellow = FellowFactory(name="Bruno Paz")
    assert "Bruno Paz" not in visitor_sees(client, campaign.get_absolute_url())

    run_action("campaigns_fellow", "add_to_campaign", [fellow], apply="1", campaign=campaign.pk)

    assert "Bruno Paz" in visitor_sees(client, campaign.get_absolute_url())


def test_verifying_and_unverifying_organizations_shows_at_once(client, run_action):
    organization = OrganizationFactory(name="Fundación Cóndor")
    directory = reverse("organizations:directory")

    def badge_shown():
        html = visitor_sees(client, directory)
        # The organization's card: from its name to the end of its <article>.
        card = html[html.index("Fundación Cóndor") :]
        return "Verified" in card[: card.index("</article>")]

    assert not badge_shown()
    run_action("organizations_organization", "verify", [organization])
    assert badge_shown()
    run_action("organizations_organization", "unverify", [organization])
    assert not badge_shown()


def test_ambassador_decisions_show_on_the_campaign_page_at_once(client, run_action):
    campaign = CampaignFactory()
    member = CampaignMemberFactory(campaign=campaign, role=CampaignRole.SUPPORTER).user
    name = member.profile.display_name
    application = AmbassadorApplication.objects.create(campaign=campaign, member=member)
    page = campaign.get_absolute_url()
    assert name not in visitor_sees(client, page)

    run_action("campaigns_ambassadorapplication", "approve", [application])
    assert name in visitor_sees(client, page)

    # Decided applications are listed under "All" (the changelist shows pending ones first).
    run_action("campaigns_ambassadorapplication", "decline", [application], query="?status=all")
    assert name not in visitor_sees(client, page)


def test_set_based_offer_writes_refresh_visitor_pages(django_capture_on_commit_callbacks):
    """Offers are counted on public pages (impact, campaign figures): withdrawing one and
    expiring stale ones are updates without signals, so they bump the content version."""

    offer = OfferFactory()
    before = content_version()
    services.withdraw_offer(offer=offer)
    assert content_version() > before

    stale = OfferFactory()
    Offer.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=30))
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.expire_stale_offers()
    assert Offer.objects.get(pk=stale.pk).state == "expired"
    assert content_version() > before
