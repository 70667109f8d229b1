"""The app servers `make bench` can run the site under, each started the same way (same settings,
same environment, SERVER_TIMING on) so that their figures compare in one run.

A server is named `kind` or `kind:WORKERSxTHREADS`, e.g. `sync`, `gthread:2x8`, `granian:4x4`.
"""

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

# Defaults for this 2-core machine: sync workers are 2 x cores (gunicorn's advice); gthread four
# workers of four threads; granian one worker per core (it warns when given more) of four threads,
# the shape the README's production section runs. Each thread holds a database connection
# (PostgreSQL here allows 100 for everyone).
DEFAULT_SHAPES = {"sync": (4, 1), "gthread": (4, 4), "granian": (2, 4)}


@dataclass(frozen=True)
class Server:
    kind: str
    workers: int
    threads: int

    @property
    def name(self) -> str:
        return self.kind if self.kind == "sync" else f"{self.kind}:{self.workers}x{self.threads}"

    @property
    def label(self) -> str:
        if self.kind == "sync":
            return f"gunicorn sync, {self.workers} workers"
        server = "granian (WSGI)" if self.kind == "granian" else "gunicorn gthread"
        return f"{server}, {self.workers} workers x {self.threads} threads"

    def command(self, port: int) -> list[str]:
        scripts = Path(sys.executable).parent
        if self.kind == "granian":
            return [
                str(scripts / "granian"),
                "--interface",
                "wsgi",
                "diaspora.wsgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(self.workers),
                "--blocking-threads",
                str(self.threads),
                "--no-ws",
                "--log-level",
                "warning",
            ]
        command = [str(scripts / "gunicorn"), "diaspora.wsgi", "--workers", str(self.workers)]
        if self.kind == "gthread":
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        return [*command, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]


def parse_servers(spec: str, *, sync_workers: int = 4) -> list[Server]:
    """`sync,gthread:2x8,granian` -> servers; a bare kind takes DEFAULT_SHAPES (sync takes
    `sync_workers`, the bench's --workers)."""
    servers = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        kind, _, shape = item.partition(":")
        if kind not in DEFAULT_SHAPES:
            raise CommandError(f"unknown server {kind!r}: one of {', '.join(DEFAULT_SHAPES)}")
        workers, threads = DEFAULT_SHAPES[kind]
        if kind == "sync":
            workers = sync_workers
        if shape:
            try:
                workers, threads = (int(value) for value in shape.lower().split("x"))
            except ValueError:
                raise CommandError(
                    f"{item!r}: write the shape as WORKERSxTHREADS, e.g. 4x4"
                ) from None
        if kind == "sync":
            threads = 1
        servers.append(Server(kind, max(1, workers), max(1, threads)))
    if not servers:
        raise CommandError("no server named")
    return servers


def server_environment() -> dict:
    env = {
        **os.environ,
        "SERVER_TIMING": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "diaspora.settings",
    }
    if "DATABASE_URL" not in env:
        database = settings.DATABASES["default"]
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@/{database['NAME']}?host={database['HOST']}"
        )
    return env


@contextlib.contextmanager
def serve(server: Server, port: int):
    """The site under `server` on 127.0.0.1:`port`, once it answers the floor page; stopped (and
    its database connections closed) on the way out."""
    process = subprocess.Popen(  # noqa: S603 - our own command line
        server.command(port),
        env=server_environment(),
        cwd=settings.BASE_DIR,
        start_new_session=True,  # its own process group, so a stuck worker can be ended with it
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CommandError(f"{server.label} exited with {process.returncode}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/bench/floor/")
                if connection.getresponse().status == 200:
                    break
            time.sleep(0.3)
        else:
            raise CommandError(f"{server.label} did not start")
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
