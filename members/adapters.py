from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from members.middleware import browser_zone


def request_language(request) -> str:
    """The site language this request is shown in (LocaleMiddleware's choice from the language
    cookie or Accept-Language), as one of settings.LANGUAGES' codes."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new account keeps the language it signed up in (else every page and email after
        signing in would switch to English) and the browser's time zone."""
        user.language = request_language(request)
        zone = browser_zone(request)
        if zone is not None:
            user.time_zone = zone.key
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        """New members without a complete profile go to onboarding first."""
        profile = getattr(request.user, "profile", None)
        if profile is None or not profile.is_complete:
            return reverse("members:onboarding")
        return super().get_login_redirect_url(request)
