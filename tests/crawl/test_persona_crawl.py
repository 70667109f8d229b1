"""Every journey walked: on the demo data, each demo persona follows the links the site prints
(`<a href>`, `hx-get`, GET forms) from the home page, breadth-first, GET only, until every URL
pattern a link leads to is reached (one URL per pattern and path, a few per kind of link). No page
answers 5xx, no printed link answers 404, no page shows a seeded address its viewer may not see,
and no query string the pages use (set to a NUL, to 5,000 characters, or `page=abc`) gives a 5xx.

The demo data is seeded once for the module (the seeders drop and rebuild indexes, so it cannot
run inside a test's transaction) and flushed afterwards; each persona's crawl runs in a rolled-back
transaction, so a GET that writes (a notification marked read) leaves nothing behind.
"""

import html
import random
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urldefrag, urljoin, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.template.base import Template
from django.test import Client
from django.urls import Resolver404, resolve

from campaigns.models import Fellow
from members.demo import ACCOUNTS
from members.models import User
from organizations.models import Invitation
from organizations.permissions import can_manage_organization
from pages.management.commands.seed_demo import seed_all

SIZES = {
    "members": 30,
    "organizations": 5,
    "ventures": 10,
    "needs": 20,
    "events": 6,
    "registrations": 20,
    "notifications": 20,
}
PERSONAS = ["visitor", *ACCOUNTS]
MAX_URLS = 250  # per persona
# A URL of each pattern whatever its query string, then one per path. Three per pattern (and four
# per kind of link) reached no pattern more (29 for the visitor, 50-59 signed in, the same sets)
# with 137-216 URLs a persona instead of 79-132.
FREE_PER_PATTERN = 1
# URLs of one pattern followed from pages of one pattern: a persona's own needs, linked from their
# venture's page, are walked even when the board's links to other needs have used up theirs.
PER_LINK_KIND = 2
SKIP_PREFIXES = ("/static/", "/media/", "/accounts/logout/", "/i18n/", "/admin/")
SAME_HOSTS = {"", "testserver"}
FUZZ_LONG = "x" * 5000

