"""Visitors' listings (organizations, needs, events) are kept between requests and follow every
change: a new entry shows on the next view, one hidden by the moderators is gone. Event times
stay in each visitor's own time zone."""

from datetime import UTC, datetime

import pytest

from moderation.services import hide
from tests.factories.events import EventFactory
from tests.factories.members import StaffFactory
from tests.factories.organizations import NeedFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LISTINGS = {
    "/organizations/": lambda title: OrganizationFactory(name=title),
    "/needs/": lambda title: NeedFactory(title=title),
    "/events/": lambda title: EventFactory(title=title),
}


@pytest.mark.parametrize("url", LISTINGS)
def test_repeat_view_reads_no_database_and_shows_the_same(client, url, django_assert_num_queries):
    LISTINGS[url]("Cooperativa Ñandú")
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert "Cooperativa Ñandú" in again.text
    main = slice(first.text.index("<main"), first.text.index("</main>"))
    assert again.text[main] == first.text[main]


@pytest.mark.parametrize("url", LISTINGS)
def test_new_and_hidden_entries_show_on_the_next_view(client, url):
    old = LISTINGS[url]("Cooperativa Ñandú")
    assert "Cooperativa Ñandú" in client.get(url).text
    LISTINGS[url]("Minga Solidaria")
    assert "Minga Solidaria" in client.get(url).text
    hide(actor=StaffFactory(), target=old, reason="Spam")
    assert "Cooperativa Ñandú" not in client.get(url).text


@pytest.mark.parametrize("url", LISTINGS)
def test_htmx_results_come_from_the_same_copy(client, url):
    LISTINGS[url]("Cooperativa Ñandú")
    target = "event-results" if url == "/events/" else "results"
    headers = {"HX-Request": "true", "HX-Target": target}
    partial = client.get(url, headers=headers)
    assert "Cooperativa Ñandú" in partial.text and "<html" not in partial.text
    assert "<html" in client.get(url).text


def test_event_times_follow_each_visitors_time_zone(client):
    EventFactory(title="Encuentro", starts_at=datetime(2031, 1, 15, 23, 0, tzinfo=UTC))
    client.cookies["diaspora_tz"] = "America/Bogota"
    assert "18:00" in client.get("/events/").text
    client.cookies["diaspora_tz"] = "Europe/Madrid"
    madrid = client.get("/events/").text
    assert "00:00" in madrid and "18:00 (Bogota time, GMT-5)" in madrid
