"""Each member's own time zone and language, applied to every request."""

import zoneinfo

from django.conf import settings
from django.utils import timezone, translation


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class MemberPreferencesMiddleware:
    """Show each person dates in their own time zone and pages in their own language.

    Signed-in members: the time zone and language saved on their account. Visitors: the time zone
    their browser reports (a cookie set by static/js/site.js) and the language LocaleMiddleware chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = None
        if user is not None and user.is_authenticated:
            zone = _zone(user.time_zone)
            if user.language and user.language != request.LANGUAGE_CODE:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        if zone is None:
            zone = _zone(request.COOKIES.get(settings.TIME_ZONE_COOKIE_NAME))
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
