"""What `make bench` measures: the key pages (resolved against the data in the database) and the
service-level timings. Kept apart from the command so tests can check every page resolves."""

import re
import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Campaign
from conversations import poll
from conversations.models import Conversation, Message
from core.choices import Visibility
from members.demo import ACCOUNTS
from members.models import Profile, User
from organizations.models import Need

# What the server says of each response when SERVER_TIMING=1 (core.middleware.ServerTimingMiddleware).
SERVER_TIMING = re.compile(r'app;dur=(?P<app>[\d.]+), db;desc="(?P<queries>\d+) queries"')


@dataclass
class Page:
    name: str
    path: str | None
    signed_in: bool = False
    reason: str = ""
    # Further paths the sequential timing cycles through, so a page whose responses are cached
    # per URL is timed on first views (cache misses) rather than on one warm copy.
    variants: list[str] = field(default_factory=list)
    # Timed as built, not as kept: before each timed request the cached copies are made stale
    # (the content version bumped), as after a change. Not loaded with wrk, which cannot do that.
    rebuilt: bool = False


# Name and place prefixes common in the demo data, and countries members live in: every pair is a
# different search with a different number of matches.
SEARCH_TERMS = ["mar", "jos", "ana", "luc", "gom", "per", "rod", "sal", "fer", "car", "ing", "dat"]
SEARCH_COUNTRIES = ["CO", "US", "ES", "CL", "AR", "MX", "PE"]


def bench_user():
    """A signed-in member with a complete public profile and some notifications, if any: the
    README's member account, whose offers, teams and matches the seed makes the same at any size."""

    user = User.objects.filter(email=ACCOUNTS["member"]).first()
    return user or User.objects.filter(is_active=True, profile__isnull=False).order_by("pk").first()


