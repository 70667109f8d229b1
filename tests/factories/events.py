from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import Event, EventFormat, EventStatus, Registration, RegistrationState
from tests.factories.members import UserFactory
from tests.factories.organizations import OrganizationFactory


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
