"""One round per app server: the floor, one visitor page, one signed-in page and the mixed load,
each loaded by wrk at the same concurrency, back to back on the same freshly started server.

Every run goes through a script of pages/bench_load.py (the floor and the single pages through a
one-entry script), so the floor pays the same Lua hooks as the mix and their ratio is fair.
"""

import http.client
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from core.content_cache import bump_content_version
from pages import bench_load
from pages.bench_pages import SERVER_TIMING
from pages.bench_servers import Server, serve

# The mix at 64 connections: at least this share of the floor's throughput, with no errors.
MIX_SHARE_GOAL = 0.30
WARM_UP_SECONDS = 5


def uptime() -> str:
    """The machine's load, recorded beside each round: other engineers share it."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def run_script(port, requests, *, connections, duration) -> dict:
    wrk = shutil.which("wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-mix-") as script:
        script.write(bench_load.lua_script(requests))
        script.flush()
        command = [
            wrk,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
        ]
        completed = subprocess.run(  # noqa: S603 - our own command line
            command, capture_output=True, text=True, timeout=duration + 60, check=False
        )
    result = bench_load.parse_script_output(completed.stdout)
    if not result["complete"]:
        result["wrk_output"] = (completed.stdout + completed.stderr)[-2000:]
    return result


def settle(port, timeout=120) -> None:
    """Wait until the server has worked through what the last run left queued: wrk stops
    sending at the end of a run, but requests already accepted are still served, and the next run
    would wait behind them (a sync worker serves even a request whose client has gone)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        for _ in range(3):  # a fresh connection each time reaches the back of every queue
            connection.request("GET", "/bench/floor/", headers={"Connection": "close"})
            connection.getresponse().read()
            connection.close()
    except OSError:
        pass


def preflight(port, requests, per_page=3) -> dict:
    """`per_page` requests of each page kind of the mix, one after another: the statuses each
    kind answers, so an error in the load can be traced to a kind of page (the load itself cannot
    tell which URL failed), and its median server time and queries (Server-Timing), which show
    what the mix's time goes to."""
    seen = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for request in requests:
        if len(seen.setdefault(request.page, [])) >= per_page:
            continue
        headers = {"Cookie": request.cookie} if request.cookie else {}
        connection.request("GET", request.path, headers=headers)
        response = connection.getresponse()
        response.read()
        timing = SERVER_TIMING.search(response.getheader("Server-Timing", ""))
        seen[request.page].append(
            (
                response.status,
                float(timing.group("app")) if timing else None,
                int(timing.group("queries")) if timing else None,
            )
        )
    connection.close()
    return {
        page: {
            "statuses": sorted({status for status, _ms, _queries in answers}),
            "server_ms": _median(ms for _status, ms, _queries in answers),
            "queries": max((queries or 0 for _status, _ms, queries in answers), default=None),
        }
        for page, answers in seen.items()
    }


def run_round(
    server: Server,
    port: int,
    mix: bench_load.Mix,
    single_pages: dict,
    *,
    connections: int,
    duration: int,
    mix_duration: int,
    log,
) -> dict:
    """`single_pages`: name -> MixRequest, loaded on their own beside the floor (e.g. a visitor
    page and a signed-in page)."""
    floor = [bench_load.MixRequest("floor", "/bench/floor/")]
    result = {"server": server.label, "uptime_before": uptime(), "runs": {}}
    with serve(server, port) as process:
        result["command"] = " ".join(
            Path(arg).name if arg.startswith("/") else arg for arg in process.args
        )
        # Every worker and thread opens its database connection and loads its templates once.
        run_script(port, mix.requests, connections=connections, duration=WARM_UP_SECONDS)
        settle(port)
        bump_content_version()  # visitors' pages built afresh, as in the mix
        result["preflight"] = preflight(port, mix.requests)
        for name, requests in [
            ("floor", floor),
            *((name, [request]) for name, request in single_pages.items()),
        ]:
            result["runs"][name] = run_script(
                port, requests, connections=connections, duration=duration
            )
            settle(port)
            log(f"  {server.name}: loaded {name} at {connections} connections")
        # The mix starts from a cold visitor cache on every server, so none inherits the last's.
        bump_content_version()
        result["runs"]["mix"] = run_script(
            port, mix.requests, connections=connections, duration=mix_duration
        )
        log(f"  {server.name}: loaded the mix at {connections} connections")
    result["uptime_after"] = uptime()
    floor_rps = result["runs"]["floor"]["rps"]
    for run in result["runs"].values():
        run["share_of_floor"] = round(run["rps"] / floor_rps, 3) if floor_rps else None
    return result


