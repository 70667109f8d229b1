"""The project's settings for the test suite (pyproject's DJANGO_SETTINGS_MODULE), on a Redis
database of the suite's own (see tests/redis_database.py)."""

import os
from pathlib import Path

import environ

from tests.redis_database import suite_redis_url

# The developer's REDIS_URL, from the environment or .env, read as diaspora.settings reads it.
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env", overwrite=False)
DEVELOPER_REDIS_URL = os.environ.get("REDIS_URL")
SUITE_REDIS_URL = suite_redis_url(
    developer_url=DEVELOPER_REDIS_URL or "",
    test_url=os.environ.get("TEST_REDIS_URL", ""),
    # pytest-xdist names each worker process (gw0, gw1, ...); subprocesses inherit it.
    worker=os.environ.get("PYTEST_XDIST_WORKER", ""),
)

# diaspora.settings builds the cache, sessions and Celery broker from REDIS_URL: it reads the
# suite's while it is imported. The environment keeps the developer's, so subprocesses started by
# tests (the Celery worker, on these settings) derive the same suite database.
os.environ["REDIS_URL"] = SUITE_REDIS_URL
try:
    from diaspora.settings import *  # noqa: F403
finally:
    if DEVELOPER_REDIS_URL is None:
        del os.environ["REDIS_URL"]
    else:
        os.environ["REDIS_URL"] = DEVELOPER_REDIS_URL

# Emptied between transactional tests by DELETE instead of TRUNCATE (tests/postgresql_backend).
for _database in DATABASES.values():  # noqa: F405
    _database["ENGINE"] = "tests.postgresql_backend"

# allauth's test provider: the social sign-in tests go through the whole flow without a network.
INSTALLED_APPS = [*INSTALLED_APPS, "allauth.socialaccount.providers.dummy"]  # noqa: F405

# N+1 guard (django-zeal): every request the suite makes runs inside zeal's context, and a view
# that loads a relation once per row (a foreign key or reverse relation not select_related or
# prefetch_related) raises NPlusOneError, failing the test (tests/test_n_plus_one_guard.py proves
# it). First in the chain, so template rendering and the other middleware are watched too.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]  # noqa: F405
ZEAL_RAISE = True
# (model, field) pairs zeal may not flag, each with the reason it is not an N+1 worth fixing.
ZEAL_ALLOWLIST: list[dict] = [
    # django-taggit's TaggableManager.set()/add() look each tag, then each tag's through row, up
    # by name (one get_or_create per tag) when a form saves skills or causes: a write, bounded by
    # the 20 tags a field accepts (core text limits), inside taggit where no select_related reaches.
    *(
        {"model": model, "field": "get()"}
        for model in [
            "members.Skill",
            "members.Cause",
            "members.ProfileSkill",
            "members.ProfileCause",
            "organizations.OrganizationCause",
            "organizations.VentureCause",
            "organizations.NeedSkill",
            "campaigns.FellowCause",
        ]
    ),
    # The admin's fellow import (campaigns/resources.py): django-import-export reads each row's
    # fellow and sets its ventures one row at a time, bounded by the uploaded file; its cached
    # instance loader broke the preview's diff of existing rows (tried, signedin branch).
    {"model": "campaigns.Fellow", "field": "get()"},
    {"model": "campaigns.Fellow", "field": "ventures"},
    # allauth's sign-up and sign-in flows read the same address more than once per request
    # inside allauth (no queryset of ours to join).
    {"model": "account.EmailAddress", "field": "get()"},
]
