"""Cached public content: one version number, bumped whenever something shown to every visitor
changes. Each app declares its public models with `watch_public_content` in its AppConfig.ready(). Keys embed the version, so a bump makes every cached copy stale at once; the timeout
(settings.HOME_CACHE_SECONDS) bounds what signals never see (bulk updates)."""

import hashlib
import uuid

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


# --- A member's own pages ---------------------------------------------------------------------
# What a signed-in page shows only its member (the home's sections) is kept per member under a
# version of theirs: the apps whose rows it reads name, with watch_member_content, whose pages a
# save or delete makes stale, and a write that sends no signal calls forget_member itself. The
# public content version is part of the key too (the needs, events and organizations shown).


def forget(*keys) -> None:
    """These cached copies are stale. Dropped now and again at commit, as bump_content_version
    bumps, so a copy built meanwhile from the not-yet-committed rows is not kept."""
    keys = list(keys)
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _member_version_key(user_id) -> str:
    return f"member:{user_id}:version"


def forget_member(*user_ids) -> None:
    """These members' cached pages are stale."""
    forget(*(_member_version_key(pk) for pk in user_ids if pk is not None))


def watch_member_content(model, members) -> None:
    """Every save or delete of `model` makes stale the pages of `members(instance)` (user ids)."""

    def changed(sender, instance, **kwargs):
        forget_member(*members(instance))

    uid = f"member-cache-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def member_cached(user_id, name: str, build):
    """`build()` for this member, kept until something of theirs changes (forget_member), public
    content changes, or settings.MEMBER_CACHE_SECONDS pass (what no signal reports, and time:
    an event that has ended)."""
    version_key = _member_version_key(user_id)
    found = cache.get_many([version_key, CONTENT_VERSION_KEY])
    version = found.get(version_key)
    if version is None:
        # A new random version, never an old one again: a forgotten member's earlier copies stay
        # unreadable. Kept a day; after that the next page is built anew, as after a change.
        version = uuid.uuid4().hex
        if not cache.add(version_key, version, 24 * 60 * 60):
            version = cache.get(version_key, version)
    public = found.get(CONTENT_VERSION_KEY) or content_version()
    return cached(
        f"member:{user_id}:{name}:{version}:{public}", build, settings.MEMBER_CACHE_SECONDS
    )
