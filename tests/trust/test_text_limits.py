"""Every free text a member can fill has a maximum: an oversized value (a pasted file) gets a
clear field error and nothing is saved, never a 500 nor a 100 KB row."""

from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from campaigns.models import AmbassadorApplication, Story
from events.models import Event, EventStatus
from moderation.models import Report
from organizations.models import JoinRequest, Need, Offer, OfferState, Organization, Role, Venture
from tests.factories.campaigns import CampaignFactory, FellowFactory
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    OrganizationFactory,
    VentureFactory,
)

pytestmark = pytest.mark.django_db

HUGE = "á" * 100_000
LONG_TAG = "x" * 101


def profile_data(**overrides):
    return {
        "display_name": "Salomón Pérez",
        "country_of_origin": "VE",
        "country_of_residence": "CO",
        "languages": ["es"],
        "ways_to_help": ["mentoring"],
        "hours_per_month": "8",
        "time_zone": "America/Bogota",
        "language": "es",
        "visibility": "public",
        **overrides,
    }


def need_data(**overrides):
    return {
        "title": "Contadora",
        "description": "Balances",
        "category": "funding",
        "is_remote": "on",
        **overrides,
    }


def event_data(**overrides):
    return {
        "title": "Taller de mentoría",
        "description": "Hola",
        "format": "online",
        "starts_at": "2030-01-15T18:00",
        "ends_at": "2030-01-15T20:00",
        "time_zone": "America/Bogota",
        "language": "es",
        "join_url": "https://meet.example.org/x",
        **overrides,
    }


@dataclass
class World:
    member: object
    admin: object
    organization: object
    venture: object
    need: object
    offer: object
    event: object
    fellow: object
    campaign: object


@pytest.fixture
def world():
    organization = OrganizationFactory(description="Antes")
    admin = MembershipFactory(organization=organization, role=Role.ADMIN).user
    venture = VentureFactory(organization=organization)
    need = NeedFactory(venture=venture, description="Antes")
    member = UserFactory()
    return World(
        member=member,
        admin=admin,
        organization=organization,
        venture=venture,
        need=need,
        offer=OfferFactory(need=need),
        event=EventFactory(organization=organization),
        fellow=FellowFactory(user=member, bio="Antes"),
        campaign=CampaignFactory(),
    )


