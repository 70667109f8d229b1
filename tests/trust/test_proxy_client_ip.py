"""Behind our TLS proxy every request comes from the proxy's address: allauth's rate limits must
tell clients apart by the X-Forwarded-For entry the proxy added (TRUSTED_PROXY_COUNT)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WRONG_LOGIN = {"login": "nobody@example.org", "password": "wrong-password"}


def _login_statuses(client, forwarded_for, times):
    return [
        client.post(
            reverse("account_login"),
            WRONG_LOGIN,
            REMOTE_ADDR="10.0.0.2",  # the proxy, for everyone
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code
        for _ in range(times)
    ]


@override_settings(
    ALLAUTH_TRUSTED_PROXY_COUNT=1,
    ACCOUNT_RATE_LIMITS={**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"},
)
def test_two_clients_behind_one_proxy_are_limited_separately(client):
    assert _login_statuses(client, "203.0.113.7", 3)[-1] == 429
    # Another client, same proxy: its own allowance. A forged first entry changes nothing: the
    # proxy's own (last) entry is the one counted.
    assert 429 not in _login_statuses(client, "198.51.100.9", 2)
    assert _login_statuses(client, "198.51.100.1, 203.0.113.7", 1) == [429]


@override_settings(ACCOUNT_RATE_LIMITS={**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"})
def test_without_a_proxy_count_forwarded_for_is_not_trusted(client):
    _login_statuses(client, "203.0.113.7", 2)
    assert _login_statuses(client, "198.51.100.9", 1) == [429]


def test_the_proxy_count_comes_from_the_environment():
    env = {**os.environ, "TRUSTED_PROXY_COUNT": "2", "DJANGO_SETTINGS_MODULE": "diaspora.settings"}
    code = "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "2", result.stderr
