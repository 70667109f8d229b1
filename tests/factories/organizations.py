import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from organizations.models import (
    Invitation,
    JoinRequest,
    Membership,
    Need,
    NeedCategory,
    NeedStatus,
    Offer,
    Organization,
    OrganizationKind,
    Role,
    Venture,
)
from organizations.services import refresh_need_search, refresh_organization_search
from tests.factories.members import UserFactory


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Fundación Ñandú {n}")
    slug = factory.Sequence(lambda n: f"fundacion-nandu-{n}")
    kind = OrganizationKind.NONPROFIT
    countries = factory.LazyFunction(lambda: ["CO", "VE"])
    description = "Trabajamos con **migrantes** en Cúcuta."

    @factory.post_generation
    def search(self, create, extracted, **kwargs):
        if create:
            refresh_organization_search([self.pk])


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class VentureFactory(DjangoModelFactory):
    class Meta:
        model = Venture
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Escuela Andina {n}")
    slug = factory.Sequence(lambda n: f"escuela-andina-{n}")
    summary = "Clases de programación para jóvenes migrantes."
    problem = "Falta de acceso."
    approach = "Mentoría remota."


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    venture = factory.SubFactory(VentureFactory)
    title = factory.Sequence(lambda n: f"Desarrolladora web para el sitio {n}")
    description = "Necesitamos ayuda con **Django**."
    category = NeedCategory.TECHNICAL
    status = NeedStatus.OPEN
    languages = factory.LazyFunction(lambda: ["es"])

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.add(*extracted)

    @factory.post_generation
    def search(self, create, extracted, **kwargs):
        if create:
            refresh_need_search([self.pk])


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer

    need = factory.SubFactory(NeedFactory)
    member = factory.SubFactory(UserFactory)
    message = "Puedo ayudar los sábados."


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.EDITOR
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))


class JoinRequestFactory(DjangoModelFactory):
    class Meta:
        model = JoinRequest

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    message = "Me encantaría colaborar."
