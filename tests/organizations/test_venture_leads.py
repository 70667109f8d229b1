"""A venture's leads manage it (edit it, post and edit its needs, answer its offers), even from
outside its organization: one rule, permissions.can_manage_venture."""

import pytest
from django.core import mail
from django.urls import reverse

from organizations import permissions
from organizations.models import NeedStatus, OfferState, Role
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    VentureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(venture):
    user = UserFactory()
    venture.leads.add(user)
    return user


def test_the_rule_and_its_queryset_agree(organization, team, venture, lead):
    other = VentureFactory(organization=organization)
    for name, user in [*team.items(), ("lead", lead)]:
        managed = set(permissions.ventures_managed_by(user, organization))
        for candidate in (venture, other):
            expected = permissions.can_manage_venture(user, candidate)
            assert (candidate in managed) is expected, (name, candidate)
    assert permissions.can_manage_venture(lead, venture)
    assert not permissions.can_manage_venture(lead, other)
    assert not permissions.can_manage_venture(team["member"], venture)


def test_lead_manages_their_venture_from_its_pages(client, venture, lead):
    draft = NeedFactory(venture=venture, status=NeedStatus.DRAFT, title="Borrador de ñandú")
    client.force_login(lead)
    page = client.get(venture.get_absolute_url()).content.decode()
    assert reverse("organizations:venture_edit", args=[venture.slug]) in page
    assert reverse("organizations:need_create", args=[venture.slug]) in page
    assert "Borrador de ñandú" in page
    need_page = client.get(draft.get_absolute_url())
    assert need_page.status_code == 200
    assert reverse("organizations:need_edit", args=[draft.pk]) in need_page.content.decode()
    assert "Offer your help" not in need_page.content.decode()
    response = client.post(
        reverse("organizations:need_create", args=[venture.slug]),
        {"title": "Contadora", "description": "Balances", "category": "funding", "is_remote": "on"},
    )
    assert response.status_code == 302
    assert venture.needs.filter(title="Contadora", created_by=lead).exists()


def test_lead_cannot_offer_help_to_their_own_need(client, need, lead):
    assert not permissions.can_offer_help(lead, need)
    client.force_login(lead)
    client.post(reverse("organizations:offer_create", args=[need.pk]), {"message": "yo"})
    assert not need.offers.exists()


def test_lead_answers_the_offers_of_their_venture_only(client, organization, need, lead):
    mine = OfferFactory(need=need, message="Para tu venture")
    elsewhere = OfferFactory(
        need=NeedFactory(venture=VentureFactory(organization=organization)),
        message="Para otro venture",
    )
    answered = OfferFactory(need=need, message="Ya contestada", state=OfferState.DECLINED)
    client.force_login(lead)
    response = client.get(reverse("organizations:offers", args=[organization.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Para tu venture" in body and "Para otro venture" not in body
    assert reverse("organizations:offer_answer", args=[mine.pk]) in body
    assert reverse("organizations:offer_answer", args=[answered.pk]) not in body
    assert permissions.can_answer_offer(lead, mine)
    assert not permissions.can_answer_offer(lead, answered)

    refused = client.post(
        reverse("organizations:offer_answer", args=[elsewhere.pk]), {"decision": "accept"}
    )
    assert refused.status_code == 403
    client.post(reverse("organizations:offer_answer", args=[mine.pk]), {"decision": "accept"})
    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (mine.state, mine.answered_by) == (OfferState.ACCEPTED, lead)
    assert elsewhere.state == OfferState.PENDING


def test_answering_an_answered_offer_says_so_to_the_team(client, team, need):
    offer = OfferFactory(need=need, state=OfferState.DECLINED)
    client.force_login(team["editor"])
    response = client.post(
        reverse("organizations:offer_answer", args=[offer.pk]), {"decision": "accept"}, follow=True
    )
    assert response.status_code == 200
    assert "cannot be answered any more" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == OfferState.DECLINED


def test_new_offers_are_told_to_the_leads_too(
    client, team, need, lead, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organizations:offer_create", args=[need.pk]), {"message": "Ayudo"})
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([team["admin"].email, team["editor"].email, lead.email])


def test_editing_the_venture_keeps_leads_from_outside_the_team(client, team, venture, lead):
    client.force_login(team["editor"])
    response = client.post(
        reverse("organizations:venture_edit", args=[venture.slug]),
        {"name": venture.name, "summary": "s", "stage": "pilot", "leads": [team["editor"].pk]},
    )
    assert response.status_code == 302
    assert set(venture.leads.all()) == {lead, team["editor"]}


def test_a_plain_member_is_not_a_lead(organization, venture):
    plain = MembershipFactory(organization=organization, role=Role.MEMBER).user
    assert not permissions.can_manage_venture(plain, venture)
