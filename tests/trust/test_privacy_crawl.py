"""Private fields never leak: unique markers in every private field, then crawl every reachable page
as an anonymous visitor and as an unrelated member."""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.test import Client

from tests.factories.campaigns import FellowFactory, StoryFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NeedFactory,
    OfferFactory,
)
from tests.trust.test_url_map import url_map

pytestmark = pytest.mark.django_db

MARKER = "zqxmarker"
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
    return [
        "/",
        owner.profile.get_absolute_url(),
        helper.profile.get_absolute_url(),
        need.get_absolute_url(),
        need.venture.get_absolute_url(),
        membership.organization.get_absolute_url(),
    ]


def _crawl(client, start):
    seen, queue, visited = set(start), deque(start), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        visited.append(path)
        body = response.content.decode(errors="replace")
        assert MARKER not in body, f"private marker leaked on {path}"
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
    from django.urls import reverse

    from organizations.models import Membership

    _seed()
    admin = Membership.objects.get(user__email__startswith=f"{MARKER}-owner")
    client = Client()
    client.force_login(admin.user)
    team = client.get(reverse("organizations:team", args=[admin.organization.slug]))
    assert MARKER in team.content.decode()
