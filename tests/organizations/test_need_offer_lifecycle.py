from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organizations import permissions, services
from organizations.models import NeedStatus, NeedStatusChange, Offer, OfferState, Role
from organizations.schedule import SCHEDULE
from organizations.tasks import expire_stale_offers
from tests.factories.members import UserFactory
from tests.factories.organizations import NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_need_moves_through_its_statuses_and_every_move_is_recorded(team, venture):
    admin = team["admin"]
    need = services.create_need(
        venture=venture,
        created_by=admin,
        title="Contadora voluntaria",
        description="Ayuda con la contabilidad",
        category="administrative",
    )
    assert need.status == NeedStatus.DRAFT
    for status in (NeedStatus.OPEN, NeedStatus.IN_PROGRESS, NeedStatus.FULFILLED):
        services.change_need_status(need=need, to_status=status, changed_by=team["editor"])
    need.refresh_from_db()
    assert need.status == NeedStatus.FULFILLED
    history = list(NeedStatusChange.objects.filter(need=need).order_by("changed_at", "pk"))
    assert [(c.from_status, c.to_status) for c in history] == [
        ("", "draft"),
        ("draft", "open"),
        ("open", "in_progress"),
        ("in_progress", "fulfilled"),
    ]
    assert history[0].changed_by == admin
    assert all(change.changed_by == team["editor"] for change in history[1:])


def test_impossible_status_moves_are_refused_and_not_recorded(team, venture):
    need = services.create_need(
        venture=venture, created_by=team["admin"], title="x", description="y", category="funding"
    )
    with pytest.raises(services.InvalidTransition):
        services.change_need_status(
            need=need, to_status=NeedStatus.FULFILLED, changed_by=team["admin"]
        )
    services.change_need_status(need=need, to_status=NeedStatus.OPEN, changed_by=team["admin"])
    services.change_need_status(need=need, to_status=NeedStatus.CLOSED, changed_by=team["admin"])
    with pytest.raises(services.InvalidTransition):
        services.change_need_status(
            need=need, to_status=NeedStatus.IN_PROGRESS, changed_by=team["admin"]
        )
    assert NeedStatusChange.objects.filter(need=need).count() == 3


def test_status_page_records_the_change_with_who(client, team, need):
    client.force_login(team["editor"])
    response = client.post(
        reverse("organizations:need_status", args=[need.pk]), {"status": "in_progress"}
    )
    assert response.status_code == 302
    change = NeedStatusChange.objects.get(need=need)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "open",
        "in_progress",
        team["editor"],
    )
    page = client.get(need.get_absolute_url())
    assert "Status history" in page.content.decode()


def test_offer_lifecycle_offer_accept_and_emails(
    client, team, need, django_capture_on_commit_callbacks
):
    helper = UserFactory(email="helper@example.org")
    client.force_login(helper)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organizations:offer_create", args=[need.pk]), {"message": "Sé Django"}
        )
    assert response.status_code == 302
    offer = Offer.objects.get(need=need, member=helper)
    assert offer.state == OfferState.PENDING
    # Admins and editors are told, without the member's address.
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {team["admin"].email, team["editor"].email}
    assert all("helper@example.org" not in message.body for message in mail.outbox)

    # Offering twice is refused and nothing new is stored.
    again = client.post(reverse("organizations:offer_create", args=[need.pk]), {"message": "otra"})
    assert again.status_code == 302
    assert Offer.objects.filter(need=need, member=helper).count() == 1

    mail.outbox.clear()
    client.force_login(team["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organizations:offer_answer", args=[offer.pk]),
            {"decision": "accept", "reply": "¡Gracias!"},
        )
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED
    assert offer.answered_by == team["editor"]
    assert offer.reply == "¡Gracias!"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["helper@example.org"]
    # Who accepted, by name; never by address: they write in the conversation the acceptance opened.
    assert team["editor"].get_full_name() in mail.outbox[0].body
    assert team["editor"].email not in mail.outbox[0].body


def test_declined_offer_tells_the_member_in_their_language(
    team, need, django_capture_on_commit_callbacks
):
    helper = UserFactory(language="es")
    offer = OfferFactory(need=need, member=helper)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_offer(offer=offer, answered_by=team["admin"], accept=False, reply="")
    offer.refresh_from_db()
    assert offer.state == OfferState.DECLINED
    assert mail.outbox[0].to == [helper.email]
    assert "Gracias" in mail.outbox[0].body or "gracias" in mail.outbox[0].body
    with pytest.raises(services.OfferNotAllowed):
        services.answer_offer(offer=offer, answered_by=team["admin"], accept=True)


def test_team_members_cannot_offer_on_their_own_needs_and_closed_needs_take_no_offers(team, need):
    with pytest.raises(services.OfferNotAllowed):
        services.make_offer(need=need, member=team["member"], message="hola")
    closed = NeedFactory(status=NeedStatus.CLOSED)
    with pytest.raises(services.OfferNotAllowed):
        services.make_offer(need=closed, member=team["stranger"], message="hola")
    assert not Offer.objects.exists()


