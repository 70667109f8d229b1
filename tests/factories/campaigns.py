import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from campaigns.models import (
    Campaign,
    CampaignMember,
    CampaignStatus,
    FeaturedFellow,
    Fellow,
    Story,
)
from tests.factories.members import UserFactory


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"campaign-{n}")
    title = factory.Sequence(lambda n: f"Campaign {n}")
    tagline = "Together for the region"
    description = "A **campaign** for the diaspora."
    status = CampaignStatus.LIVE
    original_language = "en"


class FellowFactory(DjangoModelFactory):
    class Meta:
        model = Fellow
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Fellow Núñez {n}")
    slug = factory.Sequence(lambda n: f"fellow-{n}")
    country = "CO"
    fellowship = "Ashoka"
    year_elected = 2015
    bio = "Works on *health* in Cartagena."
    is_published = True


class FeaturedFellowFactory(DjangoModelFactory):
    class Meta:
        model = FeaturedFellow

    campaign = factory.SubFactory(CampaignFactory)
    fellow = factory.SubFactory(FellowFactory)
    order = factory.Sequence(lambda n: n)


class CampaignMemberFactory(DjangoModelFactory):
    class Meta:
        model = CampaignMember

    campaign = factory.SubFactory(CampaignFactory)
    user = factory.SubFactory(UserFactory)


class StoryFactory(DjangoModelFactory):
    class Meta:
        model = Story

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    body = "What I learned."
    published_at = factory.LazyFunction(timezone.now)
