"""Private fields never leak: unique markers in every private field, then crawl every reachable page
as an anonymous visitor and as an unrelated member. Content hidden by the moderators (named with a
second marker) must not show on any page either."""

import re
from collections import deque
from datetime import timedelta
from urllib.parse import urldefrag, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from members.models import User
from moderation import services
from organizations.models import Membership, Venture
from tests.factories.campaigns import FellowFactory, StoryFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.members import StaffFactory, UserFactory
from tests.factories.organizations import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NeedFactory,
    OfferFactory,
    VentureFactory,
)
from tests.trust.test_url_map import url_map

pytestmark = pytest.mark.django_db

MARKER = "zqxmarker"
HIDDEN_MARKER = "zqxveiled"
MAX_PAGES = 150
HREF = re.compile(r'href="([^"#]+)"')
SKIP_PREFIXES = ("/static/", "/media/", "/accounts/logout/", "/admin/", "/i18n/")


def _seed():
    owner = UserFactory(email=f"{MARKER}-owner@example.org")
    helper = UserFactory(email=f"{MARKER}-helper@example.org")
    membership = MembershipFactory(user=owner, role="admin")
    need = NeedFactory(venture__organization=membership.organization, created_by=owner)
    OfferFactory(need=need, member=helper)
    InvitationFactory(organization=membership.organization, email=f"{MARKER}-invitee@example.org")
    JoinRequestFactory(organization=membership.organization, user=helper)
    FellowFactory(invited_email=f"{MARKER}-fellow@example.org")
    StoryFactory(author=owner)
    # An event about to start: its join link is private to the members going, near the start.
    event = EventFactory(
        organization=membership.organization,
        created_by=owner,
        join_url=f"https://meet.example.org/{MARKER}",
        starts_at=timezone.now() + timedelta(minutes=30),
        venue="Casa de la Cultura",
        city="Cúcuta",
        format="hybrid",
    )
    RegistrationFactory(event=event, user=helper)
    return [
        "/",
        owner.profile.get_absolute_url(),
        helper.profile.get_absolute_url(),
        need.get_absolute_url(),
        need.venture.get_absolute_url(),
        membership.organization.get_absolute_url(),
        event.get_absolute_url(),
        *_seed_hidden(membership.organization),
    ]


def _seed_hidden(organization):
    """One item of each hideable kind, hidden by staff; their names carry HIDDEN_MARKER."""
    staff = StaffFactory()
    hidden_member = UserFactory()
    hidden_member.profile.display_name = f"{HIDDEN_MARKER} member"
    hidden_member.profile.save()
    hidden_org = MembershipFactory(role="admin", organization__name=f"{HIDDEN_MARKER} org")
    hidden_org = hidden_org.organization
    venture = VentureFactory(organization=organization, name=f"{HIDDEN_MARKER} venture")
    need = NeedFactory(venture__organization=organization, title=f"{HIDDEN_MARKER} need")
    event = EventFactory(organization=organization, title=f"{HIDDEN_MARKER} event")
    targets = [hidden_member.profile, hidden_org, venture, need, event]
    for target in targets:
        services.hide(actor=staff, target=target, reason="Breaks the code of conduct")
    return [target.get_absolute_url() for target in targets]


def _crawl(client, start):
    seen, queue, visited = set(start), deque(start), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        visited.append(path)
        body = response.content.decode(errors="replace")
        assert MARKER not in body, f"private marker leaked on {path}"
        assert HIDDEN_MARKER not in body, f"hidden content shown on {path}"
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in HREF.findall(body):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            parsed = urlparse(link)
            if parsed.netloc or not parsed.path.startswith("/"):
                continue
            if parsed.path.startswith(SKIP_PREFIXES) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return visited


def _start_pages(seeded):
    static_routes = [path for path, _ in url_map() if "sample" not in path and "/1" not in path]
    return list(
        dict.fromkeys(seeded + [p for p in static_routes if not p.startswith(SKIP_PREFIXES)])
    )


def test_no_private_marker_for_anonymous_visitors():
    start = _start_pages(_seed())
    visited = _crawl(Client(), start)
    assert len(visited) > 20


def test_no_private_marker_for_another_member():
    start = _start_pages(_seed())
    client = Client()
    client.force_login(UserFactory(email="bystander@example.org"))
    visited = _crawl(client, start)
    assert len(visited) > 20


def test_crawler_control_the_owner_team_sees_invitation_addresses():
    """Control: the marker is really rendered where it is allowed, so the crawl can detect it."""

    _seed()
    admin = Membership.objects.get(user__email__startswith=f"{MARKER}-owner")
    client = Client()
    client.force_login(admin.user)
    team = client.get(reverse("organizations:team", args=[admin.organization.slug]))
    assert MARKER in team.content.decode()


def test_crawler_control_going_member_sees_join_link_and_team_sees_hidden_venture():
    """Control: the event's join link and the hidden venture's name do render, where allowed."""

    _seed()
    helper = User.objects.get(email__startswith=f"{MARKER}-helper")
    owner = User.objects.get(email__startswith=f"{MARKER}-owner")
    client = Client()
    client.force_login(helper)
    event = Event.objects.get(join_url__contains=MARKER)
    assert MARKER in client.get(event.get_absolute_url()).content.decode()
    client.force_login(owner)
    venture = Venture.objects.get(name__startswith=HIDDEN_MARKER)
    assert HIDDEN_MARKER in client.get(venture.get_absolute_url()).content.decode()
