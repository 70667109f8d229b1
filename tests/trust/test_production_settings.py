"""In production an empty variable counts as missing: settings refuse to load."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DIASPORA_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "diaspora.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example.org:587",
    "DEFAULT_FROM_EMAIL": "hola@example.org",
    "DJANGO_SETTINGS_MODULE": "diaspora.settings",
}
LOAD = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.ALLOWED_HOSTS, s.CELERY_TASK_ALWAYS_EAGER, s.DEFAULT_FROM_EMAIL)"
)


def _load_settings(**overrides):
    env = {**os.environ, **PRODUCTION, **overrides}
    env.pop("DJANGO_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def _refusal():
    """What diaspora/settings.py raises when run in this process (a fresh module namespace) on the
    environment as it is: the refusals happen while the module runs, so a subprocess per case, a
    second each, is not needed."""
    try:
        runpy.run_path(str(ROOT / "diaspora" / "settings.py"), run_name="settings_under_test")
    except ImproperlyConfigured as error:
        return str(error)
    return None


def test_complete_production_settings_load():
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['diaspora.example.org']", "False", "hola@example.org"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_SECRET_KEY", ""),
        ("DJANGO_ALLOWED_HOSTS", ""),
        ("DJANGO_ALLOWED_HOSTS", "diaspora.example.org,"),
        ("DATABASE_URL", ""),
        ("REDIS_URL", ""),
        ("REDIS_URL", "  "),
        ("EMAIL_URL", ""),
        ("DEFAULT_FROM_EMAIL", ""),
    ],
)
def test_an_empty_production_variable_is_refused(monkeypatch, name, value):
    for variable, production_value in PRODUCTION.items():
        monkeypatch.setenv(variable, production_value)
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    assert _refusal() is None  # the control: the complete set runs through
    monkeypatch.setenv(name, value)
    refusal = _refusal()
    assert refusal is not None and name in refusal
