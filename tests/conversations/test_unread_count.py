"""The header's unread-conversation count is cached per member (conversations.unread) and right
after every change it reads: a message sent, a conversation read, a block, leaving a team."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations import services, unread
from members import blocking
from organizations import services as organization_services
from organizations.models import Role
from tests.factories.organizations import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_count_is_cached_and_right_after_send_and_read(client, pair):
    conversation, asker, nurse = pair["conversation"], pair["asker"], pair["nurse"]
    assert unread.count(nurse) == 0
    with CaptureQueriesContext(connection) as queries:
        assert unread.count(nurse) == 0
    assert len(queries) == 0  # from the cache

    services.send_message(conversation=conversation, author=asker, body="Hola")
    assert unread.count(nurse) == 1
    assert unread.count(asker) == 0  # their own message

    client.force_login(nurse)
    client.get(conversation.get_absolute_url())  # reads it
    assert unread.count(nurse) == 0

    services.send_message(conversation=conversation, author=asker, body="¿Y?")
    header = client.get(reverse("conversations:list")).content.decode()
    link = header[header.index('id="messages-link"') :]
    assert ">1</mark>" in link[: link.index("</a>")]


def test_the_count_is_right_after_a_block(pair):
    conversation, asker, nurse = pair["conversation"], pair["asker"], pair["nurse"]
    services.send_message(conversation=conversation, author=asker, body="Hola")
    assert unread.count(nurse) == 1
    blocking.block(blocker=nurse, blocked=asker)
    assert unread.count(nurse) == 0  # closed conversations are not counted


def test_the_count_follows_who_is_on_the_team(team_conversation):
    data = team_conversation
    conversation, editor, helper = data["conversation"], data["editor"], data["helper"]
    services.send_message(conversation=conversation, author=helper, body="¿Cuándo empezamos?")
    assert unread.count(editor) == 1
    assert unread.count(data["lead"]) == 1

    organization_services.leave_organization(
        organization=conversation.venture.organization, user=editor
    )
    assert unread.count(editor) == 0

    newcomer = MembershipFactory(organization=conversation.venture.organization, role=Role.MEMBER)
    assert unread.count(newcomer.user) == 0
    newcomer.role = Role.EDITOR
    newcomer.save(update_fields=["role"])
    assert unread.count(newcomer.user) == 1

    conversation.venture.leads.remove(data["lead"])
    assert unread.count(data["lead"]) == 0


def test_a_new_conversation_counts_at_once(pair):
    nurse = pair["nurse"]
    assert unread.count(nurse) == 0
    other = MembershipFactory().user
    services.open_direct_conversation(
        first=other, second=nurse, opening_author=other, opening_text="¿Hablamos?"
    )
    assert unread.count(nurse) == 1
