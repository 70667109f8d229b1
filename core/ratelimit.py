"""Per-member limits on actions that reach other people (reports, offers, join requests,
invitations), counted in the cache over a fixed window.

Rates come from settings.MEMBER_RATE_LIMITS, e.g. {"report": "10/day"}. A view asks
`is_limited(scope, user)` before acting and calls `record(scope, user)` once the action is done,
so refused or invalid attempts do not use up the allowance.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

PERIODS = {"minute": 60, "hour": 3600, "day": 86400}

MESSAGE = _("You have done this too many times in a short while. Please try again later.")


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/day' -> (10, 86400)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period]


def _key(scope, user_id, period):
    window = int(time.time() // period)
    return f"ratelimit:{scope}:{user_id}:{window}"


def _rate(scope):
    rate = settings.MEMBER_RATE_LIMITS.get(scope)
    return parse_rate(rate) if rate else None


def is_limited(scope: str, user) -> bool:
    rate = _rate(scope)
    if rate is None:
        return False
    limit, period = rate
    return (cache.get(_key(scope, user.pk, period)) or 0) >= limit


def record(scope: str, user) -> None:
    rate = _rate(scope)
    if rate is None:
        return
    _limit, period = rate
    key = _key(scope, user.pk, period)
    cache.add(key, 0, timeout=period)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)


def limited_response(request, *, back_url=""):
    """The page answered when a member is over a limit: 429, with a way back."""
    return render(
        request,
        "core/rate_limited.html",
        {"message": MESSAGE, "back_url": back_url},
        status=429,
    )
