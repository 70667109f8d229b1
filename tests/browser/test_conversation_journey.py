"""A member finds a nurse in the directory, asks to connect, the nurse accepts, they write to each
other (new messages appear without reloading), and one blocks the other."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from members.services import refresh_search
from tests.browser.conftest import screenshot, sign_in
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
WIDTHS = (1280, 360)


def _shoot(page, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, ARTIFACTS / f"conversation-{name}-{width}.png")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not overflow, f"{name} scrolls sideways at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_ask_accept_talk_and_block(live_server, page, browser, settings):
    settings.CONVERSATION_POLL_SECONDS = 1  # the answers arrive as they would, ten times sooner
    asker = UserFactory(
        profile__display_name="Lucía Pérez", profile__headline="Contadora en Madrid"
    )
    nurse = UserFactory(
        profile__display_name="Rosa Enfermera",
        profile__headline="Enfermera jefa en una clínica de Maracaibo",
    )
    refresh_search([asker.pk, nurse.pk])

    # Lucía finds the nurse in the directory and asks to connect.
    sign_in(page, live_server, asker)
    page.goto(f"{live_server.url}/members/?q=enfermera")
    page.locator("#directory-results").get_by_role("link", name="Rosa Enfermera").click()
    expect(page.get_by_role("heading", name="Rosa Enfermera")).to_be_visible()
    page.get_by_role("button", name="Ask to connect").click()
    page.get_by_label("Why would you like to connect?").fill(
        "Soy contadora en Madrid y me gustaría conocer tu clínica para ayudar con las cuentas."
    )
    _shoot(page, "request")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request was sent.")).to_be_visible()
    expect(page.get_by_text("Request to connect sent")).to_be_visible()

    # The nurse sees the request (never Lucía's address) and accepts.
    nurse_page = browser.new_page(locale="en-US", timezone_id="America/Bogota")
    sign_in(nurse_page, live_server, nurse)
    nurse_page.goto(f"{live_server.url}/messages/requests/")
    expect(nurse_page.get_by_text("me gustaría conocer tu clínica")).to_be_visible()
    assert asker.email not in nurse_page.content()
    _shoot(nurse_page, "requests")
    nurse_page.get_by_role("button", name="Accept").click()
    expect(nurse_page).to_have_url(re.compile(r"/messages/\d+/"))
    nurse_page.get_by_label("Your message").fill("¡Hola Lucía! Con gusto te cuento, **escríbeme**.")
    nurse_page.get_by_role("button", name="Send").click()
    expect(nurse_page.locator(".chat-message strong", has_text="escríbeme")).to_be_visible()

    # Lucía has an unread conversation in the header, opens it and answers.
    page.goto(f"{live_server.url}/messages/")
    expect(page.locator("#messages-link mark")).to_have_text("1")
    _shoot(page, "list")
    page.get_by_role("link", name="Rosa Enfermera").click()
    expect(page.get_by_text("¡Hola Lucía!")).to_be_visible()
    page.get_by_label("Your message").fill("¡Gracias, Rosa! ¿Hablamos el jueves?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("¿Hablamos el jueves?")).to_be_visible()

    # The nurse, with the conversation open, sees the answer arrive without reloading (polling).
    expect(nurse_page.get_by_text("¿Hablamos el jueves?")).to_be_visible(timeout=15_000)
    nurse_page.get_by_label("Your message").fill("El jueves a las 10, perfecto.")
    nurse_page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("El jueves a las 10, perfecto.")).to_be_visible(timeout=15_000)
    _shoot(page, "thread")

    # Lucía blocks the nurse: the conversation closes for both.
    page.locator("details.safety summary").click()
    page.get_by_role("button", name="Block Rosa Enfermera").click()
    expect(page.get_by_text("You blocked this member.")).to_be_visible()
    nurse_page.reload()
    expect(nurse_page.get_by_text("This conversation is closed")).to_be_visible()
    expect(nurse_page.get_by_label("Your message")).to_have_count(0)
    _shoot(nurse_page, "closed")
    nurse_page.close()
