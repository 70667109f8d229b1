import random

import pytest
from django.utils import translation

from campaigns import demo
from campaigns.models import Campaign, CampaignStatus, FeaturedFellow
from members import demo as members_demo
from pages.management.commands.seed_demo import SeedContext

# transaction=True: the members seeder rebuilds indexes, which PostgreSQL refuses while the
# deferred foreign-key checks of the rows it just inserted are pending in one test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_seed_creates_changemakers_unidos_with_translations(client, django_assert_max_num_queries):
    context = SeedContext({"members": 30}, random.Random(1), lambda text: None)
    members_demo.seed(context)
    demo.seed(context)
    live = Campaign.objects.get(slug="changemakers-unidos")
    assert live.status == CampaignStatus.LIVE
    assert Campaign.objects.filter(status=CampaignStatus.ENDED).exists()
    featured = FeaturedFellow.objects.filter(campaign=live)
    assert featured.count() == 20
    assert all(item.fellow.ventures.get().needs.exists() for item in featured)
    assert live.localized("title", "en") == "Changemakers United"
    with translation.override("pt"):
        assert "diáspora" in live.display_tagline
    with django_assert_max_num_queries(12):
        response = client.get(live.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="fellow-card"') == 20
