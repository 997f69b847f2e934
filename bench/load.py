"""Load test on loopback: cached reads and /ask on recorded model responses, with locust.

    ./run load                                   # 10 users, 30 s, 3 rounds, SQLite
    ./run load --users 20 --duration 60s --repeats 5
    ./run load --postgres                        # the local PostgreSQL server (./run postgres)
    ./run load --stock-matcher                   # vcrpy's own, slow body matcher (see README)

Starts bench/load_server.py (the real service, its model replaying recordings), asks each
gold question once to see which replay, then runs locust headless, one scenario at a time
(reads, then /ask, in rounds), and reads the server's memory (VmRSS, VmHWM from
/proc/<pid>/status) and CPU time before and after each run. Writes bench/results/load.json
and bench/results/load.md (medians over the rounds; --name changes "load"); locust's CSVs and
the server's log go to var/load/.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import os
import select
import signal
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "load"
QA = ROOT / "fixtures" / "gold" / "qa.jsonl"
SCENARIOS = {"reads": "CachedReader", "ask": "Asker"}
POSTGRES_DATABASE = "citylinks_load"


def start_server(
    database_url: str | None, stock_matcher: bool
) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """The service in its own process; returns it with its ready line (url, document ids)."""
    command = [sys.executable, str(ROOT / "bench" / "load_server.py")]
    if database_url:
        command += ["--database-url", database_url]
    if stock_matcher:
        command.append("--stock-matcher")
    log = (WORK / "server.log").open("w")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT)
    assert server.stdout is not None
    # Ingesting the seeds replays 11 model calls and loads the gazetteer: seconds, not minutes.
    ready, _, _ = select.select([server.stdout], [], [], 300)
    line = server.stdout.readline() if ready else ""
    if not line:
        stop_server(server)
        raise SystemExit(f"the load server did not become ready; see {WORK / 'server.log'}")
    return server, json.loads(line)


def stop_server(server: subprocess.Popen[str]) -> None:
    """SIGINT: uvicorn shuts down cleanly (lifespan, database); kill only if it hangs."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def postgres_url() -> str:
    """The local PostgreSQL server's load-test database, emptied (./run postgres starts it)."""
    url = subprocess.run(
        [str(ROOT / "run"), "postgres", POSTGRES_DATABASE],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    sys.path.insert(0, str(ROOT))
    from tests.conftest import empty_postgres

    asyncio.run(empty_postgres(url))
    return url


def process_figures(pid: int) -> dict[str, float]:
    """Resident and peak memory (MiB) and CPU seconds used so far, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    fields = dict(line.split(":", 1) for line in status)
    # Fields 14 and 15 of /proc/<pid>/stat (after the command in parentheses): utime, stime.
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(stat[11]) + int(stat[12])
    return {
        "rss_mib": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
        "hwm_mib": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
        "cpu_seconds": ticks / os.sysconf("SC_CLK_TCK"),
    }


def smoke_pass(url: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Ask every gold question once: those answered 200 replay; a missing recording is a 502."""
    questions = [json.loads(line)["question"] for line in QA.read_text().splitlines()]
    replayed, missing = [], []
    with httpx.Client(base_url=url, timeout=120) as client:
        for question in questions:
            response = client.post("/ask", json={"question": question})
            if response.status_code == 200:
                replayed.append(question)
            else:
                missing.append({"question": question, "status": response.status_code})
    return replayed, missing


def run_locust(url: str, scenario: str, arguments: argparse.Namespace, prefix: Path) -> None:
    locust = Path(sys.executable).parent / "locust"
    users = str(arguments.users)
    command = [
        str(locust),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        url,
        "-u",
        users,
        "-r",
        users,
        "-t",
        arguments.duration,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        # Failures are figures here, not a reason to stop.
        "--exit-code-on-error",
        "0",
        SCENARIOS[scenario],
    ]
    environment = {**os.environ, "CITYLINKS_LOAD_QUESTIONS": str(WORK / "questions.json")}
    with (WORK / f"{prefix.name}.locust.log").open("w") as log:
        subprocess.run(command, check=True, stdout=log, stderr=subprocess.STDOUT, env=environment)


def read_locust(prefix: Path) -> dict[str, Any]:
    """The Aggregated row of locust's stats CSV, per-endpoint rows and the failures by kind."""
    with Path(f"{prefix}_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    with Path(f"{prefix}_failures.csv").open() as handle:
        failures = [
            {"method": row["Method"], "name": row["Name"], "error": row["Error"]}
            | {"count": int(row["Occurrences"])}
            for row in csv.DictReader(handle)
        ]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {
        **figures_of(total),
        "failure_kinds": failures,
        "endpoints": {f"{row['Type']} {row['Name']}": figures_of(row) for row in rows[:-1]},
    }


def figures_of(row: dict[str, str]) -> dict[str, Any]:
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "requests_per_second": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p99_ms": float(row["99%"]),
    }


def one_run(
    server: subprocess.Popen[str], url: str, scenario: str, round_: int, args: argparse.Namespace
) -> dict[str, Any]:
    load_average = [round(value, 2) for value in os.getloadavg()]
    before = process_figures(server.pid)
    prefix = WORK / f"{scenario}-{round_}"
    run_locust(url, scenario, args, prefix)
    after = process_figures(server.pid)
    result = read_locust(prefix)
    cpu = after["cpu_seconds"] - before["cpu_seconds"]
    result["server_cpu_ms_per_request"] = round(1000 * cpu / max(result["requests"], 1), 2)
    print(f"{scenario} round {round_}: {summary_line(result)}, load {load_average}", flush=True)
    return {
        "scenario": scenario,
        "round": round_,
        "load_average_at_start": load_average,
        "memory_before": before,
        "memory_after": after,
        **result,
    }


def summary_line(result: dict[str, Any]) -> str:
    return (
        f"{result['requests_per_second']} req/s, p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, {result['failures']} failures of {result['requests']}"
    )


def medians(runs: list[dict[str, Any]], scenario: str) -> dict[str, Any]:
    mine = [run for run in runs if run["scenario"] == scenario]
    keys = ("requests_per_second", "p50_ms", "p99_ms", "server_cpu_ms_per_request")
    middle = {key: statistics.median(run[key] for run in mine) for key in keys}
    kinds: dict[str, int] = {}
    for run in mine:
        for failure in run["failure_kinds"]:
            label = f"{failure['method']} {failure['name']}: {failure['error']}"
            kinds[label] = kinds.get(label, 0) + failure["count"]
    return {
        **middle,
        "rounds": len(mine),
        "requests": sum(run["requests"] for run in mine),
        "failures": sum(run["failures"] for run in mine),
        "failure_kinds": kinds,
        "rss_before_mib": mine[0]["memory_before"]["rss_mib"],
        "rss_after_mib": mine[-1]["memory_after"]["rss_mib"],
        "hwm_after_mib": mine[-1]["memory_after"]["hwm_mib"],
        "load_average_1min": [run["load_average_at_start"][0] for run in mine],
    }


def server_errors(limit: int = 5) -> dict[str, Any]:
    """Log lines at error level or above: unhandled errors, 'database is locked', crashes."""
    lines = (WORK / "server.log").read_text(errors="replace").splitlines()
    errors = [line for line in lines if '"level": "error"' in line or '"level": "critical"' in line]
    return {"count": len(errors), "first": [line[:500] for line in errors[:limit]]}


def markdown(report: dict[str, Any]) -> str:
    settings = report["settings"]
    lines = [
        f"Load test, {report['started']}: {settings['users']} users, {settings['duration']} per "
        f"run, {settings['repeats']} rounds, {settings['database']}, {os.cpu_count()} cores, "
        f"{'vcrpy' if settings['stock_matcher'] else 'fast'} body matcher; medians over the rounds.",
        "",
        "| scenario | req/s | p50 ms | p99 ms | failures (of requests) | server CPU ms/req "
        "| RSS before -> after (MiB) | load avg (1 min) at starts |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, figures in report["scenarios"].items():
        loads = ", ".join(f"{value:.1f}" for value in figures["load_average_1min"])
        lines.append(
            f"| {name} | {figures['requests_per_second']:.1f} | {figures['p50_ms']:.0f} | "
            f"{figures['p99_ms']:.0f} | {figures['failures']} ({figures['requests']}) | "
            f"{figures['server_cpu_ms_per_request']:.2f} | {figures['rss_before_mib']:.0f} -> "
            f"{figures['rss_after_mib']:.0f} (peak {figures['hwm_after_mib']:.0f}) | {loads} |"
        )
    for name, figures in report["scenarios"].items():
        for kind, count in figures["failure_kinds"].items():
            lines.append(f"\n{name} failures: {count} x {kind}")
    errors = report["server_errors"]
    lines.append(f"\nServer log lines at error level: {errors['count']}.")
    return "\n".join(lines) + "\n"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10, help="concurrent locust users")
    parser.add_argument("--duration", default="30s", help="per run, in locust's -t format")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of every scenario")
    parser.add_argument("--scenarios", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--name", default="load", help="results: bench/results/NAME.json, .md")
    parser.add_argument(
        "--stock-matcher",
        action="store_true",
        help="replay with vcrpy's own body matcher (slow: it diffs every non-matching recording)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_arguments()
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    server, ready = start_server(postgres_url() if args.postgres else None, args.stock_matcher)
    try:
        at_ready = process_figures(server.pid)
        replayed, missing = smoke_pass(ready["url"])
        print(f"smoke pass: {len(replayed)} questions replay, {len(missing)} do not", flush=True)
        (WORK / "questions.json").write_text(json.dumps(replayed, ensure_ascii=False))
        runs = [
            one_run(server, ready["url"], scenario, round_, args)
            for round_ in range(1, args.repeats + 1)
            for scenario in args.scenarios
        ]
    finally:
        stop_server(server)
    report = {
        "started": started,
        "settings": vars(args) | {"database": "PostgreSQL" if args.postgres else "SQLite"},
        "memory_at_ready": at_ready,
        "questions": {"replayed": len(replayed), "missing": missing},
        "scenarios": {scenario: medians(runs, scenario) for scenario in args.scenarios},
        "server_errors": server_errors(),
        "runs": runs,
    }
    output = RESULTS / f"{args.name}.json"
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    table = markdown(report)
    output.with_suffix(".md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
