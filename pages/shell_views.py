"""The site's shell outside the pages: the browser's icon at /favicon.ico and the web app manifest."""

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

THEME_COLOUR = "#0b5d57"
BACKGROUND_COLOUR = "#ffffff"


@require_safe
def favicon(request):
    """Browsers and bots ask for /favicon.ico whatever the page links: send them to the PNG icon
    (a temporary redirect, since the static name changes with its content in production)."""
    response = HttpResponseRedirect(static("img/favicon-32.png"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


@require_safe
def web_manifest(request):
    """The web app manifest: name, colours and icons for a phone's home screen."""
    response = JsonResponse(
        {
            "name": settings.SITE_NAME,
            "short_name": settings.SITE_NAME.split()[0],
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND_COLOUR,
            "icons": [
                {"src": static("img/favicon.svg"), "type": "image/svg+xml", "sizes": "any"},
                {"src": static("img/icon-192.png"), "type": "image/png", "sizes": "192x192"},
                {"src": static("img/icon-512.png"), "type": "image/png", "sizes": "512x512"},
            ],
        },
        content_type="application/manifest+json",
    )
    patch_cache_control(response, public=True, max_age=86400)
    return response
