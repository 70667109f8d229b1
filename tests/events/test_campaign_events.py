import pytest

from tests.factories.campaigns import CampaignFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def test_campaign_page_lists_its_upcoming_published_events_only(client):
    campaign = CampaignFactory()
    other = CampaignFactory()
    EventFactory(organization=None, campaign=campaign, title="Mentoría para emprendedoras")
    EventFactory(organization=None, campaign=campaign, title="Borrador secreto", status="draft")
    EventFactory(organization=None, campaign=other, title="Evento de otra campaña")
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Mentoría para emprendedoras" in page
    assert "Borrador secreto" not in page
    assert "Evento de otra campaña" not in page
    assert f"?campaign={campaign.slug}" in page
