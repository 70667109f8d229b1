"""Cached public content: one version number, bumped whenever something shown to every visitor
changes. Each app declares its public models with `watch_public_content` in its AppConfig.ready(). Keys embed the version, so a bump makes every cached copy stale at once; the timeout
(settings.HOME_CACHE_SECONDS) bounds what signals never see (bulk updates)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


def watch_public_content(*models, links=()):
    """Every save or delete of these models, and every change of these many-to-many fields (e.g.
    `Fellow.ventures`), makes visitors' cached pages stale."""
    for model in models:
        uid = f"content-cache-{model._meta.label_lower}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
    for field in links:
        m2m_changed.connect(
            bump_content_version,
            sender=field.through,
            dispatch_uid=f"content-cache-{field.through._meta.label_lower}",
        )


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


def for_visitors(request, name: str, build, *, per_time_zone: bool = False, timeout=None) -> str:
    """`build()` (a rendered fragment of a listing) for this request. Signed-out visitors all see
    the same fragment for the same URL, so theirs is kept per language, query string (and time
    zone, where it shows times) until public content changes; members always get a fresh one,
    since what they may see depends on who they are (members-only profiles, blocks)."""
    if request.user.is_authenticated:
        return build()
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    zone = timezone.get_current_timezone_name() if per_time_zone else ""
    return cached(versioned_key(name, get_language(), zone, query), build, timeout)


def listing_response(
    request,
    *,
    page_template: str,
    fragment_template: str,
    partial: bool,
    context,
    key_parts=(),
    page_context=None,
    per_time_zone: bool = False,
    timeout=None,
):
    """A listing's whole page, or (`partial`, an htmx swap) only its fragment. The fragment is
    `fragment_template` rendered with `context()`, kept for visitors by for_visitors; the page
    template shows it as `listing_html`."""
    html = for_visitors(
        request,
        ":".join((fragment_template, *key_parts)),
        lambda: render_to_string(fragment_template, context(), request=request),
        per_time_zone=per_time_zone,
        timeout=timeout,
    )
    if partial:
        return HttpResponse(html)
    # Rendered (and escaped) by the template engine above, then cached: inserted as it is.
    page = {**(page_context or {}), "listing_html": mark_safe(html)}  # noqa: S308
    return render(request, page_template, page)