def _median(values):
    values = [value for value in values if value is not None]
    return round(statistics.median(values), 3) if values else None


def combine(passes: list[dict]) -> dict:
    """One server's passes (rounds repeated, in alternating server order, because the machine's
    load drifts): per page the medians of throughput, latencies and share of the floor (each
    share taken within its own pass), errors and statuses added up."""
    first = passes[0]
    runs = {}
    for page in first["runs"]:
        page_runs = [one["runs"][page] for one in passes if page in one["runs"]]
        statuses = {}
        for run in page_runs:
            for status, count in run["statuses"].items():
                statuses[status] = statuses.get(status, 0) + count
        runs[page] = {
            **{
                key: _median(run[key] for run in page_runs)
                for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "share_of_floor")
            },
            "errors": sum(run["errors"] for run in page_runs),
            "requests": sum(run["requests"] for run in page_runs),
            "statuses": dict(sorted(statuses.items())),
            "complete": all(run["complete"] for run in page_runs),
        }
    mix_run = runs["mix"]
    return {
        "server": first["server"],
        "command": first["command"],
        "preflight": first["preflight"],
        "uptime_before": first["uptime_before"],
        "uptime_after": passes[-1]["uptime_after"],
        "runs": runs,
        "mix_goal_met": bool(
            mix_run["complete"]
            and mix_run["errors"] == 0
            and (mix_run["share_of_floor"] or 0) >= MIX_SHARE_GOAL
        ),
        "passes": passes,
    }


def preflight_lines(result: dict) -> list[str]:
    """The mix's page kinds, slowest first: median server time (sequential, cold visitor cache)."""
    found = sorted(result["preflight"].items(), key=lambda item: -(item[1]["server_ms"] or 0))
    lines = [f"the mix's pages under {result['server']} (sequential, server ms, queries):"]
    lines += [
        f"  {page:<34}{entry['server_ms'] or 0:>8.1f}{entry['queries'] or 0:>5}"
        f"  {','.join(map(str, entry['statuses']))}"
        for page, entry in found
    ]
    return lines


def report_lines(rounds: dict, connections: int) -> list[str]:
    width = max(len(result["server"]) for result in rounds.values()) + 2
    header = (
        f"{'server':<{width}}{'page':<22}{'rps@' + str(connections):>9}{'%floor':>8}"
        f"{'x first':>9}{'p50':>8}{'p95':>8}{'p99':>8}{'err':>6}"
    )
    lines = [header, "-" * len(header)]
    first = next(iter(rounds.values()))["runs"]
    for result in rounds.values():
        for page, run in result["runs"].items():
            baseline = (first.get(page) or {}).get("rps")
            lines.append(
                f"{result['server']:<{width}}{page:<22}{run['rps'] or 0:>9.0f}"
                f"{(run['share_of_floor'] or 0) * 100:>7.1f}%"
                f"{(run['rps'] or 0) / baseline if baseline else 0:>9.2f}{run['p50_ms'] or 0:>8.1f}"
                f"{run['p95_ms'] or 0:>8.1f}{run['p99_ms'] or 0:>8.1f}{run['errors']:>6}"
            )
        lines.append(
            f"{'':<{width}}{len(result['passes'])} pass(es); load average "
            f"{result['uptime_before']} -> {result['uptime_after']}"
        )
    lines.append(
        "medians over the passes; times in ms from wrk (client side); %floor: throughput as a "
        "share of the floor's in the same pass; x first: throughput over the first server's"
    )
    lines.append(
        f"goal: the mix at {connections} connections >= {MIX_SHARE_GOAL:.0%} of the floor, 0 errors"
    )
    for result in rounds.values():
        mix_run = result["runs"]["mix"]
        verdict = "met" if result["mix_goal_met"] else "MISSED"
        statuses = ", ".join(f"{status}: {count}" for status, count in mix_run["statuses"].items())
        lines.append(f"  {result['server']}: {verdict} ({statuses or 'no responses'})")
        failing = {
            page: found["statuses"]
            for page, found in result["preflight"].items()
            if any(status >= 400 for status in found["statuses"])
        }
        if failing:
            lines.append(f"    pages answering an error: {failing}")
    return lines
