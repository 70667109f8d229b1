"""The one place a view follows a `next` parameter: only to this site, never off-site
(`//evil.example`, `https://evil.example`, `javascript:`), else to the view's fallback."""

from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"


def safe_next_url(request, fallback, *fallback_args, field=NEXT_FIELD) -> str:
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback, *fallback_args)


def redirect_to_next(request, fallback, *fallback_args, field=NEXT_FIELD):
    return redirect(safe_next_url(request, fallback, *fallback_args, field=field))
