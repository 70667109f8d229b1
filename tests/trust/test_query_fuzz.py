"""Malformed query strings never give a 5xx: a NUL byte, a 10,000-character value or a page that
is not a number, in every filter parameter of every list and form page and the main detail
pages, for a visitor and for a signed-in member."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from events.forms import EventFilter
from members.filters import ProfileFilter
from organizations.filters import NeedFilter, OrganizationFilter
from pages.impact_views import ImpactFilterForm
from tests.factories.campaigns import CampaignFactory, FeaturedFellowFactory, StoryFactory
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory
from tests.factories.organizations import MembershipFactory, NeedFactory

pytestmark = pytest.mark.django_db

# Read straight from request.GET by views, besides the filter sets' and forms' own fields.
VIEW_PARAMETERS = {"page", "campaign", "organization", "state", "next", "q"}
SKIPPED_PREFIXES = ("/admin/", "/bench/")  # staff only / a benchmark fixture


def _parameters():
    names = set(VIEW_PARAMETERS)
    for filterset in (EventFilter, ProfileFilter, NeedFilter, OrganizationFilter):
        names |= set(filterset.base_filters)
    names |= set(ImpactFilterForm.base_fields)
    return sorted(names)


def _paths_without_arguments(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            part = str(pattern)
            if "<" in part:
                continue
        elif isinstance(pattern, RegexPattern):
            part = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
            if any(char in part for char in "()[]*+?|{}\\"):
                continue
        else:
            continue
        if isinstance(entry, URLResolver):
            yield from _paths_without_arguments(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            yield "/" + (prefix + part).lstrip("/")


def _queries():
    names = _parameters()
    # 10,000 characters, one in ten not ASCII: all-"ñ" sent every parameter as 60,000 percent
    # escapes, and unquoting those (the client's, then Django's) was half the test's time.
    nul, long_text = "\x00", "ñxxxxxxxxx" * 1_000
    yield {"x": nul}
    yield {"page": "not-a-number"}
    yield {"page": "99999999999999999999999"}
    yield {"page": "-3"}
    for value in (nul, long_text, "not-a-number", "1\x00"):
        yield dict.fromkeys(names, value)
    # No pass of one NUL per parameter (1,900 requests a persona): core.middleware answers any NUL
    # with a 400 before a view reads it, and the persona crawl (tests/crawl) sends a NUL in each
    # parameter of each page, one at a time, on the parameters the pages print.


@pytest.fixture
def content():
    membership = MembershipFactory()
    need = NeedFactory(venture__organization=membership.organization)
    campaign = CampaignFactory()
    story = StoryFactory(campaign=campaign)
    fellow = FeaturedFellowFactory(campaign=campaign).fellow
    event = EventFactory()
    profile = UserFactory().profile
    return [
        membership.organization.get_absolute_url(),
        need.get_absolute_url(),
        campaign.get_absolute_url(),
        story.get_absolute_url(),
        fellow.get_absolute_url(),
        event.get_absolute_url(),
        profile.get_absolute_url(),
    ]


def _server_errors(client, paths):
    errors = []
    for path in paths:
        for query in _queries():
            try:
                # A savepoint each: one database error must not abort the requests after it.
                with transaction.atomic():
                    status = client.get(path, query).status_code
            except Exception as error:
                status = f"{type(error).__name__}: {error}"[:200]
            if not isinstance(status, int) or status >= 500:
                value = next(iter(query.values()))
                errors.append(f"{path} {sorted(query)[:3]}={value[:12]!r} -> {status}")
                break  # one per path is enough to point at it
    return errors


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_no_query_string_gives_a_server_error(content, signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(MembershipFactory().user)
    paths = [
        path
        for path in sorted(set(_paths_without_arguments())) + content
        if not path.startswith(SKIPPED_PREFIXES)
    ]
    assert len(paths) > 30
    errors = _server_errors(client, paths)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("path", ["/stories/new/", "/events/new/"])
@pytest.mark.parametrize("parameter", ["campaign", "organization"])
def test_a_nul_byte_in_an_organizer_is_a_bad_request(client, member, path, parameter):
    client.force_login(member)
    assert client.get(path, {parameter: "ab\x00c"}).status_code == 400


@pytest.mark.parametrize("value", ["not a slug!", "ñ" * 10_000, "../../etc"])
def test_a_malformed_organizer_slug_is_ignored(client, value):
    client.force_login(MembershipFactory(role="admin").user)
    assert client.get("/events/new/", {"organization": value}).status_code == 200
    assert client.get("/stories/new/", {"campaign": value}).status_code in {200, 403}
