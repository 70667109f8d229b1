"""Consent, the conversations acceptances open, blocking, reports, notifications, limits, privacy."""

import importlib
import json
import re
import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conversations import notifications as kinds
from conversations import selectors, services
from conversations.models import (
    ConnectionRequest,
    Conversation,
    Message,
    Participant,
    RequestState,
)
from core.choices import Visibility
from events.models import RegistrationState
from members import blocking, privacy
from members.models import Block
from moderation.admin import ReportAdmin
from moderation.models import Report
from notifications.models import Notification
from notifications.services import set_frequency
from organizations import services as organization_services
from organizations.models import Role
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import JoinRequestFactory, MembershipFactory, OfferFactory

pytestmark = pytest.mark.django_db


# --- Consent --------------------------------------------------------------------------------------
def test_a_member_asks_to_connect_and_the_recipient_accepts(
    client, django_capture_on_commit_callbacks
):
    asker = UserFactory(profile__display_name="Lucía Pérez")
    nurse = UserFactory(profile__display_name="Rosa Enfermera", email="rosa@example.org")
    client.force_login(asker)
    profile = client.get(reverse("members:profile", args=[nurse.handle])).content.decode()
    connect_url = reverse("conversations:connect", args=[nurse.handle])
    assert connect_url in profile
    text = "Soy enfermera en Madrid, me gustaría conocer tu clínica."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(connect_url, {"message": text})
    assert response.status_code == 302
    request = ConnectionRequest.objects.get()
    assert request.state == RequestState.PENDING
    assert mail.outbox[-1].to == ["rosa@example.org"]
    assert "Lucía Pérez" in mail.outbox[-1].subject
    assert asker.email not in mail.outbox[-1].body
    assert not Conversation.objects.exists()
    # Asking twice while waiting sends nothing more.
    client.post(connect_url, {"message": "¿Hola?"})
    assert ConnectionRequest.objects.count() == 1

    client.force_login(nurse)
    requests_page = client.get(reverse("conversations:requests")).content.decode()
    assert text in requests_page and asker.email not in requests_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conversations:answer_request", args=[request.pk, "accept"]))
    conversation = Conversation.objects.get()
    assert response.url == conversation.get_absolute_url()
    assert conversation.messages.get().body == text  # the request opens the conversation
    assert mail.outbox[-1].to == [asker.email]
    assert nurse.email not in mail.outbox[-1].body
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert text in page and asker.email not in page
    # From now on, the profile offers to write instead of asking again.
    client.force_login(asker)
    profile = client.get(reverse("members:profile", args=[nurse.handle])).content.decode()
    assert conversation.get_absolute_url() in profile and connect_url not in profile


def test_declining_tells_the_sender_politely_without_a_reason(
    client, django_capture_on_commit_callbacks
):
    asker, recipient = UserFactory(), UserFactory()
    request = services.request_connection(sender=asker, recipient=recipient, message="Hola")
    client.force_login(recipient)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("conversations:answer_request", args=[request.pk, "decline"]))
    request.refresh_from_db()
    assert request.state == RequestState.DECLINED
    assert not Conversation.objects.exists()
    assert mail.outbox[-1].to == [asker.email]
    assert "not able to connect at the moment" in mail.outbox[-1].body
    told = Notification.objects.get(recipient=asker, kind=kinds.REQUEST_DECLINED)
    assert told.actor is None


@pytest.mark.parametrize("why", ["hidden", "blocked", "blocker", "deactivated", "unknown"])
def test_asking_someone_one_may_not_reach_answers_as_if_they_did_not_exist(client, why):
    asker, other = UserFactory(), UserFactory()
    if why == "hidden":
        other.profile.visibility = Visibility.HIDDEN
        other.profile.save()
    elif why == "blocked":
        blocking.block(blocker=other, blocked=asker)
    elif why == "blocker":
        blocking.block(blocker=asker, blocked=other)
    elif why == "deactivated":
        other.is_active = False
        other.save()
    handle = "nobody-here" if why == "unknown" else other.handle
    client.force_login(asker)
    url = reverse("conversations:connect", args=[handle])
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "Hola"}).status_code == 404
    assert not ConnectionRequest.objects.exists()


