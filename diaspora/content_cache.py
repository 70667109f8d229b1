"""Cached public content: one version number, bumped by diaspora.signals whenever something shown to
every visitor changes (members, organizations, ventures, needs, offers, campaigns, fellows, stories,
events). Keys embed the version, so a bump makes every cached copy stale at once; the timeout
(settings.HOME_CACHE_SECONDS) bounds what signals never see (bulk updates)."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

CONTENT_VERSION_KEY = "content:version"


def content_version() -> int:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(CONTENT_VERSION_KEY, version, None)
    return version


def _bump():
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:
        cache.set(CONTENT_VERSION_KEY, 2, None)


def bump_content_version(**_kwargs):
    """Signal receiver: something public changed, so every cached copy is stale. Bumped again at
    commit, so a page built meanwhile from the not-yet-committed rows is not kept."""
    _bump()
    transaction.on_commit(_bump)


def versioned_key(*parts) -> str:
    return ":".join(str(part) for part in (*parts, content_version()))


def cached(key: str, build, timeout=None):
    """The value under `key` (made with versioned_key), built and stored on a miss. `timeout` may be
    a function of the value, for content that goes stale with time (an event ending)."""
    value = cache.get(key)
    if value is None:
        value = build()
        seconds = timeout(value) if callable(timeout) else timeout
        cache.set(key, value, settings.HOME_CACHE_SECONDS if seconds is None else seconds)
    return value
