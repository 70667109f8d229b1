import pytest
from django.utils import translation

from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory, VentureFactory


def reader(*languages, interface="pt-br"):
    """A member who reads `languages` and uses the site in `interface`."""
    user = UserFactory(language=interface)
    user.profile.languages = list(languages)
    user.profile.save(update_fields=["languages"])
    return user


@pytest.fixture
def brazilian(db):
    """Reads Portuguese and Spanish; uses the site in Portuguese."""
    return reader("pt", "es")


@pytest.fixture
def organizer(db):
    """An editor of the organization whose venture posts the Spanish need."""
    return UserFactory(language="es")


@pytest.fixture
def spanish_need(organizer):
    organization = MembershipFactory(user=organizer, role="editor").organization
    return NeedFactory(
        venture=VentureFactory(organization=organization),
        title="Ayuda con la cocina comunitaria",
        description="Buscamos voluntarios para la **cocina** del comedor.",
        language="es",
        created_by=organizer,
    )


def in_portuguese(text, plural=None, count=None):
    """What the reader's Brazilian Portuguese interface shows for one of our English strings."""
    with translation.override("pt-br"):
        if plural is None:
            return translation.gettext(text)
        return translation.ngettext(text, plural, count) % {"count": count}
