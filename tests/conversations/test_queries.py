"""Polling is cheap when nothing changed, and pages stay within the query budget however long the
conversation grows."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations import services
from conversations.models import Message
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12
# What every signed-in request loads before any view runs: its session and its member.
REQUEST_TABLES = ("members_membersession", '"members_user"."id" =')


def _view_queries(queries):
    return [q["sql"] for q in queries if not any(table in q["sql"] for table in REQUEST_TABLES)]


def _fill(conversation, first, second, count):
    Message.objects.bulk_create(
        Message(conversation=conversation, author=(first, second)[n % 2], body=f"**mensaje** {n}")
        for n in range(count)
    )
    services.send_message(conversation=conversation, author=first, body="el último")


def test_polling_answers_204_without_a_query_when_nothing_changed(client, pair):
    conversation = pair["conversation"]
    _fill(conversation, pair["asker"], pair["nurse"], 3)
    client.force_login(pair["nurse"])
    page = client.get(conversation.get_absolute_url())
    # The page's own poll URL (with its token): conversations.poll answers from Redis alone.
    url = html.unescape(re.search(r'id="poller" hx-get="([^"]+)"', page.content.decode())[1])
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 204
    assert len(queries) == 0, [q["sql"] for q in queries]

    # Something new: the poll answers with it (and a fresh poller).
    services.send_message(conversation=conversation, author=pair["asker"], body="¿Sigues ahí?")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "¿Sigues ahí?" in body and "el último" not in body
    assert 'hx-trigger="every 10s"' in body


def test_polling_a_conversation_one_is_not_in_is_not_found(client, pair):
    client.force_login(UserFactory())
    url = reverse("conversations:poll", args=[pair["conversation"].pk]) + "?since=0"
    assert client.get(url).status_code == 404
    assert client.get(reverse("conversations:poll", args=[999999]) + "?since=x").status_code == 404


@pytest.mark.parametrize("count", [5, 200])
def test_conversation_page_with_many_messages_stays_within_budget(client, pair, count):
    conversation = pair["conversation"]
    _fill(conversation, pair["asker"], pair["nurse"], count)
    client.force_login(pair["nurse"])
    client.get(conversation.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(conversation.get_absolute_url())
    assert response.status_code == 200
    assert "el último" in response.content.decode()
    assert len(queries) <= QUERY_BUDGET, [q["sql"] for q in queries]


def test_conversation_list_with_many_conversations_stays_within_budget(client, team_conversation):
    helper = team_conversation["helper"]
    for _ in range(20):
        other = UserFactory()
        conversation = services.open_direct_conversation(first=helper, second=other)
        _fill(conversation, helper, other, 10)
    _fill(team_conversation["conversation"], helper, team_conversation["admin"], 200)
    client.force_login(helper)
    client.get(reverse("conversations:list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("conversations:list"))
    assert response.status_code == 200
    assert len(response.context["conversations"]) == 21
    assert len(queries) <= QUERY_BUDGET, [q["sql"] for q in queries]


def test_team_conversation_page_stays_within_budget(client, team_conversation):
    _fill(
        team_conversation["conversation"],
        team_conversation["helper"],
        team_conversation["editor"],
        200,
    )
    client.force_login(team_conversation["lead"])
    url = team_conversation["conversation"].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= QUERY_BUDGET, [q["sql"] for q in queries]
