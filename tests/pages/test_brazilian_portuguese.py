"""The site's Portuguese is Brazilian (`pt-br`), for our strings and Django's and allauth's alike."""

import importlib

import pytest
from django.apps import apps
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.factories.members import UserFactory
from tests.factories.organizations import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("requested", ["pt", "pt-PT", "pt-BR", "pt-br"])
def test_every_portuguese_variant_a_browser_asks_for_is_brazilian(requested):
    assert translation.get_supported_language_variant(requested).lower() == "pt-br"


def test_allauth_pages_are_brazilian(client):
    client.cookies["diaspora_language"] = "pt-br"
    text = client.get(reverse("account_login")).text
    assert 'lang="pt-br"' in text
    assert "Senha" in text and "Palavra-passe" not in text
    assert "Idioma" in text  # the site's own catalog, not only allauth's


@pytest.mark.parametrize(
    "how", [{"HTTP_ACCEPT_LANGUAGE": "pt-PT,pt;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "pt"}]
)
def test_a_browser_asking_for_portuguese_gets_brazilian(client, how):
    text = client.get(reverse("account_login"), **how).text
    assert 'lang="pt-br"' in text and "Senha" in text


def test_a_cookie_saved_as_old_pt_still_means_portuguese(client):
    client.cookies["diaspora_language"] = "pt"
    text = client.get(reverse("account_login")).text
    assert 'lang="pt-br"' in text and "Senha" in text and "Idioma" in text


def test_a_member_who_chose_portuguese_sees_brazilian(client):
    member = UserFactory(language="pt-br")
    client.force_login(member)
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="en").text
    assert 'lang="pt-br"' in text and "Idioma" in text


def test_the_switcher_saves_pt_br_on_the_account(client, member):
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "pt-br", "next": "/"})
    member.refresh_from_db()
    assert member.language == "pt-br"
    assert 'lang="pt-br"' in client.get("/").text


def test_stored_pt_preferences_become_pt_br_and_back():
    members_migration = importlib.import_module(
        "members.migrations.0009_brazilian_portuguese_language"
    )
    invitations_migration = importlib.import_module(
        "organizations.migrations.0007_invitation_language_pt_br"
    )
    portuguese = UserFactory(language="pt")
    spanish = UserFactory(language="es")
    invitation = InvitationFactory(language="pt")

    members_migration.pt_to_pt_br(apps, None)
    invitations_migration.pt_to_pt_br(apps, None)
    portuguese.refresh_from_db(), spanish.refresh_from_db(), invitation.refresh_from_db()
    assert (portuguese.language, spanish.language, invitation.language) == ("pt-br", "es", "pt-br")

    members_migration.pt_br_to_pt(apps, None)
    invitations_migration.pt_br_to_pt(apps, None)
    portuguese.refresh_from_db(), invitation.refresh_from_db()
    assert (portuguese.language, invitation.language) == ("pt", "pt")


@pytest.mark.parametrize(
    ("language", "link", "status"),
    [("pt-br", "Abrir", "Aberta"), ("es", "Abrir", "Abierta"), ("en", "Open", "Open")],
)
def test_email_links_say_open_as_a_verb_not_the_status(language, link, status):
    class Notification:
        def get_target_url(self):
            return "/needs/1/"

    context = {"recipient": UserFactory.build(), "data": {"title": "T"}}
    context["notification"] = Notification()
    with translation.override(language):
        html = render_to_string("moderation/email/content_restored.html", context)
        assert f'/needs/1/">{link}</a>' in html
        assert translation.gettext("Open") == status  # a need's or report's status
