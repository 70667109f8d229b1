"""Every key page the benchmark measures stays within 12 SQL queries, and the count does not grow
with the data: the same pages are counted on a small and a four-times-larger demo data set. Pages
are counted as built, not served from the visitor cache (a cached visitor home costs none)."""

import random

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.content_cache import bump_content_version
from pages import bench_pages
from pages.management.commands.seed_demo import seed_all

QUERY_BUDGET = 12
SMALL = {
    "members": 200,
    "organizations": 8,
    "ventures": 16,
    "needs": 40,
    "events": 12,
    "registrations": 80,
    "notifications": 150,
}

# transaction=True: the members seeder drops and rebuilds indexes, which PostgreSQL refuses while
# deferred foreign-key checks of rows inserted in the same test transaction are pending.
pytestmark = pytest.mark.django_db(transaction=True)


def count_queries() -> dict[str, int]:
    bench_pages.ensure_bench_conversation()  # as `manage.py bench` does: 200 messages
    signed_in = Client()
    signed_in.force_login(bench_pages.bench_user())
    # The poll's token is bound to the session, as on the conversation page.
    session_key = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    pages = [
        page for page in bench_pages.key_pages(session_key=session_key) if page.name != "floor"
    ]
    assert all(page.path for page in pages), [page.reason for page in pages if not page.path]
    counts = {}
    for page in pages:
        client = signed_in if page.signed_in else Client()
        client.get(page.path)  # first view: fills per-process caches (content types, sites)
        bump_content_version()  # every cached copy of public content is stale: built afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        # The poll that finds nothing new answers 204 (no content) by design.
        expected = 204 if page.name == "conversation_poll_nothing_new" else 200
        assert response.status_code == expected, page.name
        counts[page.name] = len(queries)
    return counts


def test_key_pages_query_counts_are_small_and_flat():
    seed_all(SMALL, random.Random(7), lambda text: None)
    small = count_queries()
    call_command("flush", interactive=False, verbosity=0)
    seed_all({name: size * 4 for name, size in SMALL.items()}, random.Random(7), lambda text: None)
    large = count_queries()
    # Built, not cache hits: the visitor home, directory and listings query the database. The
    # poll's "nothing new" alone is answered from Redis (conversations.poll).
    assert small.pop("conversation_poll_nothing_new") == 0
    assert large.pop("conversation_poll_nothing_new") == 0
    assert all(small[name] > 0 for name in small), small
    over_budget = {name: count for name, count in large.items() if count > QUERY_BUDGET}
    assert not over_budget, over_budget
    assert large == small
