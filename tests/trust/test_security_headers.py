"""Security headers, cookies and the deploy check (issue 8)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_deploy_check_passes_with_production_variables():
    env = {
        **os.environ,
        "DIASPORA_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "diaspora.example.org",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/diaspora"
        ),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_URL": "smtp://mail.example.org:587",
        "DEFAULT_FROM_EMAIL": "hola@example.org",
        "DJANGO_SETTINGS_MODULE": "diaspora.settings",  # what is deployed, not tests.settings
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # set for the browser tests' event loop, never deployed
    env.pop("DJANGO_HSTS_SECONDS", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_hsts_is_at_least_six_months():
    env = {
        **os.environ,
        "DIASPORA_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "diaspora.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_URL": "smtp://mail.example.org:587",
        "DEFAULT_FROM_EMAIL": "hola@example.org",
        "DJANGO_HSTS_SECONDS": "60",  # even a careless operator value is raised to six months
        "DJANGO_SETTINGS_MODULE": "diaspora.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds, session_secure, csrf_secure = result.stdout.split()
    assert int(seconds) >= 15552000
    assert session_secure == csrf_secure == "True"


@pytest.mark.django_db
def test_hsts_header_sent_under_production_like_settings(client):
    with override_settings(SECURE_HSTS_SECONDS=15552000, SECURE_SSL_REDIRECT=False):
        response = client.get(reverse("home"), secure=True)
    assert "max-age=15552000" in response["Strict-Transport-Security"]


@pytest.mark.django_db
def test_csp_script_src_has_no_unsafe_inline_or_eval(client):
    directives = _csp_directives(client.get(reverse("home")))
    assert directives["script-src"] == ["'self'"]
    for directive in ("script-src", "default-src"):
        assert "'unsafe-inline'" not in directives.get(directive, [])
        assert "'unsafe-eval'" not in directives.get(directive, [])


@pytest.mark.django_db
def test_csp_forbids_framing_plugins_and_foreign_forms(client):
    directives = _csp_directives(client.get(reverse("account_login")))
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_pages_carry_no_inline_script_and_switch_off_htmx_inline_style(client):
    body = client.get(reverse("home")).content.decode()
    assert "<script>" not in body
    assert 'name="htmx-config"' in body and '"includeIndicatorStyles":false' in body


@pytest.mark.django_db
def test_nosniff_referrer_policy_and_frame_options(client):
    response = client.get(reverse("home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_samesite(client, member):
    with override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        response = client.post(
            reverse("account_login"),
            {"login": member.email, "password": "correct-horse-battery"},
            secure=True,
        )
        session = response.cookies["sessionid"]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        page = client.get(reverse("account_login"), secure=True)
        csrf = page.cookies.get("csrftoken") or client.cookies["csrftoken"]
        assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
