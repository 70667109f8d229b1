"""Every conversation URL against every kind of visitor: participants (and the team that manages the
venture) get in; everyone else, staff included without a report, gets what a missing page gets."""

import pytest
from django.urls import reverse

from conversations import services
from moderation.models import AuditAction, AuditLogEntry
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.moderation import ReportFactory

pytestmark = pytest.mark.django_db


def _urls(conversation, message, offer=None):
    urls = {
        "detail": ("get", reverse("conversations:detail", args=[conversation.pk]), {}),
        "send": (
            "post",
            reverse("conversations:detail", args=[conversation.pk]),
            {"body": "hola"},
        ),
        "poll": ("get", reverse("conversations:poll", args=[conversation.pk]) + "?since=0", {}),
        "edit": ("get", reverse("conversations:edit_message", args=[message.pk]), {}),
        "delete": ("post", reverse("conversations:delete_message", args=[message.pk]), {}),
    }
    if offer is not None:
        urls["for_offer"] = ("get", reverse("conversations:for_offer", args=[offer.pk]), {})
    return urls


def _status(client, method, url, data):
    return getattr(client, method)(url, data).status_code


@pytest.mark.parametrize(
    "name", ["detail", "send", "poll", "edit", "delete"], ids=lambda name: name
)
def test_direct_conversation_urls(client, pair, name):
    conversation = pair["conversation"]
    message = services.send_message(conversation=conversation, author=pair["nurse"], body="Hola")
    method, url, data = _urls(conversation, message)[name]

    # Visitors are sent to sign in.
    assert _status(client, method, url, data) == 302

    for outsider in (UserFactory(), StaffFactory()):
        client.force_login(outsider)
        assert _status(client, method, url, data) == 404, outsider

    client.force_login(pair["asker"])
    expected = {"detail": 200, "send": 302, "poll": 200, "edit": 302, "delete": 403}
    # Not the author: editing bounces back with a message, deleting is refused.
    assert _status(client, method, url, data) == expected[name]

    client.force_login(pair["nurse"])
    author_expected = {"detail": 200, "send": 302, "poll": 200, "edit": 200, "delete": 302}
    assert _status(client, method, url, data) == author_expected[name]


@pytest.mark.parametrize(
    "name", ["detail", "send", "poll", "edit", "for_offer"], ids=lambda name: name
)
def test_team_conversation_urls(client, team_conversation, name):
    data = team_conversation
    conversation = data["conversation"]
    message = conversation.messages.order_by("created_at").first()  # the helper's offer
    method, url, payload = _urls(conversation, message, data["offer"])[name]
    allowed = {"detail": 200, "send": 302, "poll": 200, "edit": 302, "for_offer": 302}

    # Everyone who may manage the venture reads and writes; so does the helper.
    for person in ("admin", "editor", "lead", "helper"):
        client.force_login(data[person])
        assert _status(client, method, url, payload) in (allowed[name], 200), person

    # A plain member of the organization, an admin of another organization, staff, a stranger.
    for person in (data["plain_member"], data["other_org_admin"], StaffFactory(), UserFactory()):
        client.force_login(person)
        assert _status(client, method, url, payload) == 404, person


def test_lists_show_only_ones_own_conversations(client, pair, team_conversation):
    client.force_login(team_conversation["editor"])
    body = client.get(reverse("conversations:list")).content.decode()
    assert team_conversation["need"].title in body
    assert pair["nurse"].get_full_name() not in body
    client.force_login(team_conversation["other_org_admin"])
    body = client.get(reverse("conversations:list")).content.decode()
    assert team_conversation["need"].title not in body


def test_answering_someone_elses_request_is_not_found(client, pair):
    stranger = UserFactory()
    request = services.request_connection(
        sender=UserFactory(), recipient=pair["nurse"], message="Hola"
    )
    client.force_login(stranger)
    url = reverse("conversations:answer_request", args=[request.pk, "accept"])
    assert client.post(url).status_code == 404
    client.force_login(request.sender)  # the sender cannot accept their own request
    assert client.post(url).status_code == 404


def test_staff_read_only_through_a_report_and_the_reading_is_audited(client, pair):

    conversation = pair["conversation"]
    message = services.send_message(conversation=conversation, author=pair["nurse"], body="Hola")
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("conversations:detail", args=[conversation.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?report=999999").status_code == 404

    other = services.open_direct_conversation(first=UserFactory(), second=UserFactory())
    elsewhere = services.send_message(
        conversation=other, author=other.participants.first().user, body="x"
    )
    unrelated_report = ReportFactory(target=elsewhere, reporter=pair["asker"])
    assert client.get(f"{url}?report={unrelated_report.pk}").status_code == 404
    assert not AuditLogEntry.objects.exists()

    report = ReportFactory(target=message, reporter=pair["asker"])
    response = client.get(f"{url}?report={report.pk}")
    assert response.status_code == 200
    assert "Hola" in response.content.decode()
    assert response.context["form"] is None  # reading, not writing
    entry = AuditLogEntry.objects.get()
    assert entry.actor == staff and entry.action == AuditAction.READ
    assert entry.target == conversation
    # A report does not let a member who is not staff in.
    client.force_login(UserFactory())
    assert client.get(f"{url}?report={report.pk}").status_code == 404
