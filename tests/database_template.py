"""Each test database is a copy of one migrated template, built once per set of migrations.

Running the project's and its dependencies' migrations took each pytest-xdist worker about a
minute (most of it rebuilding model states, not SQL). PostgreSQL copies a database from a template
in well under a second, so the first worker to arrive migrates a template named after a hash of
everything that decides its contents, and every worker (this run's and later runs') copies it. A
changed migration gives a new hash, hence a new template; the old ones are dropped.
"""

import hashlib
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PREFIX = "diaspora_test_template_"
# One lock for every worker of every run on this server: the first builds, the others wait.
ADVISORY_LOCK_KEY = 7_310_226


def template_fingerprint() -> str:
    """What a migrated database holds depends on the migrations (ours and the installed
    packages'), the installed apps (post_migrate creates content types, permissions, the Site)
    and Django itself; the hash covers all of them."""
    digest = hashlib.sha256()
    digest.update(django.get_version().encode())
    digest.update("\n".join(settings.INSTALLED_APPS).encode())
    migration_files = []
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path) / "migrations"
        if folder.is_dir():
            migration_files.extend(sorted(folder.glob("*.py")))
    for path in migration_files:
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _database_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _use_database(name: str) -> None:
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _build_template(cursor, template_name: str) -> None:
    """Migrate into a scratch database, then rename it: a template that exists is complete, even
    when a run was interrupted while building one."""
    building = f"{template_name}_building"
    cursor.execute(f"DROP DATABASE IF EXISTS {_quote(building)}")
    cursor.execute(f"CREATE DATABASE {_quote(building)}")
    previous = connection.settings_dict["NAME"]
    _use_database(building)
    try:
        call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
    finally:
        _use_database(previous)
    cursor.execute(f"ALTER DATABASE {_quote(building)} RENAME TO {_quote(template_name)}")
    cursor.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
        [TEMPLATE_PREFIX + "%", template_name],
    )
    for (stale,) in cursor.fetchall():
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(stale)}")


def create_test_database(*, rebuild: bool = False) -> tuple[str, str]:
    """Create this worker's test database from the template (building the template first when
    it is missing, or when `rebuild`); point the connection at it. Returns (old name, new name)."""
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    template_name = TEMPLATE_PREFIX + template_fingerprint()
    # The maintenance database, as Django's own test-database creation uses it.
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        try:
            if rebuild:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quote(template_name)}")
            if not _database_exists(cursor, template_name):
                _build_template(cursor, template_name)
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(test_name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {_quote(test_name)} TEMPLATE {_quote(template_name)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
    _use_database(test_name)
    connection.ensure_connection()
    return original_name, test_name


def drop_test_database(*, original_name: str, test_name: str) -> None:
    _use_database(original_name)
    # FORCE: the live server's thread may still hold a connection (its fixture ends after this).
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(test_name)} WITH (FORCE)")
