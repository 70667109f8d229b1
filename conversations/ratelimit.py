"""A small fixed-window counter in the cache: how many times someone did something today.

(Kept here until a shared core.ratelimit exists.) The window starts at the first hit; losing the
cache forgets the counts, which errs on the side of letting people write.
"""

from django.core.cache import cache

DAY = 24 * 60 * 60


def hit(scope: str, key, *, limit: int, period: int = DAY) -> bool:
    """Count one more and say whether it is still within `limit` for the window."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period)
        count = 1
    return count <= limit
