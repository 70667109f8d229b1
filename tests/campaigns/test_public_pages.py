import re

import pytest
from django.urls import reverse

from campaigns.models import CampaignMember, CampaignRole, CampaignStatus
from organizations.models import Need, NeedStatus, Offer
from tests.factories.campaigns import (
    CampaignFactory,
    CampaignMemberFactory,
    FeaturedFellowFactory,
    FellowFactory,
    StoryFactory,
)
from tests.factories.members import UserFactory
from tests.factories.organizations import NeedFactory, VentureFactory

pytestmark = pytest.mark.django_db


def _campaign_with_fellows(count):
    campaign = CampaignFactory()
    for index in range(count):
        fellow = FellowFactory()
        venture = VentureFactory()
        fellow.ventures.add(venture)
        NeedFactory(venture=venture)
        NeedFactory(venture=venture, status=NeedStatus.FULFILLED)
        FeaturedFellowFactory(campaign=campaign, fellow=fellow, order=index)
    return campaign


def test_list_shows_live_and_ended_not_drafts(client):
    live = CampaignFactory(title="Alive")
    ended = CampaignFactory(title="Finished", status=CampaignStatus.ENDED)
    draft = CampaignFactory(title="Secret draft", status=CampaignStatus.DRAFT)
    response = client.get(reverse("campaigns:list"))
    assert response.status_code == 200
    assert live.title in response.text and ended.title in response.text
    assert draft.title not in response.text


