import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignStatus
from core.choices import Visibility
from events.models import Event, Registration
from organizations.models import NeedStatus, OfferState, Role
from tests.factories.campaigns import CampaignFactory, FeaturedFellowFactory, StoryFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    OrganizationFactory,
)


def members_figure(html):
    match = re.search(r"<dt>Members</dt><dd>([^<]+)</dd>", html)
    return match.group(1).strip()


@pytest.fixture
def live_campaign(db):
    campaign = CampaignFactory(status=CampaignStatus.LIVE, title="Changemakers Unidos")
    FeaturedFellowFactory(campaign=campaign, fellow__name="Ana Núñez")
    return campaign


def test_visitor_home_shows_pitch_join_figures_campaign_needs_and_stories(client, live_campaign):
    UserFactory.create_batch(6)
    UserFactory(profile__visibility=Visibility.HIDDEN)
    NeedFactory(title="Contadora para la cooperativa")
    NeedFactory(status=NeedStatus.FULFILLED)
    StoryFactory(title="Lo que aprendimos en Cúcuta")
    html = client.get(reverse("home")).content.decode()
    assert reverse("account_signup") in html
    # 6 + the story's author (the hidden one is not counted), rounded to a base of 5.
    assert members_figure(html) == "5"
    assert "<dt>Needs fulfilled</dt><dd>1</dd>" in html
    assert "Changemakers Unidos" in html and "Ana Núñez" in html
    assert "Contadora para la cooperativa" in html
    assert "Lo que aprendimos en Cúcuta" in html


def test_visitor_home_is_cached_and_a_new_member_invalidates_it(
    client, db, django_assert_num_queries
):
    UserFactory.create_batch(5)
    assert members_figure(client.get(reverse("home")).content.decode()) == "5"
    with django_assert_num_queries(0):
        client.get(reverse("home"))
    UserFactory.create_batch(3)  # 8 members: published rounded to 10
    assert members_figure(client.get(reverse("home")).content.decode()) == "10"


def test_visitor_home_is_cached_per_language(client, db):
    UserFactory.create_batch(5)
    english = client.get(reverse("home"), headers={"accept-language": "en"}).content.decode()
    spanish = client.get(reverse("home"), headers={"accept-language": "es"}).content.decode()
    assert "Join the community" in english
    assert "Join the community" not in spanish


def test_visitor_home_suppresses_a_small_membership(client, db):
    UserFactory.create_batch(3)
    assert members_figure(client.get(reverse("home")).content.decode()) == "fewer than 5"


def test_visitor_home_query_budget(client, live_campaign, django_assert_max_num_queries):
    UserFactory.create_batch(20)
    NeedFactory.create_batch(12)
    FeaturedFellowFactory.create_batch(5, campaign=live_campaign)
    StoryFactory.create_batch(5)
    for days in range(1, 6):
        make_event(title=f"Evento {days}", days_ahead=days)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("home")).status_code == 200


@pytest.fixture
def busy_member(db):
    """A team admin with offers of their own and pending offers on their team's needs."""
    user = UserFactory(profile__ways_to_help=[])
    membership = MembershipFactory(user=user, role=Role.ADMIN)
    MembershipFactory.create_batch(3, user=user)
    needs = NeedFactory.create_batch(6, venture__organization=membership.organization)
    for need in needs:
        OfferFactory.create_batch(2, need=need)
    for need in NeedFactory.create_batch(4):
        OfferFactory(need=need, member=user, state=OfferState.ACCEPTED)
    return user


def test_member_home_shows_their_sections(client, busy_member):
    client.force_login(busy_member)
    html = client.get(reverse("home")).content.decode()
    assert "Needs for you" in html
    assert "Your offers of help" in html and "Accepted" in html
    assert "Your organizations" in html
    assert "is waiting for an answer" in html
    assert "/members/me/edit/" in html  # no ways to help yet: the profile is not complete


def test_member_home_with_a_complete_profile_asks_nothing(client, db):
    user = UserFactory()
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[
        0
    ]  # the header menu links to edit too
    assert "/members/me/edit/" not in main
    assert "Needs your attention" not in main


def test_member_home_query_budget(client, busy_member, django_assert_max_num_queries):

    NeedFactory.create_batch(10)
    for days in range(1, 6):
        Registration.objects.create(
            event=make_event(title=f"Evento {days}", days_ahead=days),
            user=busy_member,
            state="going",
        )
    client.force_login(busy_member)
    # session (unless in Redis), member, profile, organizations, offers and their needs,
    # unanswered offers, events; unread conversations, message requests, invitations, join
    # requests (the member administers a team); the community translations of the needs
    # for them (one query for all)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("home")).status_code == 200


def test_unanswered_offers_reach_team_editors_only(client, db, django_assert_max_num_queries):
    editor, plain = UserFactory(), UserFactory()
    need = NeedFactory(title="Diseñadora para la web")
    MembershipFactory(user=editor, organization=need.venture.organization, role=Role.EDITOR)
    MembershipFactory(user=plain, organization=need.venture.organization, role=Role.MEMBER)
    OfferFactory(need=need)
    client.force_login(editor)
    assert "Diseñadora para la web" in client.get(reverse("home")).content.decode()
    client.force_login(plain)
    # no team to answer for, no join request to decide, no offer made: 3 queries less
    with django_assert_max_num_queries(10):
        html = client.get(reverse("home")).content.decode()
    assert "Diseñadora para la web" not in html


def test_member_without_profile_is_asked_to_complete_it(client, db):
    user = UserFactory(profile=None)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "/members/me/edit/" in html


def test_needs_for_you_loads_into_the_member_home(client, db):
    need = NeedFactory(category="mentoring")
    user = UserFactory()  # ways to help: mentoring
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("organizations:needs_for_you")}"' in home
    partial = client.get(reverse("organizations:needs_for_you"), headers={"HX-Request": "true"})
    assert need.title in partial.content.decode()


def make_event(*, title, days_ahead, status="published"):

    starts_at = timezone.now() + timedelta(days=days_ahead)
    return Event.objects.create(
        title=title,
        organization=OrganizationFactory(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status=status,
    )


def test_visitor_home_lists_upcoming_published_events(client, db):
    make_event(title="Encuentro en Madrid", days_ahead=3)
    make_event(title="Borrador secreto", days_ahead=4, status="draft")
    make_event(title="Ya pasó", days_ahead=-3)
    html = client.get(reverse("home")).content.decode()
    assert "Encuentro en Madrid" in html
    assert "Borrador secreto" not in html and "Ya pasó" not in html


def test_a_new_event_invalidates_the_visitor_home(client, db):
    client.get(reverse("home"))
    make_event(title="Encuentro en Lisboa", days_ahead=3)
    assert "Encuentro en Lisboa" in client.get(reverse("home")).content.decode()


def test_member_home_lists_their_next_events(client, busy_member):

    going = make_event(title="Taller de finanzas", days_ahead=2)
    waiting = make_event(title="Cena de la diáspora", days_ahead=5)
    cancelled = make_event(title="Charla cancelada por mí", days_ahead=6)
    Registration.objects.create(event=going, user=busy_member, state="going")
    Registration.objects.create(event=waiting, user=busy_member, state="waitlisted", position=1)
    Registration.objects.create(event=cancelled, user=busy_member, state="cancelled")
    client.force_login(busy_member)
    html = client.get(reverse("home")).content.decode()
    assert "Taller de finanzas" in html and "Cena de la diáspora" in html
    assert "Charla cancelada por mí" not in html