def test_request_text_is_limited_and_required(client):
    asker, other = UserFactory(), UserFactory()
    client.force_login(asker)
    url = reverse("conversations:connect", args=[other.handle])
    too_long = client.post(url, {"message": "a" * 501})
    assert too_long.status_code == 400
    assert too_long.context["form"].errors["message"]
    empty = client.post(url, {"message": "   "})
    assert empty.status_code == 400 and empty.context["form"].errors["message"]
    assert not ConnectionRequest.objects.exists()


def test_requests_to_connect_are_limited_to_twenty_a_day(client):
    asker = UserFactory()
    client.force_login(asker)
    for _ in range(services.REQUESTS_PER_DAY):
        client.post(
            reverse("conversations:connect", args=[UserFactory().handle]), {"message": "Hola"}
        )
    assert ConnectionRequest.objects.count() == services.REQUESTS_PER_DAY
    response = client.post(
        reverse("conversations:connect", args=[UserFactory().handle]), {"message": "Hola"}
    )
    assert response.status_code == 400
    assert "many requests to connect today" in str(response.context["form"].errors["message"])
    assert ConnectionRequest.objects.count() == services.REQUESTS_PER_DAY


# --- Acceptances elsewhere open conversations -----------------------------------------------------
def test_an_accepted_offer_opens_a_conversation_between_the_team_and_the_helper(team_conversation):
    conversation = team_conversation["conversation"]
    assert conversation.is_team and conversation.need == team_conversation["need"]
    bodies = list(conversation.messages.order_by("created_at").values_list("body", flat=True))
    assert bodies == ["Puedo ayudar los sábados.", "¡Sí!"]
    helper = Participant.objects.get(conversation=conversation, is_team=False)
    assert helper.user == team_conversation["helper"]


def test_a_declined_offer_opens_nothing(team_conversation):

    offer = OfferFactory(need=team_conversation["need"])
    organization_services.answer_offer(
        offer=offer, answered_by=team_conversation["admin"], accept=False
    )
    assert not Conversation.objects.filter(offer=offer).exists()


def test_an_accepted_join_request_opens_a_conversation(db):
    admin = MembershipFactory(role=Role.ADMIN).user
    organization = admin.memberships.get().organization
    join_request = JoinRequestFactory(organization=organization, message="Quiero ayudar")
    organization_services.decide_join_request(
        join_request=join_request, accept=True, decided_by=admin
    )
    conversation = Conversation.objects.get()
    assert set(conversation.participants.values_list("user_id", flat=True)) == {
        admin.pk,
        join_request.user_id,
    }
    assert conversation.messages.get().body == "Quiero ayudar"


# --- Messages -------------------------------------------------------------------------------------
def test_messages_are_sanitised_markdown(client, pair):
    client.force_login(pair["asker"])
    url = pair["conversation"].get_absolute_url()
    client.post(url, {"body": "**hola** <script>alert(1)</script> [x](javascript:alert(1))"})
    page = client.get(url).content.decode()
    assert "<strong>hola</strong>" in page
    assert "<script>alert(1)" not in page and "javascript:alert" not in page


def test_a_long_conversation_shows_its_latest_page_and_links_the_earlier_one(client, pair):
    conversation, asker = pair["conversation"], pair["asker"]
    start = timezone.now() - timedelta(hours=2)
    Message.objects.bulk_create(
        Message(
            conversation=conversation,
            author=asker,
            body=f"mensaje {number:02d}",
            created_at=start + timedelta(minutes=number),
        )
        for number in range(selectors.THREAD_PAGE_MESSAGES + 5)
    )
    client.force_login(pair["nurse"])
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "mensaje 54" in page and "mensaje 05" in page and "mensaje 04" not in page
    earlier = re.search(r'href="(\?before=\d+)"', page).group(1)
    page = client.get(conversation.get_absolute_url() + earlier).content.decode()
    assert "mensaje 00" in page and "mensaje 04" in page and "mensaje 05" not in page


def test_empty_or_oversized_messages_get_a_field_error(client, pair):
    client.force_login(pair["asker"])
    url = pair["conversation"].get_absolute_url()
    for body in ("", "   ", "a" * 5001):
        response = client.post(url, {"body": body})
        assert response.status_code == 400
        assert response.context["form"].errors["body"]
    assert not Message.objects.exists()