# name: (who posts, url, data, the field, whether anything was saved)
CASES = {
    "profile bio": lambda w: (
        w.member,
        reverse("members:edit"),
        profile_data(bio=HUGE),
        "bio",
        lambda: w.member.profile.__class__.objects.filter(
            pk=w.member.profile.pk, bio=HUGE
        ).exists(),
    ),
    "profile headline": lambda w: (
        w.member,
        reverse("members:edit"),
        profile_data(headline=HUGE),
        "headline",
        lambda: w.member.profile.__class__.objects.filter(headline=HUGE).exists(),
    ),
    "profile skills": lambda w: (
        w.member,
        reverse("members:edit"),
        profile_data(skills=f"Python, {LONG_TAG}"),
        "skills",
        lambda: w.member.profile.skills.exists(),
    ),
    "profile links": lambda w: (
        w.member,
        reverse("members:edit"),
        profile_data(links="\n" * 3 + HUGE),
        "links",
        lambda: w.member.profile.__class__.objects.exclude(links=[]).exists(),
    ),
    "organization description": lambda w: (
        w.member,
        reverse("organizations:create"),
        {"name": "Cooperativa Añil", "kind": "company", "description": HUGE},
        "description",
        lambda: Organization.objects.filter(name="Cooperativa Añil").exists(),
    ),
    "organization causes": lambda w: (
        w.admin,
        reverse("organizations:edit", args=[w.organization.slug]),
        {"name": "Otro", "kind": "company", "causes": ", ".join(f"causa {n}" for n in range(30))},
        "causes",
        lambda: Organization.objects.filter(name="Otro").exists(),
    ),
    "venture problem": lambda w: (
        w.admin,
        reverse("organizations:venture_create", args=[w.organization.slug]),
        {"name": "Huerta", "summary": "Huertos", "stage": "idea", "problem": HUGE},
        "problem",
        lambda: Venture.objects.filter(name="Huerta").exists(),
    ),
    "venture approach": lambda w: (
        w.admin,
        reverse("organizations:venture_edit", args=[w.venture.slug]),
        {"name": "Huerta", "summary": "Huertos", "stage": "idea", "approach": HUGE},
        "approach",
        lambda: Venture.objects.filter(name="Huerta").exists(),
    ),
    "need description": lambda w: (
        w.admin,
        reverse("organizations:need_create", args=[w.venture.slug]),
        need_data(description=HUGE),
        "description",
        lambda: Need.objects.filter(title="Contadora").exists(),
    ),
    "need skills": lambda w: (
        w.admin,
        reverse("organizations:need_edit", args=[w.need.pk]),
        need_data(skills=LONG_TAG),
        "skills",
        lambda: Need.objects.filter(title="Contadora").exists(),
    ),
    "offer message": lambda w: (
        UserFactory(),
        reverse("organizations:offer_create", args=[w.need.pk]),
        {"message": HUGE},
        "message",
        lambda: Offer.objects.filter(need=w.need).count() > 1,
    ),
    "offer reply": lambda w: (
        w.admin,
        reverse("organizations:offer_answer", args=[w.offer.pk]),
        {"decision": "accept", "reply": HUGE},
        "reply",
        lambda: Offer.objects.exclude(state=OfferState.PENDING).exists(),
    ),
    "join request message": lambda w: (
        w.member,
        reverse("organizations:join", args=[w.organization.slug]),
        {"message": HUGE},
        "message",
        lambda: JoinRequest.objects.exists(),
    ),
    "story body": lambda w: (
        w.member,
        reverse("campaigns:story_new"),
        {"title": "Mi historia", "body": HUGE},
        "body",
        lambda: Story.objects.exists(),
    ),
    "fellow bio": lambda w: (
        w.member,
        reverse("campaigns:fellow_edit", args=[w.fellow.slug]),
        {"bio": HUGE},
        "bio",
        lambda: w.fellow.__class__.objects.filter(bio=HUGE).exists(),
    ),
    "ambassador message": lambda w: (
        w.member,
        reverse("campaigns:ambassador", args=[w.campaign.slug]),
        {"message": HUGE},
        "message",
        lambda: AmbassadorApplication.objects.exists(),
    ),
    "event description": lambda w: (
        w.admin,
        reverse("events:create") + f"?organization={w.organization.slug}",
        event_data(description=HUGE),
        "description",
        lambda: Event.objects.filter(title="Taller de mentoría").exists(),
    ),
    "event cancellation message": lambda w: (
        w.admin,
        reverse("events:cancel", args=[w.event.pk]),
        {"message": HUGE},
        "message",
        lambda: Event.objects.filter(status=EventStatus.CANCELLED).exists(),
    ),
    "report text": lambda w: (
        w.member,
        reverse("report", args=["organizations.need", w.need.pk]),
        {"reason": "spam", "text": HUGE},
        "text",
        lambda: Report.objects.exists(),
    ),
}


def _field_errors(response, field):
    """The field's errors in a re-rendered form, or (for the small inline forms that redirect)
    the error message shown on the next page."""
    for context in response.context or []:
        for value in context.dicts if hasattr(context, "dicts") else [context]:
            for candidate in value.values() if isinstance(value, dict) else []:
                errors = getattr(candidate, "errors", None)
                if isinstance(errors, dict) and field in errors:
                    return list(errors[field])
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("name", list(CASES))
def test_oversized_text_is_a_field_error_and_nothing_is_saved(client, world, name):
    user, url, data, field, saved = CASES[name](world)
    client.force_login(user)
    response = client.post(url, data)
    assert response.status_code in (200, 302, 400), response.status_code
    errors = _field_errors(response, field)
    assert any("at most" in error or "characters" in error for error in errors), errors
    assert not saved()
