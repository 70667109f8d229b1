import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.search import prefix_search_query
from members.models import User
from organizations import services
from organizations.models import (
    Invitation,
    JoinRequest,
    JoinRequestState,
    Membership,
    Organization,
    Role,
)
from tests.factories.members import UserFactory
from tests.factories.organizations import InvitationFactory, JoinRequestFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s]+/organizations/invitations/[^\s/]+/")


def _invite(client, organization, admin, email, role, capture):
    client.force_login(admin)
    with capture(execute=True):
        response = client.post(
            reverse("organizations:invite", args=[organization.slug]),
            {"email": email, "role": role},
        )
    assert response.status_code == 302
    client.logout()
    message = mail.outbox[-1]
    assert message.to == [email]
    return LINK.search(message.body).group(0)


def test_someone_without_an_account_signs_up_opens_the_link_and_joins_with_the_role(
    client, organization, team, django_capture_on_commit_callbacks
):
    link = _invite(
        client,
        organization,
        team["admin"],
        "nueva@example.org",
        Role.EDITOR,
        django_capture_on_commit_callbacks,
    )
    assert not User.objects.filter(email="nueva@example.org").exists()
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path

    # Anonymous: the page explains how to accept, and accepting asks to sign in first.
    page = client.get(path)
    assert page.status_code == 200
    assert "nueva@example.org" in page.content.decode()
    assert client.post(path).status_code == 302
    assert not Membership.objects.filter(user__email="nueva@example.org").exists()

    # Sign up with that address from the page's link, confirm it, and land back on the invitation.
    assert 'href="/accounts/signup/?next=/organizations/invitations/' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation email
        client.post(
            f"{reverse('account_signup')}?next={path}",
            {
                "email": "nueva@example.org",
                "password1": "un-pájaro-azul-9",
                "password2": "un-pájaro-azul-9",
                "accept_code_of_conduct": "on",
                "next": path,
            },
        )
    confirm = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body)
    confirm_path = "/" + confirm.group(0).split("://", 1)[1].split("/", 1)[1]
    assert client.post(confirm_path)["Location"] == path  # signed in, back at the invitation
    newcomer = User.objects.get(email="nueva@example.org")
    assert "Accept the invitation" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.get(organization=organization, user=newcomer).role == Role.EDITOR
    assert Invitation.objects.get(email="nueva@example.org").accepted_by == newcomer
    # The link works once.
    assert client.post(path).status_code == 404


def test_invitation_for_another_address_is_refused(client, organization, team):
    invitation = services.invite(
        organization=organization,
        email="otra@example.org",
        role=Role.ADMIN,
        invited_by=team["admin"],
    )
    client.force_login(team["stranger"])
    response = client.post(services.invitation_url(invitation))
    assert response.status_code == 403
    assert not Membership.objects.filter(organization=organization, user=team["stranger"]).exists()


def test_expired_and_tampered_tokens_are_refused(client, organization):
    invitee = UserFactory(email="tarde@example.org")
    invitation = InvitationFactory(organization=organization, email=invitee.email)
    url = services.invitation_url(invitation)
    client.force_login(invitee)

    tampered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    assert client.post(tampered).status_code == 404
    forged = services.invitation_url(
        InvitationFactory.build(pk=invitation.pk, email="x@example.org")
    )
    assert client.post(forged).status_code == 404

    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 404
    assert not Membership.objects.filter(user=invitee).exists()


def test_signed_token_older_than_its_validity_is_refused(organization, monkeypatch):
    invitation = InvitationFactory(organization=organization)
    token = services.invitation_token(invitation)
    later = timezone.now().timestamp() + timedelta(days=15).total_seconds()
    monkeypatch.setattr("time.time", lambda: later)
    with pytest.raises(services.InvalidInvitation):
        services.invitation_from_token(token)