def test_edit_for_five_minutes_and_delete_by_the_author(client, pair):
    message = services.send_message(
        conversation=pair["conversation"], author=pair["asker"], body="Hola"
    )
    client.force_login(pair["asker"])
    edit_url = reverse("conversations:edit_message", args=[message.pk])
    client.post(edit_url, {"body": "Hola, Rosa"})
    message.refresh_from_db()
    assert message.body == "Hola, Rosa" and message.edited_at is not None
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    client.post(edit_url, {"body": "Cambiado tarde"})
    message.refresh_from_db()
    assert message.body == "Hola, Rosa"
    # Others cannot delete it; its author can, and it shows as deleted.
    client.force_login(pair["nurse"])
    client.post(reverse("conversations:delete_message", args=[message.pk]))
    message.refresh_from_db()
    assert not message.is_deleted
    client.force_login(pair["asker"])
    client.post(reverse("conversations:delete_message", args=[message.pk]))
    message.refresh_from_db()
    assert message.is_deleted and message.body == ""
    page = client.get(pair["conversation"].get_absolute_url()).content.decode()
    assert "message deleted" in page and "Hola, Rosa" not in page


def test_messages_are_limited_per_day(client, pair, monkeypatch):
    monkeypatch.setattr(services, "MESSAGES_PER_DAY", 3)
    client.force_login(pair["asker"])
    url = pair["conversation"].get_absolute_url()
    for number in range(3):
        assert client.post(url, {"body": f"mensaje {number}"}).status_code == 302
    response = client.post(url, {"body": "uno más"})
    assert response.status_code == 400
    assert "many messages today" in str(response.context["form"].errors["body"])
    assert Message.objects.count() == 3


def test_suspended_members_cannot_send(pair):
    pair["asker"].is_active = False
    pair["asker"].save()
    with pytest.raises(services.ConversationError):
        services.send_message(conversation=pair["conversation"], author=pair["asker"], body="x")
    # Nor can anyone write to them.
    with pytest.raises(services.ConversationError):
        services.send_message(conversation=pair["conversation"], author=pair["nurse"], body="x")


# --- Notifications --------------------------------------------------------------------------------
def _message_emails(user):
    return [m for m in mail.outbox if m.to == [user.email] and "New messages" in m.subject]


def test_one_email_per_conversation_until_the_recipient_reads_it(
    client, pair, django_capture_on_commit_callbacks
):
    nurse, asker, conversation = pair["nurse"], pair["asker"], pair["conversation"]
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation=conversation, author=asker, body="uno")
        services.send_message(conversation=conversation, author=asker, body="dos")
    assert len(_message_emails(nurse)) == 1
    assert "uno" not in _message_emails(nurse)[0].body  # the email says who, not what
    assert "List-Unsubscribe" in _message_emails(nurse)[0].extra_headers

    client.force_login(nurse)
    client.get(conversation.get_absolute_url())  # reads it
    Participant.objects.filter(user=nurse).update(
        last_seen_at=timezone.now() - timedelta(minutes=5)  # and left
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation=conversation, author=asker, body="tres")
    assert len(_message_emails(nurse)) == 2


def test_no_email_while_the_recipient_is_reading(client, pair, django_capture_on_commit_callbacks):
    nurse, conversation = pair["nurse"], pair["conversation"]
    client.force_login(nurse)
    client.get(conversation.get_absolute_url())
    client.get(reverse("conversations:poll", args=[conversation.pk]) + "?since=0")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation=conversation, author=pair["asker"], body="¿estás?")
    assert _message_emails(nurse) == []


def test_message_emails_follow_the_preference_for_their_kind(
    pair, django_capture_on_commit_callbacks
):
    set_frequency(user_id=pair["nurse"].pk, kind=kinds.MESSAGE, frequency="off")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation=pair["conversation"], author=pair["asker"], body="x")
    assert _message_emails(pair["nurse"]) == []
    assert Notification.objects.filter(recipient=pair["nurse"], kind=kinds.MESSAGE).exists()


