"""`make bench`: the platform's speed, measured against a floor in the same run.

1. Starts gunicorn (4 workers) with SERVER_TIMING on, so every response says its server time and
   SQL query count in a `Server-Timing` header.
2. For each key page: sequential requests give the median and p95 server time, the query count and
   the HTML size.
3. wrk loads each page for a bounded time at 16 and 64 connections: requests per second, p50/p99
   latency, errors. The floor (a small template, no database) is measured the same way, and every
   page is also reported as a ratio to it, so runs compare across a noisy shared machine.
4. Service-level timings: incremental matching and announcing an event to 50,000 members.

The table is printed and written as JSON under .data/bench/.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from core.content_cache import bump_content_version
from pages import bench_matching, bench_pages

SERVER_TIMING = re.compile(r'app;dur=(?P<app>[\d.]+), db;desc="(?P<queries>\d+) queries"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def parse_wrk(output: str) -> dict:
    """Requests/sec, p50/p99 latency (ms) and error counts from `wrk --latency` output."""

    def latency_ms(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(group) for group in socket_errors.groups())
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "errors": errors,
    }


class Command(BaseCommand):
    help = "Benchmark the key pages under gunicorn against a no-database floor (see README)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--requests", type=int, default=60, help="Sequential requests per page."
        )
        parser.add_argument("--duration", type=int, default=5, help="Seconds of wrk load per run.")
        parser.add_argument("--connections", default="16,64", help="wrk concurrency levels.")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers.")
        parser.add_argument("--pages", default="", help="Comma-separated page names to run.")
        parser.add_argument("--no-load", action="store_true", help="Skip the wrk load runs.")
        parser.add_argument("--no-services", action="store_true", help="Skip service timings.")
        parser.add_argument(
            "--matching-only",
            action="store_true",
            help="Only the matching timings (pages/bench_matching.py), no server.",
        )
        parser.add_argument(
            "--rematch", action="store_true", help="Also time a full rematch (minutes)."
        )
        parser.add_argument(
            "--allow-small",
            action="store_true",
            help="Run even when the database holds fewer than 100,000 members (figures not comparable).",
        )

    def handle(self, *args, **options):
        if options["matching_only"]:
            matching = bench_matching.timings(self.stdout.write, rematch=options["rematch"])
            self.stdout.write("\n".join(bench_matching.report_lines(matching)))
            return

        bench_pages.ensure_bench_conversation()
        pages = bench_pages.key_pages()
        if options["pages"]:
            wanted = set(options["pages"].split(","))
            pages = [page for page in pages if page.name in wanted or page.name == "floor"]
        missing = [page for page in pages if page.path is None]
        pages = [page for page in pages if page.path is not None]
        if len(pages) < 2:
            raise CommandError(
                "No data to benchmark: run `manage.py seed_demo --scale large` first."
            )
        sizes = bench_pages.data_sizes()
        if (sizes.get("members") or 0) < 100_000 and not options["allow_small"]:
            raise CommandError(
                f"The database holds about {sizes.get('members')} members; the benchmark runs on the large "
                "data set (`manage.py seed_demo --scale large` on an empty database). "
                "Pass --allow-small to run anyway."
            )
        cookie = self.session_cookie(bench_pages.bench_user())
        results = {
            "started_at": datetime.now(UTC).isoformat(),
            "machine": {"cpus": os.cpu_count()},
            "data": sizes,
            "pages": {},
            "load": {},
            "services": {},
            "skipped": {page.name: page.reason for page in missing},
        }
        port = free_port()
        with self.gunicorn(port, options["workers"]):
            for page in pages:
                results["pages"][page.name] = self.measure_page(
                    port,
                    page,
                    cookie if page.signed_in else None,
                    options["requests"],
                    warm_up=3 * options["workers"],
                )
                self.stdout.write(f"  measured {page.name}")
            if not options["no_load"]:
                results["load"] = self.load_pages(
                    port, pages, cookie, options["duration"], options["connections"]
                )
        if not options["no_services"]:
            results["services"] = bench_pages.service_timings(self.stdout.write)
            results["matching"] = bench_matching.timings(
                self.stdout.write, rematch=options["rematch"]
            )
        self.report(results)

    # --- the server --------------------------------------------------------------------------
    @contextlib.contextmanager
    def gunicorn(self, port, workers):
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
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn),
            "diaspora.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with contextlib.suppress(OSError):
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", "/bench/floor/")
                    if connection.getresponse().status == 200:
                        break
                time.sleep(0.3)
            else:
                raise CommandError("gunicorn did not start")
            yield
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()

    def session_cookie(self, user) -> str | None:
        if user is None:
            return None
        # The configured engine: its session table is the one the server reads.
        session = import_string(settings.SESSION_ENGINE + ".SessionStore")()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    # --- sequential: server time, queries, size ---------------------------------------------
    def measure_page(self, port, page, cookie, count, *, warm_up):
        """`warm_up` requests first, enough to reach every worker: each process's first queries
        load PostgreSQL's catalog caches and Django's templates, a cost paid once per process,
        which would otherwise stand as the p95 of a few dozen requests."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        server_ms, queries, sizes, statuses = [], [], set(), set()
        paths = page.variants or [page.path]
        if page.variants:
            # First views: what an earlier run (or this one's warm-up) left in the visitors'
            # cache would otherwise be timed instead of the page.
            bump_content_version()
        for attempt in range(count + warm_up):
            if attempt == warm_up and page.variants:
                bump_content_version()
            # Warm-up on the main path; then the variants in turn (each a first view).
            path = page.path if attempt < warm_up else paths[(attempt - warm_up) % len(paths)]
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if attempt < warm_up:
                continue
            statuses.add(response.status)
            sizes.add(len(body))
            timing = SERVER_TIMING.search(response.getheader("Server-Timing", ""))
            if timing:
                server_ms.append(float(timing.group("app")))
                queries.append(int(timing.group("queries")))
        connection.close()
        return {
            "path": page.path,
            "distinct_paths": len(paths),
            "signed_in": bool(cookie),
            "status": sorted(statuses),
            "median_ms": round(statistics.median(server_ms), 2) if server_ms else None,
            "p95_ms": round(percentile(server_ms, 0.95), 2) if server_ms else None,
            # The usual count; a worker's first request on a new database connection runs a few
            # set-up statements more, which "queries_max" shows.
            "queries": statistics.mode(queries) if queries else None,
            "queries_max": max(queries) if queries else None,
            "html_bytes": max(sizes) if sizes else 0,
        }

    # --- load: throughput ---------------------------------------------------------------------
    def load_pages(self, port, pages, cookie, duration, connections):
        wrk = shutil.which("wrk")
        if wrk is None:
            self.stderr.write("wrk is not installed (apt-get install wrk): skipping load runs")
            return {}
        load = {}
        for level in [int(value) for value in connections.split(",")]:
            for page in pages:
                command = [
                    wrk,
                    "-t2",
                    f"-c{level}",
                    f"-d{duration}s",
                    "--latency",
                    "--timeout",
                    "10s",
                ]
                if page.signed_in and cookie:
                    command += ["-H", f"Cookie: {cookie}"]
                command.append(f"http://127.0.0.1:{port}{page.path}")
                output = subprocess.run(  # noqa: S603
                    command, capture_output=True, text=True, timeout=duration + 30, check=False
                ).stdout
                load.setdefault(page.name, {})[str(level)] = parse_wrk(output)
                self.stdout.write(f"  loaded {page.name} at {level} connections")
        return load

    # --- report -------------------------------------------------------------------------------
    def report(self, results):
        pages, load = results["pages"], results["load"]
        floor = pages.get("floor", {})
        floor_load = load.get("floor", {})
        levels = sorted({level for runs in load.values() for level in runs}, key=int)
        header = f"{'page':<24}{'HTTP':>5}{'median':>9}{'p95':>9}{'x floor':>9}{'SQL':>5}{'KB':>7}"
        for level in levels:
            header += f"{'rps@' + level:>10}{'%floor':>8}{'p50':>8}{'p99':>8}{'err':>5}"
        lines = [header, "-" * len(header)]
        for name, page in pages.items():
            ratio = (
                page["median_ms"] / floor["median_ms"]
                if page.get("median_ms") and floor.get("median_ms")
                else None
            )
            line = (
                f"{name:<24}{','.join(map(str, page['status'])):>5}{page['median_ms'] or 0:>9.1f}{page['p95_ms'] or 0:>9.1f}"
                f"{ratio or 0:>9.1f}{page['queries'] if page['queries'] is not None else '-':>5}"
                f"{page['html_bytes'] / 1024:>7.1f}"
            )
            page["median_ratio_to_floor"] = round(ratio, 2) if ratio else None
            for level in levels:
                run = load.get(name, {}).get(level)
                floor_run = floor_load.get(level)
                if not run:
                    line += " " * 39
                    continue
                share = run["rps"] / floor_run["rps"] if floor_run and floor_run["rps"] else None
                run["share_of_floor"] = round(share, 3) if share is not None else None
                line += (
                    f"{run['rps']:>10.0f}{(share or 0) * 100:>7.1f}%"
                    f"{run['p50_ms'] or 0:>8.1f}{run['p99_ms'] or 0:>8.1f}{run['errors']:>5}"
                )
            lines.append(line)
        self.stdout.write("\n".join(lines))
        self.stdout.write("times in ms (server time from Server-Timing); rps from wrk")
        self.stdout.write("\n".join(bench_pages.goal_lines(pages)))
        for name, value in results["services"].items():
            self.stdout.write(f"{name}: {value}")
        if results.get("matching"):
            page_floor = floor.get("median_ms")
            lines = bench_matching.report_lines(results["matching"], page_floor_ms=page_floor)
            self.stdout.write("\n".join(lines))
        for name, reason in results["skipped"].items():
            self.stdout.write(f"skipped {name}: {reason}")
        out_dir = Path(settings.BASE_DIR) / ".data" / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
        path.write_text(json.dumps(results, indent=2, default=str))
        self.stdout.write(self.style.SUCCESS(f"written {path}"))