def test_draft_is_404_for_visitors_and_members_but_previewable_by_staff(client, member, staff):
    draft = CampaignFactory(status=CampaignStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.text


def test_detail_shows_fellows_in_staff_order_with_ventures_and_open_needs(client):
    campaign = CampaignFactory()
    first = FeaturedFellowFactory(campaign=campaign, fellow__name="Zoe Ávila", order=1)
    second = FeaturedFellowFactory(campaign=campaign, fellow__name="Ana Bravo", order=2)
    hidden = FeaturedFellowFactory(
        campaign=campaign, fellow__name="Unpublished", fellow__is_published=False, order=0
    )
    venture = VentureFactory(name="Agua Limpia")
    first.fellow.ventures.add(venture)
    NeedFactory(venture=venture, title="Mentor in logistics")
    NeedFactory(venture=venture, title="Closed one", status=NeedStatus.CLOSED)
    text = client.get(campaign.get_absolute_url()).text
    assert text.index(first.fellow.name) < text.index(second.fellow.name)
    assert hidden.fellow.name not in text
    assert "Agua Limpia" in text and "Mentor in logistics" in text
    assert "Closed one" not in text
    assert "block campaign_events" not in text  # the events block renders, empty for now


def test_campaign_page_shows_one_set_of_figures_from_one_source(client):
    """The campaign page once showed its own "Offers of help made" (offers on its needs) beside
    the impact figures' "Offers of help" (offers its members made anywhere). One set now: the
    impact figures filtered to the campaign, and a campaign's offers are those on its needs."""

    campaign = _campaign_with_fellows(3)
    members = [CampaignMemberFactory(campaign=campaign).user for _ in range(6)]
    campaign_need = Need.objects.filter(venture__fellows__featured_in__campaign=campaign).first()
    for _ in range(5):
        Offer.objects.create(need=campaign_need, member=UserFactory(), message="Puedo ayudar")
    for member in members:  # offers elsewhere by the campaign's members are not its offers
        Offer.objects.create(need=NeedFactory(), member=member, message="Yo también")

    page = client.get(campaign.get_absolute_url()).text
    assert "Offers of help made" not in page and "So far" not in page
    assert reverse("impact_campaign", args=[campaign.slug]) in page

    figures = client.get(reverse("impact_campaign", args=[campaign.slug])).text

    def figure(label):
        return int(re.search(rf"<dt>{label}</dt><dd>(\d+)</dd>", figures).group(1))

    assert figure("Offers of help") == 5
    assert figure("Members") == 5  # 6 members, published rounded to base 5 (core.disclosure)
    assert figure("Needs fulfilled") == 3
    assert figure("Organizations") == 3


@pytest.mark.parametrize("fellows", [3, 30])
def test_detail_query_count_stays_flat(client, django_assert_max_num_queries, fellows):
    campaign = _campaign_with_fellows(fellows)
    for _ in range(3):
        StoryFactory(campaign=campaign)
        CampaignMemberFactory(campaign=campaign)
    member = UserFactory()
    CampaignMemberFactory(campaign=campaign, user=member)
    client.force_login(member)
    with django_assert_max_num_queries(12):  # a cold cache: everything is read
        response = client.get(campaign.get_absolute_url())
    assert response.status_code == 200
    with django_assert_max_num_queries(3):  # cached: session, member, campaign with their role
        assert client.get(campaign.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("campaigns", [2, 25])
def test_list_query_count_stays_flat(client, django_assert_max_num_queries, campaigns):
    members = [UserFactory() for _ in range(2)]  # password hashing is slow; reuse members
    for index in range(campaigns):
        CampaignMemberFactory(campaign=_campaign_with_fellows(2), user=members[index % 2])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("campaigns:list"))
    assert response.status_code == 200


def test_fellow_page_and_unpublished_fellow_is_404(client):
    fellow = FellowFactory(name="Inés Peña")
    assert "Inés Peña" in client.get(fellow.get_absolute_url()).text
    hidden = FellowFactory(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_language_fallback_to_original(client):
    campaign = CampaignFactory(
        title="Changemakers Unidos",
        original_language="es",
        tagline="Juntos por la región",
        tagline_en="Together for the region",
    )
    featured = FeaturedFellowFactory(campaign=campaign, blurb="Lidera en salud", blurb_pt="Lidera")
    assert campaign.localized("tagline", "en") == "Together for the region"
    assert campaign.localized("tagline", "pt") == "Juntos por la región"
    assert featured.localized("blurb", "pt") == "Lidera"
    assert featured.localized("blurb", "en") == "Lidera en salud"
    client.cookies["diaspora_language"] = "pt"
    text = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="pt").text
    assert "Juntos por la región" in text and "Lidera" in text
    client.cookies["diaspora_language"] = "en"
    text = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Together for the region" in text


def test_join_and_leave_with_htmx(client, member):
    campaign = CampaignFactory()
    client.force_login(member)
    response = client.post(
        reverse("campaigns:join", args=[campaign.slug]), {"role": "mentor"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Leave campaign" in response.text
    assert CampaignMember.objects.get(campaign=campaign, user=member).role == CampaignRole.MENTOR
    response = client.post(reverse("campaigns:leave", args=[campaign.slug]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Join campaign" in response.text
    assert not CampaignMember.objects.filter(campaign=campaign, user=member).exists()


def test_cannot_join_as_ambassador_or_join_ended_campaign_or_join_anonymously(client, member):
    campaign = CampaignFactory()
    client.post(reverse("campaigns:join", args=[campaign.slug]), {"role": "supporter"})
    assert not CampaignMember.objects.exists()  # anonymous: redirected to sign in
    client.force_login(member)
    client.post(reverse("campaigns:join", args=[campaign.slug]), {"role": "ambassador"})
    assert not CampaignMember.objects.exists()
    ended = CampaignFactory(status=CampaignStatus.ENDED)
    client.post(reverse("campaigns:join", args=[ended.slug]), {"role": "supporter"})
    assert not CampaignMember.objects.exists()
    assert client.get(reverse("campaigns:join", args=[campaign.slug])).status_code == 405


def test_page_chrome_is_translated_to_spanish(client):
    campaign = CampaignFactory(title="Changemakers Unidos", original_language="es")
    client.cookies["diaspora_language"] = "es"
    text = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").text
    assert "Fellows destacados" in text and "Mira el impacto de esta campaña" in text


def test_fellow_cards_and_fellow_pages_link_ventures_and_needs(client):
    campaign = _campaign_with_fellows(1)
    fellow = campaign.featured.get().fellow
    venture = fellow.ventures.get()
    need = venture.needs.get(status=NeedStatus.OPEN)

    card = client.get(campaign.get_absolute_url()).text
    assert f'href="{need.get_absolute_url()}"' in card
    assert f'href="{venture.get_absolute_url()}"' in card

    fellow_page = client.get(fellow.get_absolute_url()).text
    assert f'href="{venture.get_absolute_url()}"' in fellow_page
    for link in [need.get_absolute_url(), venture.get_absolute_url()]:
        assert client.get(link).status_code == 200
