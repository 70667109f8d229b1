"""The mixed load of `make bench`: visitors spread over many different URLs and signed-in members
spread over many accounts, replayed by wrk through a generated Lua script.

The URLs are real ones, sampled from the database when the bench starts (seeded, so two runs on the
same data replay the same mix). Members get session cookies made here, deleted after the run. The
script counts every response status in wrk's `response()` hook and prints, at the end, the status
counts and the p50/p95/p99 latency on lines this module parses.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.module_loading import import_string

from campaigns.models import Campaign, Story
from core.choices import Visibility
from events.models import Event
from members.models import Profile, User
from organizations.models import Need, NeedCategory, Organization, Venture
from pages.bench_pages import SEARCH_COUNTRIES, SEARCH_TERMS

SEED = 18  # the number: any fixed seed makes runs on the same data replay the same mix
MEMBERS = 200

# How many distinct objects of each kind visitors open, and how often a landing page (cached for
# visitors) comes up again among them: real traffic returns to a few pages, most URLs are seen once.
VISITOR_SAMPLES = {
    "need_page": 250,
    "member_profile": 200,
    "organization_page": 150,
    "venture_page": 100,
    "event_page": 150,
    "story_page": 100,
}
LANDING_REPEATS = 10
LANDING_PAGES = {
    "home": "/",
    "needs_board": "/needs/",
    "events_list": "/events/",
    "organization_directory": "/organizations/",
    "member_directory": "/members/",
}

# Each signed-in member's visit: these pages, once each.
MEMBER_PAGES = {
    "home_signed_in": "/",
    "needs_for_you": "/needs/for-you/",
    "need_page_signed_in": None,  # an open need, with the offer form when the member may offer
    "my_offers": "/members/me/offers/",
    "notifications_inbox": "/notifications/",
    "profile_edit": "/members/me/edit/",
    "conversation_list": "/messages/",
}


@dataclass(frozen=True)
class MixRequest:
    page: str  # what kind of page, e.g. "need_page"
    path: str
    cookie: str = ""  # a member's session cookie; empty for a visitor

    @property
    def signed_in(self) -> bool:
        return bool(self.cookie)


def _sample(queryset, count, rng):
    """Up to `count` values of a `values_list(..., flat=True)` queryset, drawn from all its rows
    (at most a few hundred thousand short values)."""
    values = list(queryset)
    return rng.sample(values, min(count, len(values)))


def visitor_requests(rng: random.Random) -> list[MixRequest]:
    """Directory searches and filters, landing pages, and pages of needs, members, organizations,
    ventures, events, campaigns and stories, each URL once (landing pages LANDING_REPEATS times)."""
    requests = [
        MixRequest("member_directory_search", f"/members/?q={term}&residence={country}")
        for term in SEARCH_TERMS
        for country in SEARCH_COUNTRIES
    ]
    requests += [
        MixRequest("needs_board_filtered", f"/needs/?category={category}{remote}")
        for category in NeedCategory.values
        for remote in ("", "&remote=true")
    ]
    requests += [
        MixRequest("organization_directory_filtered", f"/organizations/?country={country}")
        for country in SEARCH_COUNTRIES
    ]
    requests += [MixRequest("events_list_page_2", "/events/?page=2")]
    samples = {
        "need_page": (
            Need.objects.open().order_by("pk").values_list("pk", flat=True),
            "/needs/{}/",
        ),
        "member_profile": (
            Profile.objects.filter(
                visibility=Visibility.PUBLIC, is_hidden=False, user__is_active=True
            )
            .order_by("user_id")
            .values_list("user__handle", flat=True),
            "/members/{}/",
        ),
        "organization_page": (
            Organization.objects.visible().order_by("pk").values_list("slug", flat=True),
            "/organizations/{}/",
        ),
        "venture_page": (
            Venture.objects.visible().order_by("pk").values_list("slug", flat=True),
            "/ventures/{}/",
        ),
        "event_page": (Event.objects.upcoming().values_list("pk", flat=True), "/events/{}/"),
        "story_page": (
            Story.objects.visible().order_by("pk").values_list("pk", flat=True),
            "/stories/{}/",
        ),
    }
    for page, (queryset, pattern) in samples.items():
        requests += [
            MixRequest(page, pattern.format(quote(str(value))))
            for value in _sample(queryset, VISITOR_SAMPLES[page], rng)
        ]
    for slug in Campaign.objects.public().order_by("pk").values_list("slug", flat=True):
        requests.append(MixRequest("campaign_page", f"/campaigns/{quote(slug)}/"))
        requests.append(MixRequest("campaign_stories", f"/campaigns/{quote(slug)}/stories/"))
    for page, path in LANDING_PAGES.items():
        requests += [MixRequest(page, path)] * LANDING_REPEATS
    return requests


def bench_members(count: int, rng: random.Random) -> list[User]:
    """Active members with a complete public profile, not staff (whose pages ask for two-factor)."""
    candidates = (
        User.objects.filter(
            is_active=True,
            is_staff=False,
            is_superuser=False,
            profile__visibility=Visibility.PUBLIC,
            profile__is_hidden=False,
        )
        .exclude(profile__display_name="")
        .exclude(profile__country_of_residence="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = _sample(candidates, count, rng)
    users = User.objects.in_bulk(chosen)
    return [users[pk] for pk in chosen]


def session_cookie(user) -> tuple[str, str]:
    """A signed-in session for `user` in the configured engine (its store is the one the server
    reads): the Cookie header's value and the session key, to delete it afterwards."""
    session = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}", session.session_key


def delete_sessions(session_keys) -> None:
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    for key in session_keys:
        store(session_key=key).delete()


