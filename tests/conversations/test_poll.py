"""The poll's cheap "nothing new" (conversations.poll, answered by conversations.middleware): only
to the signed-in reader the page was made for, and never anything but "nothing new". Everything
else falls back to the full view, which checks again."""

import html
import re
import time

import pytest
from django.conf import settings
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations import services
from conversations.middleware import POLL_PATH
from members import blocking
from moderation import services as moderation_services
from organizations import services as organization_services
from tests.factories.members import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

HX_GET = re.compile(r'id="poller" hx-get="([^"]+)"')


def _poll_url(client, conversation) -> str:
    """The poll URL exactly as the conversation page embeds it."""
    page = client.get(conversation.get_absolute_url())
    assert page.status_code == 200
    return html.unescape(HX_GET.search(page.content.decode())[1])


def _cheap(client, url):
    """The response, and whether it was the cheap answer: no query at all (no session, no
    member, no conversation loaded)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, response.status_code == 204 and len(queries) == 0


def test_the_middleware_knows_the_poll_url():
    assert POLL_PATH.match(reverse("conversations:poll", args=[42]))
    assert not POLL_PATH.match(reverse("conversations:detail", args=[42]))


def test_nothing_new_answers_204_without_the_database(client, pair):
    conversation = pair["conversation"]
    services.send_message(conversation=conversation, author=pair["asker"], body="Hola")
    client.force_login(pair["nurse"])
    url = _poll_url(client, conversation)
    assert "t=" in url

    response, cheap = _cheap(client, url)
    assert cheap
    assert response.content == b""
    assert "Cookie" in response["Vary"]
    assert "private" in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # the session is left as it was

    # Something new: the full view answers with it, and a poller carrying a fresh token.
    services.send_message(conversation=conversation, author=pair["asker"], body="¿Sigues ahí?")
    response, cheap = _cheap(client, url)
    assert not cheap and response.status_code == 200
    body = response.content.decode()
    assert "¿Sigues ahí?" in body and "Hola" not in body
    next_url = html.unescape(HX_GET.search(body)[1])
    assert _cheap(client, next_url)[1]


def test_a_token_made_for_someone_else_or_elsewhere_is_not_taken(client, pair):
    conversation = pair["conversation"]
    other = services.open_direct_conversation(first=pair["nurse"], second=UserFactory())
    client.force_login(pair["nurse"])
    nurse_url = _poll_url(client, conversation)
    other_url = _poll_url(client, other)

    # Another conversation's token on this one's URL.
    foreign = reverse("conversations:poll", args=[conversation.pk]) + "?" + other_url.split("?")[1]
    response, cheap = _cheap(client, foreign)
    assert not cheap and response.status_code == 200  # the full view, for a reader

    # The nurse's token in the asker's session; and in a stranger's, who gets what a missing
    # conversation gets.
    client.force_login(pair["asker"])
    response, cheap = _cheap(client, nurse_url)
    assert not cheap and response.status_code == 200
    client.force_login(UserFactory())
    response, cheap = _cheap(client, nurse_url)
    assert not cheap and response.status_code == 404


def test_a_tampered_or_expired_token_falls_back_to_the_full_view(client, pair, monkeypatch):
    conversation = pair["conversation"]
    client.force_login(pair["nurse"])
    url = _poll_url(client, conversation)

    response, cheap = _cheap(client, url.replace("t=", "t=x"))
    assert not cheap and response.status_code == 200

    # A token made 13 hours ago.
    made = int(time.time()) - 13 * 60 * 60
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(made))
    old_url = _poll_url(client, conversation)
    monkeypatch.undo()
    response, cheap = _cheap(client, old_url)
    assert not cheap and response.status_code == 200
    # The fresh poller's token is good again.
    assert _cheap(client, html.unescape(HX_GET.search(response.content.decode())[1]))[1]


@pytest.mark.parametrize("something_new", [False, True], ids=["nothing new", "something new"])
def test_a_signed_out_session_learns_nothing(client, pair, something_new):
    conversation = pair["conversation"]
    client.force_login(pair["nurse"])
    url = _poll_url(client, conversation)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.logout()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key  # a copy of the old cookie
    if something_new:
        services.send_message(conversation=conversation, author=pair["asker"], body="secreto")
    response, cheap = _cheap(client, url)
    assert not cheap
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_changed_password_ends_the_cheap_answer(client, pair):
    nurse = pair["nurse"]
    client.force_login(nurse)
    url = _poll_url(client, pair["conversation"])
    nurse.set_password("a-new-long-password-2026")
    nurse.save()
    response, cheap = _cheap(client, url)
    assert not cheap and response.status_code == 302  # that session is no longer signed in


def test_a_suspended_member_gets_nothing(client, pair, django_capture_on_commit_callbacks):
    nurse = pair["nurse"]
    client.force_login(nurse)
    url = _poll_url(client, pair["conversation"])
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.suspend(actor=StaffFactory(), member=nurse, reason="spam")
    response, cheap = _cheap(client, url)
    assert not cheap and response.status_code == 302


def test_a_blocked_participant_gets_nothing_new(client, pair):
    conversation, asker, nurse = pair["conversation"], pair["asker"], pair["nurse"]
    services.send_message(conversation=conversation, author=asker, body="antes")
    client.force_login(nurse)
    url = _poll_url(client, conversation)
    blocking.block(blocker=asker, blocked=nurse)
    response, cheap = _cheap(client, url)
    assert cheap and response.content == b""
    # Nobody writes in a closed conversation, and the page stops polling.
    with pytest.raises(services.ConversationError):
        services.send_message(conversation=conversation, author=asker, body="después")
    assert 'id="poller"' not in client.get(conversation.get_absolute_url()).content.decode()


def test_someone_who_left_the_team_gets_what_a_missing_page_gets(client, team_conversation):
    data = team_conversation
    conversation, editor = data["conversation"], data["editor"]
    client.force_login(editor)
    url = _poll_url(client, conversation)
    assert _cheap(client, url)[1]

    organization_services.leave_organization(
        organization=conversation.venture.organization, user=editor
    )
    response, cheap = _cheap(client, url)
    assert not cheap and response.status_code == 404


def test_the_cheap_answer_notes_they_are_reading(client, pair, django_capture_on_commit_callbacks):
    conversation, nurse = pair["conversation"], pair["nurse"]
    client.force_login(nurse)
    url = _poll_url(client, conversation)
    # Only the poll's note in Redis says they are here: the page's own marker is old.
    conversation.participants.filter(user=nurse).update(last_seen_at=None)
    assert _cheap(client, url)[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation=conversation, author=pair["asker"], body="¿estás?")
    assert not [m for m in mail.outbox if m.to == [nurse.email]]
