import pytest

from organizations.models import Role
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OrganizationFactory,
    VentureFactory,
)


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def team(organization):
    """One person per role in `organization`, plus someone from another organization."""
    admin = MembershipFactory(organization=organization, role=Role.ADMIN).user
    editor = MembershipFactory(organization=organization, role=Role.EDITOR).user
    plain = MembershipFactory(organization=organization, role=Role.MEMBER).user
    outsider = MembershipFactory(role=Role.ADMIN).user  # admin of another organization
    stranger = UserFactory()
    return {
        "admin": admin,
        "editor": editor,
        "member": plain,
        "other_org": outsider,
        "stranger": stranger,
    }


@pytest.fixture
def venture(organization):
    return VentureFactory(organization=organization)


@pytest.fixture
def need(venture):
    return NeedFactory(venture=venture)
