import pytest

from conversations import services
from organizations import services as organization_services
from organizations.models import Role
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    OrganizationFactory,
    VentureFactory,
)


@pytest.fixture
def pair(db):
    """Two members with an open conversation (a request accepted)."""
    asker = UserFactory(profile__display_name="Lucía Pérez")
    nurse = UserFactory(profile__display_name="Enfermera Rosa")
    conversation = services.open_direct_conversation(first=asker, second=nurse)
    return {"asker": asker, "nurse": nurse, "conversation": conversation}


@pytest.fixture
def team_conversation(db):
    """An accepted offer: the need's team (admin, editor, lead) and its helper."""
    organization = OrganizationFactory()
    admin = MembershipFactory(organization=organization, role=Role.ADMIN).user
    editor = MembershipFactory(organization=organization, role=Role.EDITOR).user
    plain = MembershipFactory(organization=organization, role=Role.MEMBER).user
    other_org_admin = MembershipFactory(role=Role.ADMIN).user
    venture = VentureFactory(organization=organization)
    lead = UserFactory()
    venture.leads.add(lead)
    need = NeedFactory(venture=venture)
    helper = UserFactory()
    offer = OfferFactory(need=need, member=helper)

    organization_services.answer_offer(offer=offer, answered_by=admin, accept=True, reply="¡Sí!")
    offer.refresh_from_db()
    return {
        "conversation": offer.conversation,
        "offer": offer,
        "need": need,
        "admin": admin,
        "editor": editor,
        "lead": lead,
        "plain_member": plain,
        "other_org_admin": other_org_admin,
        "helper": helper,
    }