# --- Join requests ----------------------------------------------------------------------------
def test_member_asks_to_join_and_an_admin_accepts(client, organization, team):
    asker = team["stranger"]
    client.force_login(asker)
    client.post(reverse("organizations:join", args=[organization.slug]), {"message": "¡Hola!"})
    client.post(reverse("organizations:join", args=[organization.slug]), {"message": "otra vez"})
    join_request = JoinRequest.objects.get(organization=organization, user=asker)
    assert join_request.state == JoinRequestState.PENDING
    client.force_login(team["admin"])
    assert (
        "¡Hola!"
        in client.get(reverse("organizations:team", args=[organization.slug])).content.decode()
    )
    client.post(
        reverse(
            "organizations:join_request_decide", args=[organization.slug, join_request.pk, "accept"]
        )
    )
    join_request.refresh_from_db()
    assert join_request.state == JoinRequestState.ACCEPTED
    assert join_request.decided_by == team["admin"]
    assert Membership.objects.get(organization=organization, user=asker).role == Role.MEMBER


def test_admin_declines_a_join_request(client, organization, team):
    join_request = JoinRequestFactory(organization=organization)
    client.force_login(team["admin"])
    client.post(
        reverse(
            "organizations:join_request_decide",
            args=[organization.slug, join_request.pk, "decline"],
        )
    )
    join_request.refresh_from_db()
    assert join_request.state == JoinRequestState.DECLINED
    assert not Membership.objects.filter(organization=organization, user=join_request.user).exists()


# --- Creating and the last admin --------------------------------------------------------------
def test_creator_becomes_admin_and_cannot_set_verified(client, member):
    client.force_login(member)
    response = client.post(
        reverse("organizations:create"),
        {
            "name": "Red Ñandutí de Migrantes",
            "kind": "diaspora_association",
            "countries": ["PY", "AR"],
            "description": "Somos **una red**",
            "website": "https://nanduti.example.org",
            "causes": "migración, educación",
            "verified": "on",
        },
    )
    organization = Organization.objects.get(name="Red Ñandutí de Migrantes")
    assert response.status_code == 302
    assert organization.slug == "red-nanduti-de-migrantes"
    assert organization.verified is False
    assert Membership.objects.get(organization=organization).user == member
    assert Membership.objects.get(organization=organization).role == Role.ADMIN
    assert sorted(organization.causes.names()) == ["educación", "migración"]
    assert Organization.objects.filter(search_vector=services_query("nandu")).exists()


def services_query(text):

    return prefix_search_query(text)


def test_last_admin_cannot_leave_or_be_demoted_or_removed(client, organization):
    only_admin = MembershipFactory(organization=organization, role=Role.ADMIN)
    with pytest.raises(services.LastAdminError):
        services.change_role(membership=only_admin, role=Role.EDITOR)
    with pytest.raises(services.LastAdminError):
        services.remove_member(membership=only_admin)
    client.force_login(only_admin.user)
    client.post(reverse("organizations:leave", args=[organization.slug]))
    client.post(
        reverse("organizations:membership_role", args=[organization.slug, only_admin.pk]),
        {"role": "member"},
    )
    only_admin.refresh_from_db()
    assert only_admin.role == Role.ADMIN

    second = MembershipFactory(organization=organization, role=Role.ADMIN)
    services.change_role(membership=only_admin, role=Role.EDITOR)
    with pytest.raises(services.LastAdminError):
        services.remove_member(membership=second)
    client.force_login(only_admin.user)
    client.post(reverse("organizations:leave", args=[organization.slug]))
    assert not Membership.objects.filter(pk=only_admin.pk).exists()


def test_removed_member_no_longer_leads_the_organizations_ventures(
    client, organization, team, venture
):
    leaving = Membership.objects.get(organization=organization, user=team["editor"])
    venture.leads.add(team["editor"], team["admin"])
    client.force_login(team["admin"])
    client.post(reverse("organizations:membership_remove", args=[organization.slug, leaving.pk]))
    assert list(venture.leads.all()) == [team["admin"]]
