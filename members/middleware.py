"""Each member's own time zone and language, applied to every request."""

from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from core.dates import zone_from_name
from members.backends import forget_signed_in_user


def browser_zone(request):
    """The zone the browser reported (static/js/site.js stores it URL-encoded, as
    "America%2FBogota"), or None when absent or not an IANA zone name."""
    return zone_from_name(unquote(request.COOKIES.get(settings.TIME_ZONE_COOKIE_NAME, "")))


def _remember_unchosen(user, field: str, value: str) -> None:
    """Store the browser's `value` as the member's `field` unless they chose one meanwhile (a
    bare UPDATE, no signals: the signed-in copy is dropped here)."""
    get_user_model().objects.filter(pk=user.pk, **{field: ""}).update(**{field: value})
    setattr(user, field, value)
    forget_signed_in_user(user.pk)


class MemberPreferencesMiddleware:
    """Show each person dates in their own time zone and pages in their own language.

    Signed-in members: the time zone and language saved on their account; a member who has not
    chosen a zone or a language gets the browser's, which is then remembered on the account so
    that their emails show the same times in the same language. Visitors: the time zone their
    browser reports (a cookie set by static/js/site.js) and the language LocaleMiddleware chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = None
        if user is not None and user.is_authenticated:
            zone = zone_from_name(user.time_zone)
            language = user.language
            if not language:
                # Not chosen yet (a demo or imported account): the language this browser is
                # shown, kept so that the member's emails come in it too.
                _remember_unchosen(user, "language", request.LANGUAGE_CODE)
            elif language != request.LANGUAGE_CODE:
                try:
                    language = translation.get_supported_language_variant(language)
                except LookupError:
                    language = None
                if language:
                    translation.activate(language)
                    request.LANGUAGE_CODE = language
            if zone is None:
                zone = browser_zone(request)
                if zone is not None and not user.time_zone:
                    _remember_unchosen(user, "time_zone", zone.key)
        if zone is None:
            zone = browser_zone(request)
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