def member_requests(cookies: list[str], rng: random.Random) -> list[MixRequest]:
    """Each member's visit (MEMBER_PAGES); the need page is a different open need each time."""
    needs = _sample(
        Need.objects.open().order_by("-pk").values_list("pk", flat=True), len(cookies), rng
    )
    requests = []
    for number, cookie in enumerate(cookies):
        for page, path in MEMBER_PAGES.items():
            if path is None:
                if not needs:
                    continue
                path = f"/needs/{needs[number % len(needs)]}/"
            requests.append(MixRequest(page, path, cookie))
    return requests


def shuffled(requests: list[MixRequest], rng: random.Random) -> list[MixRequest]:
    """Visitors and members interleaved, so any stretch of the run is a mix of both."""
    mixed = list(requests)
    rng.shuffle(mixed)
    return mixed


def composition(requests: list[MixRequest]) -> dict:
    """What the mix holds: requests per page kind, distinct URLs, signed-in share, accounts."""
    return {
        "requests": len(requests),
        "distinct_urls": len({(request.path, request.cookie) for request in requests}),
        "signed_in_share": round(sum(r.signed_in for r in requests) / max(1, len(requests)), 3),
        "members": len({request.cookie for request in requests if request.cookie}),
        "pages": dict(Counter(request.page for request in requests).most_common()),
    }


# --- the Lua script --------------------------------------------------------------------------------
def lua_string(value: str) -> str:
    """A Lua string literal for a path or a cookie (ASCII only: paths are URL-quoted)."""
    if not value.isascii() or any(ord(char) < 32 for char in value):
        raise ValueError(f"not a plain ASCII value: {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


LUA_TEMPLATE = """-- Generated by pages/bench_load.py for `manage.py bench`: one request per entry, in turn.
local entries = {
%(entries)s
}

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  prepared = {}
  for i, entry in ipairs(entries) do
    local headers = {}
    if entry[2] ~= "" then headers["Cookie"] = entry[2] end
    prepared[i] = wrk.format("GET", entry[1], headers)
  end
  -- Threads start at different places in the list, so they do not send the same URLs together.
  position = (thread_number * %(stride)d) %% #prepared
  statuses = {}
end

function request()
  position = position %% #prepared + 1
  return prepared[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local line = "MIX_STATUS"
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    line = line .. " " .. status .. "=" .. count
  end
  io.write(line .. "\\n")
  io.write(string.format("MIX_LATENCY_US p50=%%d p95=%%d p99=%%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
  local errors = summary.errors
  io.write(string.format("MIX_SOCKET_ERRORS connect=%%d read=%%d write=%%d timeout=%%d\\n",
    errors.connect, errors.read, errors.write, errors.timeout))
end
"""


def lua_script(requests: list[MixRequest]) -> str:
    if not requests:
        raise ValueError("an empty mix")
    entries = ",\n".join(
        f"  {{{lua_string(request.path)}, {lua_string(request.cookie)}}}" for request in requests
    )
    stride = max(1, len(requests) // 2 + 1)
    return LUA_TEMPLATE % {"entries": entries, "stride": stride}


MIX_STATUS = re.compile(r"^MIX_STATUS(?P<counts>(?: \d+=\d+)*)\s*$", re.MULTILINE)
MIX_LATENCY = re.compile(r"^MIX_LATENCY_US p50=(\d+) p95=(\d+) p99=(\d+)\s*$", re.MULTILINE)
MIX_SOCKET_ERRORS = re.compile(
    r"^MIX_SOCKET_ERRORS connect=(\d+) read=(\d+) write=(\d+) timeout=(\d+)\s*$", re.MULTILINE
)
REQUESTS_PER_SECOND = re.compile(r"Requests/sec:\s+([\d.]+)")


def parse_script_output(output: str) -> dict:
    """Throughput, latency percentiles (ms) and errors from a run of `lua_script`: a response
    that is not 2xx or 3xx is an error, and so is every socket error."""
    statuses = {}
    status_match = MIX_STATUS.search(output)
    if status_match:
        for pair in status_match.group("counts").split():
            status, count = pair.split("=")
            statuses[status] = int(count)
    latency = MIX_LATENCY.search(output)
    socket_errors = MIX_SOCKET_ERRORS.search(output)
    socket_error_count = sum(map(int, socket_errors.groups())) if socket_errors else 0
    bad_statuses = sum(count for status, count in statuses.items() if not 200 <= int(status) < 400)
    rps = REQUESTS_PER_SECOND.search(output)
    p50, p95, p99 = (int(value) / 1000 for value in latency.groups()) if latency else (None,) * 3
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": sum(statuses.values()),
        "p50_ms": p50,
        "p95_ms": p95,
        "p99_ms": p99,
        "statuses": dict(sorted(statuses.items())),
        "errors": bad_statuses + socket_error_count,
        "socket_errors": socket_error_count,
        # The script's own lines missing means wrk failed: never report that as zero errors.
        "complete": bool(status_match and latency),
    }


@dataclass
class Mix:
    requests: list[MixRequest]
    session_keys: list[str]

    def close(self):
        delete_sessions(self.session_keys)


def build_mix(members: int = MEMBERS) -> Mix:
    """The mix, from the data in the database, with `members` signed-in accounts."""
    rng = random.Random(SEED)
    visitors = visitor_requests(rng)
    sessions = [session_cookie(user) for user in bench_members(members, rng)]
    signed_in = member_requests([cookie for cookie, _key in sessions], rng)
    return Mix(shuffled(visitors + signed_in, rng), [key for _cookie, key in sessions])