def test_member_withdraws_a_pending_offer(client, need):
    offer = OfferFactory(need=need)
    client.force_login(offer.member)
    client.post(reverse("organizations:offer_withdraw", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.state == OfferState.WITHDRAWN


# --- Contact emails ---------------------------------------------------------------------------
def test_no_email_address_is_rendered_before_acceptance(client, team, need):
    helper = UserFactory(email="ayudante@example.org")
    offer = OfferFactory(need=need, member=helper)
    client.force_login(team["admin"])
    dashboard = client.get(reverse("organizations:offers", args=[need.venture.organization.slug]))
    assert "Puedo ayudar" in dashboard.content.decode()
    assert "ayudante@example.org" not in dashboard.content.decode()
    client.force_login(helper)
    for url in (reverse("organizations:my_offers"), need.get_absolute_url()):
        body = client.get(url).content.decode()
        assert team["admin"].email not in body
        assert team["editor"].email not in body
    services.answer_offer(offer=offer, answered_by=team["admin"], accept=False)
    body = client.get(reverse("organizations:my_offers")).content.decode()
    assert team["admin"].email not in body


def test_after_acceptance_both_sides_get_a_conversation_not_each_others_email(client, team, need):
    helper = UserFactory(email="ayudante@example.org")
    offer = OfferFactory(need=need, member=helper)
    services.answer_offer(offer=offer, answered_by=team["admin"], accept=True)
    conversation_url = reverse("conversations:for_offer", args=[offer.pk])
    client.force_login(helper)
    for url in (reverse("organizations:my_offers"), need.get_absolute_url()):
        body = client.get(url).content.decode()
        assert conversation_url in body
        assert team["admin"].email not in body
    client.force_login(team["editor"])
    dashboard = client.get(reverse("organizations:offers", args=[need.venture.organization.slug]))
    assert conversation_url in dashboard.content.decode()
    assert "ayudante@example.org" not in dashboard.content.decode()
    # Another member who offered on the same need sees nobody's address, nor the conversation.
    other = OfferFactory(need=need)
    client.force_login(other.member)
    body = client.get(need.get_absolute_url()).content.decode()
    assert team["admin"].email not in body and "ayudante@example.org" not in body
    assert conversation_url not in body
    assert client.get(conversation_url).status_code == 404


# --- Expiry -----------------------------------------------------------------------------------
def test_unanswered_offers_close_after_14_days_with_a_polite_message(
    need, django_capture_on_commit_callbacks
):
    now = timezone.now()
    stale = OfferFactory(need=need, created_at=now - timedelta(days=14, minutes=1))
    fresh = OfferFactory(need=need, created_at=now - timedelta(days=13, hours=23))
    answered = OfferFactory(
        need=need, created_at=now - timedelta(days=30), state=OfferState.DECLINED
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_stale_offers(now=now) == 1
    for offer in (stale, fresh, answered):
        offer.refresh_from_db()
    assert stale.state == OfferState.EXPIRED
    assert fresh.state == OfferState.PENDING
    assert answered.state == OfferState.DECLINED
    assert [message.to for message in mail.outbox] == [[stale.member.email]]
    assert "Thank you" in mail.outbox[0].body
    # Running again changes nothing and sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_stale_offers(now=now) == 0
    assert len(mail.outbox) == 1


def test_expiry_task_runs_daily_from_the_beat_schedule(need):
    stale = OfferFactory(need=need, created_at=timezone.now() - timedelta(days=20))
    entry = SCHEDULE["organizations.expire-stale-offers"]
    assert entry["task"] == expire_stale_offers.name
    assert entry["schedule"].hour == {5}
    assert expire_stale_offers.delay().get() == 1
    stale.refresh_from_db()
    assert stale.state == OfferState.EXPIRED


def test_dashboard_highlights_unanswered_offers_with_their_age(client, team, need):
    OfferFactory(need=need, created_at=timezone.now() - timedelta(days=9))
    client.force_login(team["editor"])
    body = client.get(
        reverse("organizations:offers", args=[need.venture.organization.slug])
    ).content.decode()
    assert "offer-unanswered" in body
    assert "Waiting 9 days" in body
    assert "1 offer waits for your answer" in body


def test_offer_messages_are_rendered_as_sanitised_markdown(client, team, need):
    OfferFactory(need=need, message="**Sí** <script>alert(1)</script>")
    client.force_login(team["admin"])
    body = client.get(
        reverse("organizations:offers", args=[need.venture.organization.slug])
    ).content.decode()
    assert "<strong>Sí</strong>" in body
    assert "<script>alert(1)" not in body


def test_an_offer_made_before_joining_the_team_is_answered_by_the_rest_of_it(
    client, team, organization, need
):
    """Someone who offered and then joined the team (as editor) does not answer their own offer:
    no form on the team's offers page, a refusal that says why, nothing on their home to answer;
    a colleague answers it."""
    helper = UserFactory()
    offer = services.make_offer(need=need, member=helper, message="Puedo ayudar")
    services.add_member(organization=organization, user=helper, role=Role.EDITOR)
    assert not permissions.can_answer_offer(helper, offer)
    assert permissions.can_answer_offer(team["editor"], offer)

    client.force_login(helper)
    offers_page = client.get(reverse("organizations:offers", args=[organization.slug])).text
    assert "This is your own offer: someone else on the team answers it." in offers_page
    assert "offer waits for your answer" not in offers_page  # the one pending is their own
    assert reverse("organizations:offer_answer", args=[offer.pk]) not in offers_page
    assert "is waiting for an answer" not in client.get(reverse("home")).text
    response = client.post(
        reverse("organizations:offer_answer", args=[offer.pk]), {"decision": "accept"}, follow=True
    )
    assert "This is your own offer" in response.text
    offer.refresh_from_db()
    assert offer.state == OfferState.PENDING
    with pytest.raises(services.OfferNotAllowed):
        services.answer_offer(offer=offer, answered_by=helper, accept=True)

    client.force_login(team["editor"])
    assert "is waiting for an answer" in client.get(reverse("home")).text
    services.answer_offer(offer=offer, answered_by=team["editor"], accept=True)
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED
