"""The cache keeps one redis-py client per connection pool (core/redis_cache.py)."""

import pytest
from django.core.cache import cache, caches

from core.redis_cache import SharedClientRedisCache

pytestmark = pytest.mark.skipif(
    not isinstance(caches["default"], SharedClientRedisCache),
    reason="REDIS_URL is unset: the memory cache",
)


def test_every_operation_goes_through_one_client_and_works():
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client

    cache.set("shared-client", 1, 60)
    assert cache.incr("shared-client") == 2
    assert cache.get_many(["shared-client", "absent"]) == {"shared-client": 2}
    cache.delete("shared-client")
    assert cache.get("shared-client") is None
    assert cache._cache.get_client() is client
