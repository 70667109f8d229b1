"""Sign up, verify the email, complete the profile and find yourself in the directory."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_verify_complete_profile_and_find_yourself(live_server, page):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "ines.nunez@example.org")
    page.fill("input[name=password1]", "una-clave-muy-larga-2026")
    page.fill("input[name=password2]", "una-clave-muy-larga-2026")
    page.check("input[name=accept_code_of_conduct]")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), live_server.url))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/members/me/welcome/"))

    page.get_by_label("Display name", exact=True).fill("Inés Núñez")
    page.get_by_label("Headline", exact=True).fill("Contadora en Madrid")
    page.select_option("#id_country_of_origin", "VE")
    page.select_option("#id_country_of_residence", "ES")
    page.get_by_label("City", exact=True).fill("Madrid")
    page.check("#id_languages_0")
    page.get_by_label("Skills", exact=True).fill("contabilidad, finanzas")
    page.check("#id_ways_to_help_0")
    page.check("#id_visibility_0")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", name="Inés Núñez")).to_be_visible()

    page.goto(f"{live_server.url}/members/")
    # The search form is labelled "Search members" too: the box is the one with that label's id.
    page.locator("#id_q").fill("ines nunez")
    page.locator("#id_q").press("Enter")
    expect(page).to_have_url(re.compile(r"q=ines"))
    expect(
        page.locator("#directory-results").get_by_role("link", name="Inés Núñez")
    ).to_be_visible()