def test_every_team_member_is_told_of_the_helpers_message(
    team_conversation, django_capture_on_commit_callbacks
):
    data = team_conversation
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(
            conversation=data["conversation"], author=data["helper"], body="¡Hola!"
        )
    told = set(
        Notification.objects.filter(kind=kinds.MESSAGE).values_list("recipient_id", flat=True)
    )
    assert told == {data["admin"].pk, data["editor"].pk, data["lead"].pk}


def test_the_header_counts_conversations_with_unread_messages(client, pair, team_conversation):
    services.send_message(conversation=pair["conversation"], author=pair["nurse"], body="Hola")
    client.force_login(pair["asker"])
    home = client.get(reverse("conversations:requests")).content.decode()
    assert "1 conversation with unread messages" in home
    client.get(pair["conversation"].get_absolute_url())
    home = client.get(reverse("conversations:requests")).content.decode()
    assert "with unread messages" not in home
    # The team sees the helper's offer and the reply as unread until someone opens it... per person.
    client.force_login(team_conversation["editor"])
    assert "1 conversation with unread messages" in client.get(reverse("home")).content.decode()


# --- Organizers write to attendees ----------------------------------------------------------------
def test_organizers_write_to_attendees_through_the_pipeline(
    client, django_capture_on_commit_callbacks
):

    organizer = MembershipFactory(role=Role.ADMIN).user
    event = EventFactory(organization=organizer.memberships.get().organization)
    going = RegistrationFactory(event=event, state=RegistrationState.GOING).user
    waiting = RegistrationFactory(event=event, state=RegistrationState.WAITLISTED, position=1).user
    unsubscribed = RegistrationFactory(event=event, state=RegistrationState.GOING).user
    set_frequency(user_id=unsubscribed.pk, kind=kinds.ATTENDEE_MESSAGE, frequency="off")
    client.force_login(organizer)
    attendees_page = client.get(reverse("events:attendees", args=[event.pk])).content.decode()
    url = reverse("conversations:write_attendees", args=[event.pk])
    assert url in attendees_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"audience": "going", "subject": "Cambio de sala", "body": "Sala **B**"}
        )
    assert response.status_code == 302
    assert {tuple(m.to) for m in mail.outbox} == {(going.email,)}
    assert "Cambio de sala" in mail.outbox[0].subject
    assert "<strong>B</strong>" in mail.outbox[0].alternatives[0][0]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"audience": "both", "subject": "Recordatorio", "body": "Hola"})
    assert {m.to[0] for m in mail.outbox} == {going.email, waiting.email}
    # Someone who does not organize it gets nothing to post to; bad input gets field errors.
    assert client.post(url, {"audience": "going", "subject": "", "body": ""}).status_code == 400
    client.force_login(going)
    assert client.post(url, {"audience": "going", "subject": "x", "body": "y"}).status_code == 404


# --- Safety ---------------------------------------------------------------------------------------
def test_blocking_closes_every_conversation_between_the_two_and_refuses_requests(
    client, pair, team_conversation
):
    asker, nurse, conversation = pair["asker"], pair["nurse"], pair["conversation"]
    client.force_login(nurse)
    response = client.post(reverse("privacy:block", args=[asker.handle]))
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.is_closed
    page = client.get(conversation.get_absolute_url())
    assert page.context["form"] is None and "closed" in page.content.decode()
    assert client.post(conversation.get_absolute_url(), {"body": "x"}).status_code == 403
    client.force_login(asker)
    assert client.post(conversation.get_absolute_url(), {"body": "x"}).status_code == 403
    # Neither may ask the other again.
    for sender, recipient in ((asker, nurse), (nurse, asker)):
        with pytest.raises(services.ConversationError):
            services.request_connection(sender=sender, recipient=recipient, message="Hola")
    # A team conversation both took part in closes too.
    data = team_conversation
    services.send_message(conversation=data["conversation"], author=data["editor"], body="Hola")
    blocking.block(blocker=data["helper"], blocked=data["editor"])
    data["conversation"].refresh_from_db()
    assert data["conversation"].is_closed


