"""An organization admin posts a need, a member finds it on the board and offers help, the admin
accepts, and both see each other's email (and not before)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from organizations.models import Role
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, OrganizationFactory, VentureFactory


def _signed_in_context(browser, live_server, user, browser_context_args):
    client = Client()
    client.force_login(user)
    context = browser.new_context(**browser_context_args)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


@pytest.mark.django_db(transaction=True)
def test_admin_posts_need_member_offers_admin_accepts(live_server, browser, browser_context_args):
    admin = UserFactory(email="directora@example.org")
    helper = UserFactory(email="voluntario@example.org")
    organization = OrganizationFactory(name="Fundación Semillas del Sur")
    MembershipFactory(organization=organization, user=admin, role=Role.ADMIN)
    venture = VentureFactory(organization=organization, name="Escuela de Código Cúcuta")

    admin_page = _signed_in_context(browser, live_server, admin, browser_context_args).new_page()
    admin_page.goto(f"{live_server.url}{venture.get_absolute_url()}")
    admin_page.get_by_role("link", name="Post a need").click()
    admin_page.locator("#id_title").fill("Profesora de programación en Python")
    admin_page.locator("#id_description").fill("Clases **los sábados** para jóvenes migrantes.")
    admin_page.get_by_label("Category").select_option("training")
    admin_page.get_by_label("Skills wanted").fill("Python, Docencia")
    admin_page.get_by_role("button", name="Save").click()
    expect(admin_page.get_by_role("heading", level=1)).to_have_text(
        "Profesora de programación en Python"
    )

    helper_page = _signed_in_context(browser, live_server, helper, browser_context_args).new_page()
    helper_page.goto(f"{live_server.url}/needs/")
    helper_page.get_by_role("searchbox").fill("programacion pyth")
    results = helper_page.locator("#results")
    expect(results.get_by_role("link", name="Profesora de programación en Python")).to_be_visible()
    expect(helper_page).to_have_url(
        re.compile(r"/needs/\?q=programacion(\+|%20)pyth")
    )  # bookmarkable
    results.get_by_role("link", name="Profesora de programación en Python").click()
    helper_page.get_by_label("Your message").fill("Enseño Python hace diez años, ¡cuenten conmigo!")
    helper_page.get_by_role("button", name="I can help").click()
    expect(helper_page.locator(".my-offer")).to_contain_text("Waiting for an answer")
    expect(helper_page.locator("body")).not_to_contain_text("directora@example.org")

    admin_page.goto(f"{live_server.url}/organizations/{organization.slug}/offers/")
    offer = admin_page.locator("article.offer-unanswered")
    expect(offer).to_contain_text("Enseño Python")
    expect(admin_page.locator("body")).not_to_contain_text("voluntario@example.org")
    offer.get_by_label("Reply (optional)").fill("¡Gracias! Te escribimos hoy.")
    offer.get_by_role("button", name="Accept").click()
    # Accepted: the two sides talk in a conversation; addresses stay private.
    expect(admin_page.locator(".contact").first).to_contain_text("Write to")
    expect(admin_page.locator("body")).not_to_contain_text("voluntario@example.org")

    helper_page.goto(f"{live_server.url}/members/me/offers/")
    expect(helper_page.locator(".offer").first).to_contain_text("Accepted")
    expect(helper_page.locator(".contact").first).to_contain_text("Write to the team")
    expect(helper_page.locator("body")).not_to_contain_text("directora@example.org")
