"""One round per app server: the floor, one visitor page, one signed-in page and the mixed load,
each loaded by wrk at the same concurrency, back to back on the same freshly started server.

Every run goes through a script of pages/bench_load.py (the floor and the single pages through a
one-entry script), so the floor pays the same Lua hooks as the mix and their ratio is fair.
"""

import http.client
import shutil
import subprocess
import tempfile
from pathlib import Path

from core.content_cache import bump_content_version
from pages import bench_load
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


def preflight(port, requests) -> dict:
    """One request of each page kind of the mix, in turn: the status each answers, so an error in
    the load can be traced to a kind of page (the load itself cannot tell which URL failed)."""
    statuses = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for request in requests:
        if request.page in statuses:
            continue
        headers = {"Cookie": request.cookie} if request.cookie else {}
        connection.request("GET", request.path, headers=headers)
        response = connection.getresponse()
        response.read()
        statuses[request.page] = response.status
    connection.close()
    return statuses


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
        result["preflight"] = preflight(port, mix.requests)
        # Every worker and thread opens its database connection and loads its templates once.
        run_script(port, mix.requests, connections=connections, duration=WARM_UP_SECONDS)
        settle(port)
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
    mix_run = result["runs"]["mix"]
    result["mix_goal_met"] = bool(
        mix_run["complete"]
        and mix_run["errors"] == 0
        and (mix_run["share_of_floor"] or 0) >= MIX_SHARE_GOAL
    )
    return result


def report_lines(rounds: dict, connections: int) -> list[str]:
    width = max(len(result["server"]) for result in rounds.values()) + 2
    header = (
        f"{'server':<{width}}{'page':<22}{'rps@' + str(connections):>9}{'%floor':>8}"
        f"{'p50':>8}{'p95':>8}{'p99':>8}{'err':>6}"
    )
    lines = [header, "-" * len(header)]
    for result in rounds.values():
        for page, run in result["runs"].items():
            lines.append(
                f"{result['server']:<{width}}{page:<22}{run['rps']:>9.0f}"
                f"{(run['share_of_floor'] or 0) * 100:>7.1f}%{run['p50_ms'] or 0:>8.1f}"
                f"{run['p95_ms'] or 0:>8.1f}{run['p99_ms'] or 0:>8.1f}{run['errors']:>6}"
            )
        lines.append(
            f"{'':<{width}}load average {result['uptime_before']} -> {result['uptime_after']}"
        )
    lines.append("times in ms from wrk (client side); %floor: throughput as a share of the floor's")
    lines.append(
        f"goal: the mix at {connections} connections >= {MIX_SHARE_GOAL:.0%} of the floor, 0 errors"
    )
    for result in rounds.values():
        mix_run = result["runs"]["mix"]
        verdict = "met" if result["mix_goal_met"] else "MISSED"
        statuses = ", ".join(f"{status}: {count}" for status, count in mix_run["statuses"].items())
        lines.append(f"  {result['server']}: {verdict} ({statuses or 'no responses'})")
        failing = {page: status for page, status in result["preflight"].items() if status >= 400}
        if failing:
            lines.append(f"    pages answering an error: {failing}")
    return lines
