import os

import pytest
from celery.result import allow_join_result
from django.test import override_settings

from diaspora.celery import app as celery_app
from tests.database_template import create_test_database, drop_test_database
from tests.redis_database import REDIS_SCHEMES, same_database

# Django's cheapest hasher. The default (PBKDF2) is slow on purpose, and factories hash a password
# for every member they make: it took half the suite's time. No test depends on the hasher.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def suite_redis_urls() -> list[str]:
    """The Redis URLs the suite's cache and Celery broker use."""
    from django.conf import settings  # noqa: PLC0415 - django.conf imports this module (a cycle at import time)

    cache = settings.CACHES["default"]
    urls = [cache["LOCATION"]] if "redis" in cache["BACKEND"].lower() else []
    if settings.CELERY_BROKER_URL.startswith(REDIS_SCHEMES):
        urls.append(settings.CELERY_BROKER_URL)
    return urls


def pytest_configure(config):
    """Whatever settings module was chosen (--ds, DJANGO_SETTINGS_MODULE), refuse to start on the
    developer's Redis database: _fresh_cache empties it before every test."""
    from django.conf import settings  # noqa: PLC0415 - django.conf imports this module (a cycle at import time)

    developer_url = os.environ.get("REDIS_URL", "")
    if not settings.configured or not developer_url:
        return
    for url in suite_redis_urls():
        if same_database(url, developer_url):
            raise pytest.UsageError(
                f"The test suite would use REDIS_URL's database ({developer_url}) and empty it. "
                "Run it with tests.settings, or set TEST_REDIS_URL to a database of its own."
            )


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's fixture, with each worker's database copied from a migrated template
    (tests/database_template.py) instead of migrated anew. --create-db rebuilds the template."""
    with django_db_blocker.unblock():
        original_name, test_name = create_test_database(
            rebuild=request.config.getoption("create_db")
        )
    yield
    with django_db_blocker.unblock():
        drop_test_database(original_name=original_name, test_name=test_name)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _celery_runs_eagerly(request):
    """Tasks run in-process unless a test is marked `worker` (real Redis and a real worker)."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    # Each eager call sets and restores Celery's process-wide "inside a task" flag; eager tasks
    # run from two threads at once (a live server's and the test's, or a test's thread pool)
    # restore it out of order and can leave it set, after which a later test's `.get()` on an
    # eager result refuses ("Never call result.get() within a task!"). Each test starts clear.
    with allow_join_result():
        yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True, scope="session")
def _session_media_in_tmp(tmp_path_factory):
    """The same for what module-scoped fixtures write before a test's folder exists: the demo
    seeds of the crawl, the matching comparison and test_seed_demo (story covers, photos)."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("session-media")):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads (avatars, logos, story images) land in a throwaway folder, never a developer's."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache  # noqa: PLC0415 - django.core.cache imports this module (a cycle at import time)

    cache.clear()
    yield


@pytest.fixture
def member(db):
    from tests.factories.members import UserFactory  # noqa: PLC0415 - tests.factories.members imports this module (a cycle at import time)

    return UserFactory()


@pytest.fixture
def staff(db):
    from tests.factories.members import StaffFactory  # noqa: PLC0415 - tests.factories.members imports this module (a cycle at import time)

    return StaffFactory()