def test_a_message_can_be_reported_and_reaches_the_queue_with_its_context(client, pair):

    message = services.send_message(
        conversation=pair["conversation"], author=pair["nurse"], body="Algo feo"
    )
    client.force_login(pair["asker"])
    page = client.get(pair["conversation"].get_absolute_url()).content.decode()
    report_url = reverse("report", args=["conversations.message", message.pk])
    assert report_url in page
    response = client.post(report_url, {"reason": "harassment", "text": "Me insulta"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.target == message
    # Someone outside the conversation cannot report (nor learn that) it exists.
    client.force_login(UserFactory())
    assert client.get(report_url).status_code == 404
    # The queue shows the message, its author and where staff read it (audited).

    context = ReportAdmin.reported_content(None, report)
    assert "Algo feo" in context
    assert pair["nurse"].get_full_name() in context
    assert f"?report={report.pk}" in context


# --- Privacy --------------------------------------------------------------------------------------
def test_the_data_export_holds_conversations_and_own_messages(client, pair):
    services.send_message(conversation=pair["conversation"], author=pair["asker"], body="Mío")
    services.send_message(conversation=pair["conversation"], author=pair["nurse"], body="De Rosa")
    services.request_connection(sender=pair["asker"], recipient=UserFactory(), message="Hola")
    client.force_login(pair["asker"])
    archive = zipfile.ZipFile(BytesIO(client.get(reverse("privacy:export")).content))
    data = json.loads(archive.read("data.json"))
    [conversation] = data["conversations"]
    assert conversation["with"] == [pair["nurse"].get_full_name()]
    assert [m["body"] for m in conversation["my_messages"]] == ["Mío"]
    assert "De Rosa" not in archive.read("data.json").decode()
    assert pair["nurse"].email not in archive.read("data.json").decode()
    assert data["connection_requests"]["sent"][0]["message"] == "Hola"


def test_account_deletion_anonymises_messages_and_keeps_the_other_side(client, pair):
    asker, nurse, conversation = pair["asker"], pair["nurse"], pair["conversation"]
    services.send_message(conversation=conversation, author=asker, body="Gracias por todo")
    services.send_message(conversation=conversation, author=nurse, body="De nada")
    services.request_connection(sender=asker, recipient=UserFactory(), message="Hola")
    privacy.delete_account(asker)
    assert Message.objects.filter(author=None, body="Gracias por todo").exists()
    assert Message.objects.filter(author=nurse, body="De nada").exists()
    assert not ConnectionRequest.objects.exists()
    conversation.refresh_from_db()
    assert conversation.is_closed
    client.force_login(nurse)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "deleted member" in page and "Gracias por todo" in page and "De nada" in page


@pytest.mark.parametrize("who_blocks", ["recipient", "sender"])
def test_a_block_declines_the_requests_to_talk_between_the_two(client, who_blocks):
    """Nobody may answer a request across a block, so it no longer waits: neither the requests
    page nor the home counts it; a request from someone else is untouched."""
    sender, recipient, other = UserFactory(), UserFactory(), UserFactory()
    request = services.request_connection(sender=sender, recipient=recipient, message="¿Hablamos?")
    services.request_connection(sender=other, recipient=recipient, message="Hola")
    client.force_login(recipient)
    assert "2 members asked to talk with you." in client.get("/").text
    blocker, blocked = (recipient, sender) if who_blocks == "recipient" else (sender, recipient)
    blocking.block(blocker=blocker, blocked=blocked)
    request.refresh_from_db()
    assert request.state == RequestState.DECLINED and request.decided_at is not None
    assert [r.sender for r in selectors.incoming_requests(recipient)] == [other]
    assert "1 member asked to talk with you." in client.get("/").text


def test_the_migration_declines_requests_already_pending_across_a_block():
    migration = importlib.import_module(
        "conversations.migrations.0002_decline_requests_across_blocks"
    )
    sender, recipient, other = UserFactory(), UserFactory(), UserFactory()
    across = ConnectionRequest.objects.create(sender=sender, recipient=recipient, message="a")
    untouched = ConnectionRequest.objects.create(sender=other, recipient=recipient, message="b")
    Block.objects.create(blocker=recipient, blocked=sender)  # a row written before the hook
    ConnectionRequest.objects.filter(pk=across.pk).update(state=RequestState.PENDING)
    migration.decline_requests_across_blocks(django_apps, None)
    across.refresh_from_db(), untouched.refresh_from_db()
    assert (across.state, untouched.state) == (RequestState.DECLINED, RequestState.PENDING)
