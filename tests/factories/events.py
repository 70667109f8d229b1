from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from campaigns.models import (
    Campaign,
    Event,
    EventFormat,
    EventStatus,
    Registration,
    RegistrationState,
)
from organizations.models import Membership, Organization
from tests.factories.members import UserFactory


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Fundación Puentes {n}")
    slug = factory.Sequence(lambda n: f"fundacion-puentes-{n}")
    kind = "nonprofit"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"changemakers-{n}")
    title = factory.Sequence(lambda n: f"Changemakers Unidos {n}")
    status = "live"


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Encuentro de la diáspora {n}")
    description = "Conversamos sobre **emprendimiento social**."
    organization = factory.SubFactory(OrganizationFactory)
    campaign = None
    format = EventFormat.ONLINE
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    time_zone = "America/Bogota"
    language = "es"
    join_url = "https://meet.example.org/encuentro"
    status = EventStatus.PUBLISHED


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    state = RegistrationState.GOING
