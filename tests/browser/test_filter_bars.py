"""The filter bars as a member uses them: a filter turned on and off again (htmx swaps the results
and writes the filters into the address bar) shows everything again, and the address holds only
what the bar shows. The forms' htmx request once went to the current address with the bar's
fields added to it, so a box unticked stayed in the address ("in_my_languages=on") and kept
filtering, and every change made the address longer."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import NeedFactory

from .conftest import settle, sign_in


def _query(page):
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


@pytest.mark.django_db(transaction=True)
def test_languages_i_read_turned_off_again_shows_everything(page, live_server):
    member = UserFactory(profile__languages=["pt"])
    EventFactory(language="pt", title="Oficina em português")
    EventFactory(language="es", title="Taller en español")
    NeedFactory(language="pt", title="Contadora para a cooperativa")
    NeedFactory(language="es", title="Contadora para la cooperativa")
    sign_in(page, live_server, member)

    for path, in_portuguese, in_spanish in [
        (reverse("events:list"), "Oficina em português", "Taller en español"),
        (
            reverse("organizations:board"),
            "Contadora para a cooperativa",
            "Contadora para la cooperativa",
        ),
    ]:
        page.goto(f"{live_server.url}{path}?in_my_languages=on")
        settle(page)
        results = page.get_by_role("main")
        assert results.get_by_role("link", name=in_portuguese).is_visible()
        assert results.get_by_role("link", name=in_spanish).count() == 0

        page.get_by_label("Languages I read").uncheck()
        results.get_by_role("link", name=in_spanish).wait_for()
        settle(page)
        assert results.get_by_role("link", name=in_portuguese).is_visible()
        assert "in_my_languages" not in _query(page), page.url

        page.get_by_label("Languages I read").check()
        page.wait_for_url(lambda url: "in_my_languages=on" in url)
        settle(page)
        assert results.get_by_role("link", name=in_spanish).count() == 0
        # One value per field: the address is the bar's, not the bar's added to the last one.
        assert all(len(values) == 1 for values in _query(page).values()), page.url
