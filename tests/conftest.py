import pytest
from django.test import override_settings

from diaspora.celery import app as celery_app

# Django's cheapest hasher. The default (PBKDF2) is slow on purpose, and factories hash a password
# for every member they make: it took half the suite's time. No test depends on the hasher.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def member(db):
    from tests.factories.members import UserFactory

    return UserFactory()


@pytest.fixture
def staff(db):
    from tests.factories.members import StaffFactory

    return StaffFactory()
