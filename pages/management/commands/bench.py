"""`make bench`: the platform's speed, measured against a floor in the same run.

1. Starts gunicorn (4 sync workers) with SERVER_TIMING on, so every response says its server time
   and SQL query count in a `Server-Timing` header.
2. For each key page: sequential requests give the median and p95 server time, the query count and
   the HTML size.
3. wrk loads each page for a bounded time at 16 and 64 connections: requests per second, p50/p99
   latency, errors. The floor (a small template, no database) is measured the same way, and every
   page is also reported as a ratio to it, so runs compare across a noisy shared machine.
4. The mixed load (pages/bench_load.py): visitors over many URLs and 200 signed-in members, in one
   wrk run at 64 connections beside the floor, once per app server named by --servers
   (pages/bench_rounds.py, pages/bench_servers.py); --mixed-only runs just these rounds.
5. Service-level timings: incremental matching and announcing an event to 50,000 members.

The table is printed and written as JSON under .data/bench/.
"""

import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.content_cache import bump_content_version
from pages import bench_load, bench_matching, bench_pages, bench_rounds, bench_servers

SERVER_TIMING = bench_pages.SERVER_TIMING


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

    rps = bench_load.REQUESTS_PER_SECOND.search(output)
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
            "--servers",
            default="sync",
            help="App servers for the mixed-load rounds, e.g. sync,gthread,granian or gthread:2x8 "
            "(WORKERSxTHREADS; pages/bench_servers.py).",
        )
        parser.add_argument(
            "--mixed-only",
            action="store_true",
            help="Only the rounds: floor, one visitor and one signed-in page, and the mix, per server.",
        )
        parser.add_argument(
            "--passes",
            type=int,
            default=1,
            help="Rounds per server, in alternating server order; medians are reported.",
        )
        parser.add_argument(
            "--mix-duration", type=int, default=10, help="Seconds of wrk load for the mix."
        )
        parser.add_argument(
            "--mix-connections", type=int, default=64, help="wrk concurrency of the rounds."
        )
        parser.add_argument(
            "--mix-members",
            type=int,
            default=bench_load.MEMBERS,
            help="Signed-in accounts in the mix (sessions made for the run, deleted after).",
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
        servers = bench_servers.parse_servers(options["servers"], sync_workers=options["workers"])
        if options["mixed_only"] and options["no_load"]:
            raise CommandError("--mixed-only runs wrk: drop --no-load")
        user = bench_pages.bench_user()
        cookie, session_key = bench_load.session_cookie(user) if user else (None, None)
        all_pages = bench_pages.key_pages(session_key=session_key)
        pages = all_pages
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
        results = {
            "started_at": datetime.now(UTC).isoformat(),
            "machine": {"cpus": os.cpu_count(), "load_average": bench_rounds.uptime()},
            "data": sizes,
            "pages": {},
            "load": {},
            "rounds": {},
            "services": {},
            "skipped": {page.name: page.reason for page in missing},
        }
        try:
            if not options["mixed_only"]:
                self.measure_pages(results, pages, cookie, options)
            if not options["no_load"] and self.wrk_installed():
                self.run_rounds(results, servers, all_pages, cookie, options)
        finally:
            bench_load.delete_sessions(filter(None, [session_key]))
        if not options["no_services"] and not options["mixed_only"]:
            results["services"] = bench_pages.service_timings(self.stdout.write)
            results["matching"] = bench_matching.timings(
                self.stdout.write, rematch=options["rematch"]
            )
        self.report(results)

    def wrk_installed(self) -> bool:
        if shutil.which("wrk") is None:
            self.stderr.write("wrk is not installed (apt-get install wrk): skipping load runs")
            return False
        return True

    def measure_pages(self, results, pages, cookie, options):
        """Sequential timings of every key page, then wrk on each, under gunicorn sync."""
        port = free_port()
        server = bench_servers.Server("sync", options["workers"], 1)
        with bench_servers.serve(server, port):
            for page in pages:
                results["pages"][page.name] = self.measure_page(
                    port,
                    page,
                    cookie if page.signed_in else None,
                    options["requests"],
                    warm_up=3 * options["workers"],
                )
                self.stdout.write(f"  measured {page.name}")
            if not options["no_load"] and self.wrk_installed():
                results["load"] = self.load_pages(
                    port, pages, cookie, options["duration"], options["connections"]
                )

    def run_rounds(self, results, servers, all_pages, cookie, options):
        """The floor, a visitor page, a signed-in page and the mix, per server, back to back."""
        by_name = {page.name: page for page in all_pages if page.path}
        single_pages = {}
        if "need_page" in by_name:
            single_pages["need_page_visitor"] = bench_load.MixRequest(
                "need_page", by_name["need_page"].path
            )
        if "home_signed_in" in by_name and cookie:
            single_pages["home_signed_in"] = bench_load.MixRequest("home_signed_in", "/", cookie)
        mix = bench_load.build_mix(options["mix_members"])
        results["mix"] = bench_load.composition(mix.requests)
        results["mix_connections"] = options["mix_connections"]
        self.stdout.write(
            f"  mix: {results['mix']['requests']} requests, {results['mix']['members']} members"
        )
        passes = {server.name: [] for server in servers}
        try:
            for number in range(options["passes"]):
                # Alternate the order, so no server always runs when the shared machine is busiest.
                for server in servers if number % 2 == 0 else reversed(servers):
                    passes[server.name].append(
                        bench_rounds.run_round(
                            server,
                            free_port(),
                            mix,
                            single_pages,
                            connections=options["mix_connections"],
                            duration=options["duration"],
                            mix_duration=options["mix_duration"],
                            log=self.stdout.write,
                        )
                    )
        finally:
            mix.close()
        results["rounds"] = {name: bench_rounds.combine(runs) for name, runs in passes.items()}

    # --- sequential: server time, queries, size ---------------------------------------------
    def measure_page(self, port, page, cookie, count, *, warm_up):
        """`warm_up` requests first, enough to reach every worker: each process's first queries
        load PostgreSQL's catalog caches and Django's templates, a cost paid once per process,
        which would otherwise stand as the p95 of a few dozen requests."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        server_ms, queries, sizes, statuses = [], [], set(), set()
        paths = page.variants or [page.path]
        for attempt in range(count + warm_up):
            # The warm-up builds the page each time (for a page measured uncached): a cached copy
            # would answer every worker but the first, which then paid its first build (about
            # 50 ms more, a new connection's first text search) among the timed requests.
            if (page.variants and attempt <= warm_up) or page.rebuilt:
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
        load = {}
        for level in [int(value) for value in connections.split(",")]:
            for page in (page for page in pages if not page.rebuilt):
                # Not behind what the previous page's run left queued (a slow page at 64
                # connections left the next one with 0 requests in its seconds).
                bench_rounds.settle(port)
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
        if results["rounds"]:
            self.stdout.write(f"\nthe mix: {json.dumps(results['mix'])}")
            lines = bench_rounds.preflight_lines(next(iter(results["rounds"].values())))
            lines += bench_rounds.report_lines(results["rounds"], results["mix_connections"])
            self.stdout.write("\n".join(lines))
        for name, reason in results["skipped"].items():
            self.stdout.write(f"skipped {name}: {reason}")
        out_dir = Path(settings.BASE_DIR) / ".data" / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
        path.write_text(json.dumps(results, indent=2, default=str))
        self.stdout.write(self.style.SUCCESS(f"written {path}"))
