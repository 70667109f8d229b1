"""What a newcomer meets after `make run`: the README's accounts sign in, each with its role, and
the seeded data is matched, staffed and searchable."""

import random
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone

from campaigns.models import CampaignMember, CampaignRole, CampaignStatus, Fellow
from events.models import Event
from events.permissions import can_manage_event
from members.demo import PASSWORD
from members.models import Cause, Skill, User
from organizations.models import Match, Membership, Offer, OfferState, Organization, Role
from organizations.selectors import needs_for_member
from pages.management.commands.seed_demo import seed_all

SIZES = {
    "members": 40,
    "organizations": 6,
    "ventures": 12,
    "needs": 30,
    "events": 4,
    "registrations": 20,
    "notifications": 20,
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeded once for the module and emptied afterwards; each test runs in a rolled-back
    transaction over it. Outside any transaction: the members seeder drops and rebuilds indexes,
    which PostgreSQL refuses while deferred foreign-key checks of a transaction's rows are
    pending. The seed_demo command's own tests (seeding in the test) are in
    test_seed_demo_command.py."""
    with django_db_blocker.unblock():
        if User.objects.exists():  # left by an interrupted run on a reused database
            call_command("flush", interactive=False, verbosity=0)
        seed_all(SIZES, random.Random(2020), lambda text: None)
        yield
        call_command("flush", interactive=False, verbosity=0)


def readme_accounts() -> dict[str, str]:
    """role -> address, from the table under the README's "Demo accounts" heading."""
    text = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = text.split("\n## Demo accounts\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| *([a-z]+) *\| *`([^`]+@[^`]+)` *\|", section, flags=re.MULTILINE)
    return dict(rows)


def sign_in(client, email):
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD}, follow=True)


def test_readme_lists_one_account_per_role():
    assert set(readme_accounts()) == {"member", "organizer", "fellow", "ambassador", "staff"}


@pytest.mark.parametrize("role", ["member", "organizer", "staff", "fellow", "ambassador"])
def test_readme_accounts_and_seeded_members_sign_in(seeded, client, role):
    email = readme_accounts()[role]
    response = sign_in(client, email)
    assert response.wsgi_request.user.is_authenticated
    assert response.wsgi_request.user.email == email
    assert response.redirect_chain[-1][0] == "/"  # home, not the verification or onboarding page


@pytest.mark.parametrize(
    ("headers", "cookie", "language"),
    [({"HTTP_ACCEPT_LANGUAGE": "es-CO,es;q=0.9"}, "", "es"), ({}, "pt-br", "pt-br")],
)
def test_a_readme_account_signs_in_to_the_language_its_browser_is_shown(
    seeded, client, headers, cookie, language
):
    """The demo accounts have chosen no language: signed in from a Spanish browser (or after
    picking Portuguese in the footer) the pages stay in it, and the account keeps it for its
    emails and its next sign-in elsewhere. They were all English, whatever the browser."""
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    email = readme_accounts()["member"]
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD}, **headers)
    assert response.status_code == 302
    assert f'<html lang="{language}"' in client.get("/", **headers).text
    assert User.objects.get(email=email).language == language
    elsewhere = type(client)()
    elsewhere.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert f'<html lang="{language}"' in elsewhere.get("/needs/").text


def test_every_seeded_member_has_a_verified_primary_address(seeded, client):
    assert not User.objects.exclude(
        emailaddress__verified=True, emailaddress__primary=True
    ).exists()
    assert EmailAddress.objects.count() == User.objects.count()
    response = sign_in(client, "member7@example.org")
    assert response.wsgi_request.user.email == "member7@example.org"
    assert "confirm-email" not in response.redirect_chain[-1][0]


def test_readme_accounts_have_their_roles(seeded):
    accounts = {role: User.objects.get(email=email) for role, email in readme_accounts().items()}
    staff = accounts.pop("staff")
    assert staff.is_staff and staff.is_superuser
    assert not any(user.is_staff for user in accounts.values())

    assert Fellow.objects.filter(user=accounts["fellow"], is_published=True).exists()
    assert CampaignMember.objects.filter(
        user=accounts["ambassador"],
        role=CampaignRole.AMBASSADOR,
        campaign__status=CampaignStatus.LIVE,
    ).exists()
    assert Offer.objects.filter(
        state=OfferState.PENDING,
        need__status="open",
        need__venture__organization__memberships__user=accounts["organizer"],
        need__venture__organization__memberships__role=Role.ADMIN,
    ).exists()
    member_needs = needs_for_member(accounts["member"])
    assert member_needs and all(need.match_score is not None for need in member_needs)
    # The organizer has an upcoming event of her own to manage, with people registered.
    organizer_events = [
        event
        for event in Event.objects.filter(starts_at__gt=timezone.now(), status="published")
        if can_manage_event(accounts["organizer"], event)
    ]
    assert organizer_events and organizer_events[0].registrations.exists()


def test_seed_stores_matches(seeded):
    assert Match.objects.exists()


def test_every_campaign_organization_has_an_admin(seeded):
    campaign_organizations = Organization.objects.filter(slug__startswith="cu-")
    assert campaign_organizations.count() == 20
    assert not campaign_organizations.exclude(memberships__role=Role.ADMIN).exists()
    organizer = User.objects.get(email=readme_accounts()["organizer"])
    assert Membership.objects.filter(
        user=organizer, role=Role.ADMIN, organization__in=campaign_organizations
    ).exists()


def test_campaign_organizations_and_needs_are_searchable(seeded, client):
    assert not Organization.objects.filter(search_vector__isnull=True).exists()
    response = client.get("/organizations/", {"q": "Livro"})
    assert "Fundación Livro Livre" in response.text
    response = client.get("/needs/", {"q": "fundraising"})
    assert "Mentor for fundraising strategy" in response.text


@pytest.mark.parametrize("model", [Skill, Cause])
def test_demo_tags_have_one_spelling_each(seeded, model):
    spellings = (
        model.objects.annotate(key=Lower("name"))
        .values("key")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
    )
    assert not spellings.exists(), list(spellings)
    names = set(model.objects.values_list("name", flat=True))
    # Tags are written as mid-sentence: lower case but for proper names.
    assert {name for name in names if name != name.lower()} <= {"Python", "Django", "diseño UX"}
