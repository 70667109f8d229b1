"""Every write URL, tried by anonymous visitors, a member of another organization, a plain member,
an editor, an admin and a lead of the venture from outside the organization (a linked fellow):
only the right roles succeed; everyone else gets 403/404 (or the login page) and nothing changes
in the database."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from organizations.models import (
    Invitation,
    JoinRequest,
    Membership,
    Need,
    NeedStatus,
    Offer,
    Organization,
    Role,
    Venture,
)
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    OfferFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_org", "member", "editor", "admin", "lead"]
ADMIN = {"admin"}
CONTENT = {"admin", "editor"}
VENTURE_TEAM = CONTENT | {"lead"}  # permissions.can_manage_venture


@dataclass
class Case:
    name: str
    url: object  # world -> str
    allowed: set
    data: object = None  # world -> dict
    snapshot: object = None  # world -> comparable state
    method: str = "post"
    roles: list = field(default_factory=lambda: list(ROLES))


@pytest.fixture
def world(organization, team, venture, need):
    target = MembershipFactory(organization=organization, role=Role.MEMBER)
    lead = UserFactory()
    venture.leads.add(lead)
    return {
        "organization": organization,
        "venture": venture,
        "need": need,
        "target": target,
        "invitation": InvitationFactory(organization=organization, invited_by=team["admin"]),
        "join_request": JoinRequestFactory(organization=organization),
        "offer": OfferFactory(need=need, member=team["stranger"]),
        "lead": lead,
        **team,
    }


def _org(w):
    return Organization.objects.values_list("name", "verified").get(pk=w["organization"].pk)


CASES = [
    Case(
        "create organization",
        lambda w: reverse("organizations:create"),
        {"other_org", "member", "editor", "admin", "lead"},
        data=lambda w: {"name": "Cooperativa Añil", "kind": "company"},
        snapshot=lambda w: Organization.objects.count(),
    ),
    Case(
        "edit organization",
        lambda w: reverse("organizations:edit", args=[w["organization"].slug]),
        ADMIN,
        data=lambda w: {"name": "Renombrada", "kind": "company", "verified": "on"},
        snapshot=_org,
    ),
    Case(
        "team page",
        lambda w: reverse("organizations:team", args=[w["organization"].slug]),
        ADMIN,
        method="get",
    ),
    Case(
        "invite",
        lambda w: reverse("organizations:invite", args=[w["organization"].slug]),
        ADMIN,
        data=lambda w: {"email": "nuevo@example.org", "role": "admin"},
        snapshot=lambda w: Invitation.objects.count(),
    ),
    Case(
        "cancel invitation",
        lambda w: reverse(
            "organizations:invitation_cancel", args=[w["organization"].slug, w["invitation"].pk]
        ),
        ADMIN,
        snapshot=lambda w: Invitation.objects.get(pk=w["invitation"].pk).cancelled_at,
    ),
    Case(
        "change role",
        lambda w: reverse(
            "organizations:membership_role", args=[w["organization"].slug, w["target"].pk]
        ),
        ADMIN,
        data=lambda w: {"role": "admin"},
        snapshot=lambda w: Membership.objects.get(pk=w["target"].pk).role,
    ),
    Case(
        "remove member",
        lambda w: reverse(
            "organizations:membership_remove", args=[w["organization"].slug, w["target"].pk]
        ),
        ADMIN,
        snapshot=lambda w: Membership.objects.filter(pk=w["target"].pk).exists(),
    ),
    Case(
        "accept join request",
        lambda w: reverse(
            "organizations:join_request_decide",
            args=[w["organization"].slug, w["join_request"].pk, "accept"],
        ),
        ADMIN,
        snapshot=lambda w: JoinRequest.objects.get(pk=w["join_request"].pk).state,
    ),
    Case(
        "offers dashboard",
        lambda w: reverse("organizations:offers", args=[w["organization"].slug]),
        VENTURE_TEAM,
        method="get",
    ),
    Case(
        "answer offer",
        lambda w: reverse("organizations:offer_answer", args=[w["offer"].pk]),
        VENTURE_TEAM,
        data=lambda w: {"decision": "accept", "reply": "¡Bienvenida!"},
        snapshot=lambda w: Offer.objects.get(pk=w["offer"].pk).state,
    ),
    Case(
        "create venture",
        lambda w: reverse("organizations:venture_create", args=[w["organization"].slug]),
        CONTENT,
        data=lambda w: {"name": "Huerta Común", "summary": "Huertos urbanos", "stage": "idea"},
        snapshot=lambda w: Venture.objects.count(),
    ),
    Case(
        "edit venture",
        lambda w: reverse("organizations:venture_edit", args=[w["venture"].slug]),
        VENTURE_TEAM,
        data=lambda w: {"name": "Otro nombre", "summary": "Otro", "stage": "pilot"},
        snapshot=lambda w: Venture.objects.values_list("name", "stage").get(pk=w["venture"].pk),
    ),
    Case(
        "create need",
        lambda w: reverse("organizations:need_create", args=[w["venture"].slug]),
        VENTURE_TEAM,
        data=lambda w: {
            "title": "Abogada migratoria",
            "description": "Asesoría",
            "category": "mentoring",
            "is_remote": "on",
            "publish": "on",
        },
        snapshot=lambda w: Need.objects.count(),
    ),
    Case(
        "edit need",
        lambda w: reverse("organizations:need_edit", args=[w["need"].pk]),
        VENTURE_TEAM,
        data=lambda w: {
            "title": "Título nuevo",
            "description": "Otra",
            "category": "funding",
            "is_remote": "on",
        },
        snapshot=lambda w: Need.objects.values_list("title", "category").get(pk=w["need"].pk),
    ),
    Case(
        "change need status",
        lambda w: reverse("organizations:need_status", args=[w["need"].pk]),
        VENTURE_TEAM,
        data=lambda w: {"status": NeedStatus.IN_PROGRESS},
        snapshot=lambda w: (
            Need.objects.get(pk=w["need"].pk).status,
            w["need"].status_changes.count(),
        ),
    ),
    Case(
        "offer help",
        lambda w: reverse("organizations:offer_create", args=[w["need"].pk]),
        {"other_org"},  # anyone signed in who is not on the venture's team
        data=lambda w: {"message": "Puedo ayudar"},
        snapshot=lambda w: Offer.objects.count(),
    ),
    Case(
        "ask to join",
        lambda w: reverse("organizations:join", args=[w["organization"].slug]),
        {"other_org", "lead"},
        data=lambda w: {"message": "Hola"},
        snapshot=lambda w: JoinRequest.objects.count(),
    ),
    Case(
        "leave",
        lambda w: reverse("organizations:leave", args=[w["organization"].slug]),
        {"member", "editor"},  # the only admin cannot leave: see test_last_admin...
        snapshot=lambda w: Membership.objects.filter(organization=w["organization"]).count(),
        roles=["anonymous", "other_org", "member", "editor", "lead"],
    ),
    Case(
        "withdraw someone else's offer",
        lambda w: reverse("organizations:offer_withdraw", args=[w["offer"].pk]),
        set(),  # only the member who made it
        snapshot=lambda w: Offer.objects.get(pk=w["offer"].pk).state,
    ),
]


@pytest.mark.parametrize(
    ("case", "role"),
    [pytest.param(case, role, id=f"{case.name}-{role}") for case in CASES for role in case.roles],
)
def test_only_the_right_role_can_write(client, world, case, role):
    if role != "anonymous":
        client.force_login(world[role])
    url = case.url(world)
    before = case.snapshot(world) if case.snapshot else None
    if case.method == "get":
        response = client.get(url)
    else:
        response = client.post(url, case.data(world) if case.data else {})

    if role in case.allowed:
        assert response.status_code in (200, 302), response.status_code
        if case.snapshot:
            assert case.snapshot(world) != before
    else:
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code in (403, 404)
        if case.snapshot:
            assert case.snapshot(world) == before


def test_nobody_but_staff_can_set_verified_or_hidden(client, world):
    client.force_login(world["admin"])
    client.post(
        reverse("organizations:edit", args=[world["organization"].slug]),
        {"name": "x", "kind": "company", "verified": "on"},
    )
    client.post(
        reverse("organizations:need_edit", args=[world["need"].pk]),
        {
            "title": "t",
            "description": "d",
            "category": "funding",
            "is_remote": "on",
            "is_hidden": "on",
        },
    )
    assert Organization.objects.get(pk=world["organization"].pk).verified is False
    assert Need.objects.get(pk=world["need"].pk).is_hidden is False


def test_staff_verify_and_hide_in_the_admin(client, staff, world):
    client.force_login(staff)
    changelist = reverse("admin:organizations_organization_changelist")
    assert client.get(changelist, {"q": world["organization"].name[:8]}).status_code == 200
    client.post(changelist, {"action": "verify", "_selected_action": [world["organization"].pk]})
    assert Organization.objects.get(pk=world["organization"].pk).verified is True
    needs = reverse("admin:organizations_need_changelist")
    client.post(needs, {"action": "hide", "_selected_action": [world["need"].pk]})
    assert Need.objects.get(pk=world["need"].pk).is_hidden is True
    assert world["need"] not in Need.objects.open()
    client.force_login(world["stranger"])
    assert client.get(world["need"].get_absolute_url()).status_code == 404


def test_draft_needs_are_only_visible_to_their_team(client, world):
    need = world["need"]
    Need.objects.filter(pk=need.pk).update(status=NeedStatus.DRAFT)
    assert client.get(need.get_absolute_url()).status_code == 404
    client.force_login(world["member"])
    assert client.get(need.get_absolute_url()).status_code == 404
    client.force_login(world["editor"])
    assert client.get(need.get_absolute_url()).status_code == 200
