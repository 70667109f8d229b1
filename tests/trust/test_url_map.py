"""Every URL pattern either is publicly writable on purpose or refuses anonymous writes; no unsafe
request without a CSRF token gets through."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

# URL names where an anonymous POST is the point (signing in, joining, resetting a password ...)
# or is harmless (the view ignores the method). Adding a name here is a reviewed decision.
ANONYMOUS_POST_ALLOWED = {
    "home",
    "healthz",
    "set_language",
    "code_of_conduct",
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_inactive",
    "account_login_code_confirm",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_reset_password_code",
    "account_password_reset_code",
    "account_logout",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_login_webauthn",
    "mfa_signup_webauthn",
    "admin:logout",  # logging out an anonymous visitor does nothing
    # Public lists whose views read only (filters in the query string); they ignore the method.
    "campaigns:list",
    "organizations:board",
    "organizations:directory",
    "members:directory",
    "events:list",
    "events:past",
    # RFC 8058 one-click unsubscribe: authorised by a signed token (bad token -> 400), csrf_exempt.
    "notifications:unsubscribe",
    # Starting a social sign-in (allauth's test provider in the suite; each configured one in
    # production) is the point: it only redirects to the provider.
    "dummy_login",
}
REFUSED = {403, 404, 405}
SAMPLE = {"int": "1", "slug": "sample", "str": "sample", "path": "sample", "uuid": None}


def _route_to_path(route: str) -> str | None:
    def replace(match):
        converter = match.group(1) or "str"
        value = SAMPLE.get(converter, "sample")
        if value is None:
            return "00000000-0000-0000-0000-000000000000"
        return value

    return re.sub(r"<(?:(\w+):)?\w+>", replace, route)


def _regex_to_path(regex: str) -> str | None:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    text = text.replace("\\.", ".").replace("\\-", "-")
    if re.search(r"[\\()\[\]*+?|{}^$]", text):
        return None
    return text


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            part = _route_to_path(str(pattern))
        elif isinstance(pattern, RegexPattern):
            part = _regex_to_path(pattern.regex.pattern)
        else:  # LocalePrefixPattern and friends
            part = ""
        if part is None:
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + part, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else entry.lookup_str
            yield "/" + (prefix + part).lstrip("/"), name


def url_map():
    return sorted(set(_walk(get_resolver().url_patterns)))


def test_url_map_is_walked():
    names = {name for _, name in url_map()}
    # The walk reaches every app's URLs, so a new app's views are covered automatically.
    assert {"report", "code_of_conduct", "privacy:delete", "admin:index"} <= names
    assert len(names) > 50


def test_every_url_refuses_anonymous_writes_unless_allowed():
    client = Client()
    offenders = []
    for path, name in url_map():
        if name in ANONYMOUS_POST_ALLOWED or name.split(":")[-1] in ANONYMOUS_POST_ALLOWED:
            continue
        response = client.post(path, {"title": "x", "body": "x"})
        refused = (
            response.status_code in REFUSED
            # allauth's old social URLs only point to the new ones: nothing is written.
            or (response.status_code == 301 and name.endswith("RedirectView"))
            or (
                response.status_code == 302
                and response["Location"].startswith(("/accounts/login/", "/admin/login/"))
            )
        )
        if not refused:
            offenders.append((path, name, response.status_code))
    assert not offenders, "\n".join(map(str, offenders))


def test_every_unsafe_request_without_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    offenders = []
    for path, name in url_map():
        if name == "notifications:unsubscribe":  # signed-token one-click unsubscribe (RFC 8058)
            continue
        for method in ("post", "put", "delete"):
            response = getattr(client, method)(path, {})
            if response.status_code not in {403, 404, 405} and not (
                response.status_code == 302 and "/admin/" in path
            ):
                offenders.append((method, path, name, response.status_code))
    assert not offenders, "\n".join(map(str, offenders))
