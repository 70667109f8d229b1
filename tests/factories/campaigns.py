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
from organizations.models import Need, NeedCategory, NeedStatus, Organization, Venture
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


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Fundación {n}")
    slug = factory.Sequence(lambda n: f"fundacion-{n}")
    kind = "nonprofit"


class VentureFactory(DjangoModelFactory):
    class Meta:
        model = Venture
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Venture {n}")
    slug = factory.Sequence(lambda n: f"venture-{n}")
    summary = "Clean water for rural schools."


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    venture = factory.SubFactory(VentureFactory)
    title = factory.Sequence(lambda n: f"Need {n}")
    description = "We need help."
    category = NeedCategory.MENTORING
    status = NeedStatus.OPEN


class StoryFactory(DjangoModelFactory):
    class Meta:
        model = Story

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    body = "What I learned."
    published_at = factory.LazyFunction(timezone.now)