def key_pages(session_key: str | None = None) -> list[Page]:
    """`session_key`: the bench member's session, which the poll's token is bound to (as the
    conversation page embeds it)."""

    pages = [Page("floor", "/bench/floor/")]
    pages.append(Page("home_signed_in", "/", signed_in=True))
    # The member's sections are kept per member (pages.home): what the first view after a change costs.
    pages.append(Page("home_signed_in_built", "/", signed_in=True, rebuilt=True))
    pages.append(Page("home_visitor", "/"))
    pages.append(
        Page(
            "member_directory_search",
            "/members/?q=mar&residence=CO",
            variants=[
                f"/members/?q={term}&residence={country}"
                for country in SEARCH_COUNTRIES
                for term in SEARCH_TERMS
            ],
        )
    )
    profile = (
        Profile.objects.filter(visibility=Visibility.PUBLIC, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    pages.append(
        Page(
            "member_profile",
            f"/members/{profile.user.handle}/" if profile else None,
            reason="no profile",
        )
    )
    pages.append(Page("organization_directory", "/organizations/"))
    pages.append(Page("needs_board_filtered", "/needs/?category=technical&remote=true"))
    need = Need.objects.open().order_by("pk").first()
    pages.append(Page("need_page", f"/needs/{need.pk}/" if need else None, reason="no open need"))
    campaign = Campaign.objects.filter(status="live").order_by("pk").first()
    pages.append(
        Page(
            "campaign_page",
            f"/campaigns/{campaign.slug}/" if campaign else None,
            reason="no live campaign",
        )
    )
    pages.append(Page("events_list", "/events/"))
    pages.append(Page("notifications_inbox", "/notifications/", signed_in=True))
    pages.append(Page("conversation_list", "/messages/", signed_in=True))
    conversation = bench_conversation()
    pages.append(
        Page(
            "conversation_200_messages",
            f"/messages/{conversation.pk}/" if conversation else None,
            signed_in=True,
            reason="no conversation: `manage.py bench` makes one",
        )
    )
    # htmx's poll when nothing is new: the page's own `since` and token, so every request answers
    # 204 (the cheap answer of conversations.poll).
    poll_path = None
    if conversation:
        # What the page does for its reader: grant this session, embed the token.
        page_request = SimpleNamespace(
            user=bench_user(),
            session=SimpleNamespace(session_key=session_key) if session_key else None,
        )
        poll_path = poll.poll_url(page_request, conversation)
    pages.append(
        Page(
            "conversation_poll_nothing_new",
            poll_path,
            signed_in=True,
            reason="no conversation: `manage.py bench` makes one",
        )
    )
    return pages


BENCH_CONVERSATION_MESSAGES = 200
# Issue goals checked on every run, as ratios to the floor measured in the same run.
SIGNED_IN_MEDIAN_LIMIT = 4
POLL_MEDIAN_LIMIT = 2
QUERY_LIMIT = 12


def goal_lines(pages: dict) -> list[str]:
    """`met`/`MISSED` per goal: queries per page, signed-in pages against the floor, and the
    conversation poll that finds nothing new."""
    floor = (pages.get("floor") or {}).get("median_ms")
    lines = ["goals:"]
    for name, page in pages.items():
        if name == "floor":
            continue
        checks = []
        if page.get("queries") is not None:
            checks.append((f"<= {QUERY_LIMIT} queries", page["queries"] <= QUERY_LIMIT))
        limit = POLL_MEDIAN_LIMIT if name == "conversation_poll_nothing_new" else None
        if limit is None and page.get("signed_in"):
            limit = SIGNED_IN_MEDIAN_LIMIT
        if limit and floor and page.get("median_ms"):
            checks.append((f"median <= {limit}x floor", page["median_ms"] <= limit * floor))
        if checks:
            lines.append(
                f"  {name}: "
                + ", ".join(f"{label} {'met' if ok else 'MISSED'}" for label, ok in checks)
            )
    return lines


def bench_conversation():
    """The bench member's longest conversation, if it has one."""
    user = bench_user()
    if user is None:
        return None
    return (
        Conversation.objects.filter(participants__user=user)
        .exclude(last_message_at=None)
        .order_by("-pk")
        .first()
    )


def ensure_bench_conversation():
    """A conversation of the bench member with 200 messages (both sides), made once: the large
    data set has none. Built through the service that opens it, messages in one bulk insert."""
    from conversations import services  # noqa: PLC0415 - only when benchmarking

    user = bench_user()
    conversation = bench_conversation()
    if user is None or (
        conversation is not None and conversation.messages.count() >= BENCH_CONVERSATION_MESSAGES
    ):
        return conversation
    other = (
        User.objects.filter(is_active=True, profile__isnull=False)
        .exclude(pk=user.pk)
        .order_by("pk")
        .first()
    )
    conversation = services.open_direct_conversation(first=user, second=other)
    now = timezone.now()
    with transaction.atomic():
        Message.objects.bulk_create(
            Message(
                conversation=conversation,
                author=(user, other)[number % 2],
                body=f"Message {number}: **hello** from the bench, with a [link](https://example.org).",
                created_at=now - timedelta(minutes=BENCH_CONVERSATION_MESSAGES - number),
            )
            for number in range(BENCH_CONVERSATION_MESSAGES)
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    conversation.last_message_at = now
    return conversation


def data_sizes() -> dict:
    """Row estimates from the planner statistics (exact counts of millions of rows are slow)."""
    tables = {
        "members": "members_profile",
        "organizations": "organizations_organization",
        "ventures": "organizations_venture",
        "needs": "organizations_need",
        "events": "campaigns_event",
        "registrations": "campaigns_registration",
        "notifications": "members_notification",
    }
    sizes = {}
    with connection.cursor() as cursor:
        for name, table in tables.items():
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            sizes[name] = int(row[0]) if row else None
    return sizes


def service_timings(log) -> dict:
    """Incremental matching (one new need, one changed profile) and announcing an event to 50,000
    members. Each runs inside a transaction that is rolled back, so the data set is unchanged."""
    results = {}
    try:
        from organizations import matching  # noqa: PLC0415 - optional at run time
    except ImportError:
        matching = None
    if matching is not None and hasattr(matching, "match_need"):
        need = Need.objects.open().order_by("-pk").first()
        profile = Profile.objects.filter(allow_matching=True).order_by("user_id").first()
        if need is not None:
            results["match_one_need_ms"] = _rolled_back(lambda: matching.match_need(need.pk))
        if profile is not None:
            results["match_one_profile_ms"] = _rolled_back(
                lambda: matching.match_member(profile.user_id)
            )
        log("  timed incremental matching")
    try:
        from notifications.services import notify_many  # noqa: PLC0415 - optional at run time
    except ImportError:
        notify_many = None
    if notify_many is not None:
        recipient_ids = list(
            User.objects.filter(is_active=True).values_list("pk", flat=True)[:50_000]
        )

        def announce():
            notify_many(
                recipient_ids=recipient_ids,
                kind="campaigns.event_announced",
                data={"bench": True},
                dedupe_key=f"bench-announce-{time.monotonic_ns()}",
            )

        results["announce_event_members"] = len(recipient_ids)
        results["announce_event_ms"] = _rolled_back(announce, runs=3)
        log("  timed event announcement")
    return results


def _rolled_back(function, runs=5):
    class Rollback(Exception):
        pass

    timings = []
    for _ in range(runs):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                function()
                timings.append((time.perf_counter() - started) * 1000)
                raise Rollback
        except Rollback:
            pass
    return round(statistics.median(timings), 1)
