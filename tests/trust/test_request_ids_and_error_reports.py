"""Request ids on responses and log lines; error reports to Sentry only with a DSN."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.request_id import RequestIdFilter, RequestIdMiddleware

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_response_has_its_own_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxies", "sent", "kept"),
    [
        (1, "proxy-7f3a9c", True),
        (0, "proxy-7f3a9c", False),  # no proxy of ours: a client could choose it
        (1, "two words", False),
        (1, "x" * 500, False),
    ],
)
def test_the_proxys_request_id_is_kept_only_behind_a_proxy(client, proxies, sent, kept):
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=proxies):
        answered = client.get("/healthz", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    assert (answered == sent) is kept


def test_log_lines_carry_time_level_and_request_id():
    stream_records = []

    class Collect(logging.Handler):
        def emit(self, record):
            stream_records.append(self.format(record))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    logger = logging.getLogger("tests.request_id")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def view(request):
        logger.warning("inside the request")
        return HttpResponse()

    try:
        response = RequestIdMiddleware(view)(RequestFactory().get("/"))
        logger.info("after it")
    finally:
        logger.removeHandler(handler)
    inside, after = stream_records
    request_id = response["X-Request-ID"]
    assert f"WARNING tests.request_id [{request_id}] inside the request" in inside
    assert inside[:4].isdigit()  # starts with the time: 2026-...
    assert "INFO tests.request_id [-] after it" in after
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_id"]


SENTRY_STATE = (
    "import sys, django; django.setup(); import sentry_sdk; "
    "from sentry_sdk.integrations.django import DjangoIntegration; "
    "client = sentry_sdk.get_client(); "
    "print(client.is_active(), client.get_integration(DjangoIntegration) is not None)"
)


@pytest.mark.parametrize(
    ("dsn", "expected"), [("", "False False"), ("https://k@sentry.example.org/1", "True True")]
)
def test_sentry_is_on_only_with_a_dsn(dsn, expected):
    env = {**os.environ, "SENTRY_DSN": dsn, "DJANGO_SETTINGS_MODULE": "diaspora.settings"}
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_STATE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == expected, result.stderr
