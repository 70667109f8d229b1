from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from core.content_cache import cached
from members.backends import forget_signed_in_user
from pages.home import member_sections, visitor_cache_key, visitor_sections


def home(request):
    """Visitors get a cached page (per language, see core.content_cache); members their own."""
    if request.user.is_authenticated:
        return render(request, "home.html", {"member": member_sections(request.user)})
    visitor_html = cached(
        visitor_cache_key(get_language(), timezone.get_current_timezone_name()),
        lambda: render_to_string("pages/_home_visitor.html", visitor_sections()),
    )
    return render(request, "home.html", {"visitor_html": mark_safe(visitor_html)})  # noqa: S308


# Private areas: the account, messages, notifications, the member's own pages, staff tools.
# The sign-in and join pages are how a visitor finds their way in: open to crawlers ("$": the
# pages themselves, not their ?next= copies), while the rest of /accounts/ stays out.
ROBOTS_ALLOW = ("/accounts/login/$", "/accounts/signup/$")
ROBOTS_DISALLOW = (
    "/admin/",
    "/accounts/",
    "/messages/",
    "/notifications/",
    "/members/me/",
    "/translations/",
    "/i18n/",
    "/bench/",
    "/healthz",
)


@require_GET
def robots_txt(request):
    """Public pages open to crawlers, private areas not, and where the sitemap is."""
    lines = [
        "User-agent: *",
        *(f"Allow: {path}" for path in ROBOTS_ALLOW),
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "Allow: /",
    ]
    lines += ["", f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def floor(request):
    """The benchmark's floor: a small template, no database, no session. See `make bench`."""
    return render(request, "pages/floor.html", {"items": range(20)})


@require_POST
def set_language(request):
    """Django's set_language, remembering the choice on the member's account too."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
        forget_signed_in_user(request.user.pk)
    return response


@never_cache
def healthz(request):
    """For load balancers: 200 when the database and the broker answer, 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"error: {error.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis  # noqa: PLC0415 - optional at run time

            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as error:
            checks["broker"] = f"error: {error.__class__.__name__}"
    else:
        checks["broker"] = "eager (no REDIS_URL)"
    healthy = all(value == "ok" or value.startswith("eager") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
