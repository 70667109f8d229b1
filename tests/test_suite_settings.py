"""The suite never runs on a developer's Redis database: it empties its cache before every test."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from diaspora.celery import app as celery_app
from tests.conftest import suite_redis_urls
from tests.redis_database import SameDatabaseError, database_of, same_database, suite_redis_url

ROOT = Path(__file__).resolve().parents[1]


def _example_redis_url() -> str:
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("REDIS_URL="):
            return line.removeprefix("REDIS_URL=")
    raise AssertionError(".env.example names no REDIS_URL")


def test_a_developers_env_gives_the_suite_another_database_on_the_same_server():
    developer_url = _example_redis_url()
    suite_url = suite_redis_url(developer_url=developer_url, test_url="")
    assert database_of(developer_url) == (("localhost", 6379), 0)
    assert database_of(suite_url) == (("localhost", 6379), 8)


def test_every_developer_database_gives_a_different_suite_database():
    suite_databases = {
        database_of(suite_redis_url(developer_url=f"redis://127.0.0.1:6379/{n}", test_url=""))[1]
        for n in range(16)
    }
    assert suite_databases == set(range(16))
    for n in range(16):
        assert not same_database(
            suite_redis_url(developer_url=f"redis://127.0.0.1:6379/{n}", test_url=""),
            f"redis://127.0.0.1:6379/{n}",
        )


@pytest.mark.parametrize(
    "test_url", ["redis://127.0.0.1:6379/0", "redis://localhost:6379", "redis://localhost/?db=0"]
)
def test_a_test_redis_url_naming_the_developers_database_is_refused(test_url):
    with pytest.raises(SameDatabaseError):
        suite_redis_url(developer_url=_example_redis_url(), test_url=test_url)


def test_the_suites_cache_and_broker_are_not_the_developers_database():
    developer_url = os.environ.get("REDIS_URL", "")
    urls = suite_redis_urls()
    if os.environ.get("TEST_REDIS_URL") or developer_url:
        # Either names a Redis: the suite runs on Redis, as production does, on its own database.
        assert urls and settings.REDIS_URL
        assert set(urls) == {settings.REDIS_URL, celery_app.conf.broker_url}
    for url in [*urls, celery_app.conf.broker_url]:
        assert not same_database(url, developer_url), url


def test_subprocesses_started_by_tests_derive_the_same_database():
    """The Celery worker the worker tests start reads the settings afresh from the environment."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; print(s.REDIS_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == settings.REDIS_URL


def test_the_suite_refuses_to_start_on_settings_that_use_the_developers_database(tmp_path):
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_SETTINGS_MODULE": "diaspora.settings",
    }
    env.pop("TEST_REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--ds=diaspora.settings"]
        + [str(Path(__file__).relative_to(ROOT))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "would use REDIS_URL's database" in result.stderr


def test_each_xdist_worker_takes_a_database_of_its_own():
    """make test runs two pytest-xdist workers: each empties its own cache and broker."""
    example = _example_redis_url()
    by_worker = {
        worker: database_of(suite_redis_url(developer_url=example, test_url="", worker=worker))[1]
        for worker in ["", "gw0", "gw1", "gw2"]
    }
    assert by_worker == {"": 8, "gw0": 8, "gw1": 9, "gw2": 10}
    ci = "redis://127.0.0.1:6379/9"
    assert suite_redis_url(developer_url=example, test_url=ci, worker="gw1").endswith("/10")
    assert suite_redis_url(developer_url=example, test_url=ci, worker="gw0") == ci


def test_an_xdist_worker_never_reaches_the_developers_database():
    with pytest.raises(SameDatabaseError):
        suite_redis_url(
            developer_url="redis://127.0.0.1:6379/0",
            test_url="redis://127.0.0.1:6379/15",
            worker="gw1",
        )


def test_this_worker_runs_on_the_database_its_name_gives():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    expected = suite_redis_url(
        developer_url=os.environ.get("REDIS_URL", ""),
        test_url=os.environ.get("TEST_REDIS_URL", ""),
        worker=worker,
    )
    assert expected == settings.REDIS_URL
