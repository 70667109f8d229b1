import pytest

from diaspora.celery import app as celery_app


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