LINK = re.compile(r"<a\b[^>]*?\shref=\"([^\"]*)\"", re.IGNORECASE)
HX_GET = re.compile(r"\shx-get=\"([^\"]*)\"", re.IGNORECASE)
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)
ATTRIBUTE = re.compile(r"([\w-]+)=\"([^\"]*)\"")
FIELD_NAME = re.compile(r"<(?:input|select|textarea)\b[^>]*?\sname=\"([^\"]+)\"", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# The demo data is seeded once per module (per pytest-xdist worker that runs these personas).
pytestmark = [pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if User.objects.exists():  # left by an interrupted run on a reused database
            call_command("flush", interactive=False, verbosity=0)
        seed_all(SIZES, random.Random(2020), lambda text: None)
        _two_factor_for_staff()
        yield
        call_command("flush", interactive=False, verbosity=0)


def _two_factor_for_staff():
    """Staff pass two-factor: an active TOTP authenticator, as tests/factories' StaffFactory has
    (force_login then stands for the code entered at sign-in)."""
    for user in User.objects.filter(is_staff=True):
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test-only"}}
        )


@dataclass
class Crawl:
    client: Client
    viewer: User | None
    visited: dict[str, int] = field(default_factory=dict)  # url -> status
    printed_by: dict[str, str] = field(default_factory=dict)  # url -> the page that printed it
    per_pattern: Counter = field(default_factory=Counter)
    per_link_kind: Counter = field(default_factory=Counter)  # (source pattern, pattern) -> URLs
    query_free_seen: set = field(default_factory=set)
    parameters: dict[str, set] = field(default_factory=dict)  # pattern -> GET names seen
    sample_path: dict[str, str] = field(default_factory=dict)  # pattern -> a path reached
    problems: list[str] = field(default_factory=list)
    shown: set = field(default_factory=set)  # seeded addresses shown where the viewer may see them


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route or match.view_name


def _links(body: str, base: str):
    """(url, is_htmx) for every same-host link, hx-get and GET form on the page."""
    for raw in LINK.findall(body):
        yield urljoin(base, html.unescape(raw)), False
    for raw in HX_GET.findall(body):
        yield urljoin(base, html.unescape(raw)), True
    for attributes, inner in FORM.findall(body):
        attrs = dict(ATTRIBUTE.findall(attributes))
        method = attrs.get("method", "get").lower()
        if method != "get" and "hx-get" not in attrs:
            continue
        action = urljoin(base, html.unescape(attrs.get("hx-get") or attrs.get("action", "")))
        names = dict.fromkeys(FIELD_NAME.findall(inner))
        query = "&".join(f"{quote(name)}=" for name in names if name != "csrfmiddlewaretoken")
        yield urlsplit(action)._replace(query=query).geturl(), "hx-get" in attrs


def _normalise(url: str) -> str | None:
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SAME_HOSTS:
        return None
    return parts._replace(scheme="", netloc="").geturl() or "/"


def _allowed_emails(viewer) -> set[str]:
    """Seeded addresses this viewer may see on any page (their own is checked separately): only
    the pending invitations of an organization they manage. Accepted offers, attendee lists and
    conversations show names and handles, never addresses."""
    if viewer is None:
        return set()
    return {
        invitation.email.lower()
        for invitation in Invitation.objects.select_related("organization")
        if can_manage_organization(viewer, invitation.organization)
    }


def _seeded_emails() -> set[str]:
    emails = set(User.objects.values_list("email", flat=True))
    emails |= set(EmailAddress.objects.values_list("email", flat=True))
    emails |= set(Invitation.objects.values_list("email", flat=True))
    emails |= set(Fellow.objects.exclude(invited_email="").values_list("invited_email", flat=True))
    return {email.lower() for email in emails if email}


def _own_account_page(path: str) -> bool:
    return path.startswith(("/accounts/", "/members/me/"))


def _crawl(crawl: Crawl, seeded: set[str], allowed: set[str]):
    own = crawl.viewer.email.lower() if crawl.viewer else None
    queue = deque([("/", False, "(start)")])
    if crawl.viewer is not None and crawl.viewer.is_staff:
        queue.append(("/admin/", False, "(start: the admin index)"))
    queued = {"/"}
    while queue and len(crawl.visited) < MAX_URLS:
        url, htmx, source = queue.popleft()
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = crawl.client.get(url, **headers)
        status = response.status_code
        crawl.visited[url] = status
        crawl.printed_by[url] = source
        if status >= 500:
            crawl.problems.append(f"{status} at {url} (linked from {source})")
            continue
        if status == 404 and source != "(start)":
            crawl.problems.append(f"404 at {url}, a link printed by {source}")
            continue
        path = urlsplit(url).path
        body = b"".join(response) if response.streaming else response.content
        text = body.decode(errors="replace")
        for email in {match.lower() for match in EMAIL.findall(text)} & seeded:
            if email in allowed or (email == own and _own_account_page(path)):
                crawl.shown.add(email)
            else:
                crawl.problems.append(f"{email} shown at {url} (linked from {source})")
        pattern = _pattern(path)
        if pattern is not None:
            crawl.sample_path.setdefault(pattern, path)
            names = crawl.parameters.setdefault(pattern, set())
            names.update(name for name, _ in parse_qsl(urlsplit(url).query, True))
        if status in (301, 302, 303, 307, 308):
            candidates = [(response["Location"], False)]
        elif "text/html" in response.get("Content-Type", ""):
            candidates = list(_links(text, url))
        else:
            continue  # downloads and feeds: fetched, not parsed
        for link, link_htmx in candidates:
            _enqueue(crawl, queue, queued, link, link_htmx, url)


def _enqueue(crawl, queue, queued, link, htmx, source):
    link = _normalise(link)
    if link is None:
        return
    parts = urlsplit(link)
    pattern = _pattern(parts.path)
    if pattern is not None:
        names = crawl.parameters.setdefault(pattern, set())
        names.update(name for name, _ in parse_qsl(parts.query, True))
    if link in queued:
        return
    admin_index = link == "/admin/" and crawl.viewer is not None and crawl.viewer.is_staff
    if parts.path.startswith(SKIP_PREFIXES) and not admin_index:
        return
    if pattern is None:
        # A printed link no URL pattern answers: fetched, to report its 404 with its page.
        pattern = parts.path
    query_free = (pattern, parts.path)
    if crawl.per_pattern[pattern] >= FREE_PER_PATTERN and query_free in crawl.query_free_seen:
        return
    link_kind = (_pattern(urlsplit(source).path), pattern)
    if crawl.per_link_kind[link_kind] >= PER_LINK_KIND:
        return
    crawl.per_pattern[pattern] += 1
    crawl.per_link_kind[link_kind] += 1
    crawl.query_free_seen.add(query_free)
    queued.add(link)
    queue.append((link, htmx, source))


def _fuzz(crawl: Crawl, already: set) -> int:
    """Every GET parameter seen for a pattern, on one path of it that answered: a NUL, 5,000
    characters, and a page number that is not one. `already` holds the (pattern, parameter,
    signed in) an earlier persona fuzzed: the views read the same query string for every member,
    and sending it again would double the crawl's time."""
    signed_in = crawl.viewer is not None
    sent = 0
    for pattern, names in sorted(crawl.parameters.items()):
        path = crawl.sample_path.get(pattern)
        if path is None or crawl.visited.get(path) != 200:
            continue
        queries = []
        for name in sorted({*names, "page"}):
            if (pattern, name, signed_in) in already:
                continue
            already.add((pattern, name, signed_in))
            if name == "page":
                queries.append("page=abc")
            if name in names:
                queries += [f"{quote(name)}=%00", f"{quote(name)}={FUZZ_LONG}"]
        for query in queries:
            response = crawl.client.get(f"{path}?{query}")
            sent += 1
            if response.status_code >= 500:
                crawl.problems.append(
                    f"{response.status_code} at {path}?{query[:40]}... (fuzzed query string)"
                )
    return sent


def _client_for(persona: str) -> tuple[Client, User | None]:
    # A server error is a finding to report with the page that linked to it, not an exception.
    client = Client(raise_request_exception=False)
    if persona == "visitor":
        return client, None
    user = User.objects.get(email=ACCOUNTS[persona])
    client.force_login(user)
    return client, user


@pytest.fixture(autouse=True)
def _templates_not_captured(monkeypatch):
    """The test client copies every template's context for response.context (5 % of the
    crawl's time); the crawl reads only the bodies."""
    monkeypatch.setattr(
        Template, "_render", lambda template, context: template.nodelist.render(context)
    )


@pytest.fixture(scope="module")
def fuzzed():
    return set()


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_answers_without_errors_or_leaked_addresses(
    demo_data, fuzzed, persona, crawl_counts
):
    client, viewer = _client_for(persona)
    crawl = Crawl(client=client, viewer=viewer)
    allowed = _allowed_emails(viewer)
    _crawl(crawl, _seeded_emails(), allowed)
    crawl_counts[persona] = (len(crawl.visited), _fuzz(crawl, fuzzed))
    problems = crawl.problems
    assert not problems, "\n".join(problems)
    patterns = {_pattern(urlsplit(url).path) for url in crawl.visited}
    assert len(patterns) > (25 if viewer is None else 45), sorted(crawl.visited)
    # Controls: the addresses a viewer may see are found where they are shown, so a leak would be.
    if viewer is not None:
        assert viewer.email in crawl.shown
    assert not allowed or crawl.shown & allowed, allowed
