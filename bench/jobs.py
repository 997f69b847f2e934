"""Re-extraction throughput against a FAKE model server with a fixed latency, and worker scale-out.

    .venv/bin/python bench/jobs.py                   # both parts, 1,000 documents
    .venv/bin/python bench/jobs.py --documents 200   # quicker
    ./run postgres citylinks_bench                   # part 2 needs it (the script calls it)

Part 1: the in-process queue on SQLite at concurrency 1, 8 and 32. Each document makes one
model call, so the ideal is documents x latency / concurrency; the ratio ideal / measured is
reported (1.0 = the service adds nothing to the model's latency).
Part 2: the shared queue (SAQ on PostgreSQL) with one worker process, then two, each at the
same concurrency: the ratio of their throughputs, and each worker's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.runtime import Runtime, open_runtime
from api.settings import Settings
from api.storage.store import Store
from api.storage.tables import DocumentRow, create_engine
from schemas.http import JobOut, ReextractIn
from tests.fake_llm_server import free_port, one_call_article

ROOT = Path(__file__).resolve().parent.parent


async def store_documents(database_url: str, count: int) -> None:
    """Stored as the API stores them (no extraction yet): the job extracts every one."""
    import hashlib

    store = Store(create_engine(database_url))
    await store.create_schema()
    async with store.sessions.begin() as session:
        for number in range(count):
            text = one_call_article(number)
            digest = hashlib.sha256(text.encode()).hexdigest()
            session.add(
                DocumentRow(id=digest[:24], text_sha256=digest, text=text, source_format="text")
            )
    await store.engine.dispose()


async def reextract_all(runtime: Runtime, poll_seconds: float) -> tuple[JobOut, float]:
    """A job over every stored document, run until it is done: its last view, and seconds."""
    started = time.perf_counter()
    job = await runtime.jobs.create(ReextractIn(documents="all"))
    while (view := await runtime.jobs.view(await runtime.store.jobs.get(job.id))).state != "done":
        await asyncio.sleep(poll_seconds)
    return view, time.perf_counter() - started


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def local_run(
    base_url: str, documents: int, concurrency: int, latency: float, postgres_url: str | None
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        database_url = postgres_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        if postgres_url:
            await empty_database(postgres_url)
        await store_documents(database_url, documents)
        settings = Settings(
            database_url=database_url,
            llm_base_url=base_url,
            extraction_concurrency=concurrency,
        )
        async with open_runtime(settings) as runtime:
            rss_start = rss_mib()
            started = time.perf_counter()
            job = await runtime.jobs.create(ReextractIn(documents="all"))
            samples = []
            while (
                view := await runtime.jobs.view(await runtime.store.jobs.get(job.id))
            ).state != "done":
                samples.append(rss_mib())
                await asyncio.sleep(0.25)
            seconds = time.perf_counter() - started
        assert view.done == documents, view
        ideal = documents * latency / concurrency
        return {
            "concurrency": concurrency,
            "seconds": seconds,
            "docs_per_s": documents / seconds,
            "ideal_ratio": ideal / seconds,
            "rss_start": rss_start,
            "rss_mid": samples[len(samples) // 2] if samples else rss_start,
            "rss_end": rss_mib(),
        }


def start_worker(database_url: str, base_url: str, concurrency: int) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "CITYLINKS_DATABASE_URL": database_url,
        "CITYLINKS_LLM_BASE_URL": base_url,
        "CITYLINKS_QUEUE": "shared",
        "CITYLINKS_EXTRACTION_CONCURRENCY": str(concurrency),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "api.commands.admin", "worker"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def peak_rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def empty_database(database_url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(
        database_url.replace("postgresql+asyncpg://", "postgresql://")
    )
    await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    await connection.close()


async def shared_run(
    database_url: str, base_url: str, documents: int, workers: int, concurrency: int
) -> dict[str, float]:
    await empty_database(database_url)
    await store_documents(database_url, documents)
    processes = [start_worker(database_url, base_url, concurrency) for _ in range(workers)]
    try:
        for process in processes:  # ready once the worker has printed its id
            assert process.stderr is not None
            line = process.stderr.readline()
            if not line.startswith("worker"):
                raise RuntimeError(f"worker did not start: {line}{process.stderr.read()}")
        settings = Settings(database_url=database_url, llm_base_url=base_url, queue="shared")
        async with open_runtime(settings) as runtime:
            view, seconds = await reextract_all(runtime, 0.1)
        assert view.done == documents, view
        peaks = [peak_rss_mib(process.pid) for process in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
    return {
        "workers": workers,
        "seconds": seconds,
        "docs_per_s": documents / seconds,
        "peak_rss": max(peaks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--worker-concurrency", type=int, default=8)
    parser.add_argument("--skip-shared", action="store_true")
    parser.add_argument("--skip-local", action="store_true")
    arguments = parser.parse_args()

    port = free_port()
    fake = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fake_llm_server",
            "--port",
            str(port),
            "--latency",
            str(arguments.latency),
        ],
        cwd=ROOT,
    )
    base_url = f"http://127.0.0.1:{port}/v1"
    time.sleep(3)
    subprocess.run(
        [str(ROOT / "run"), "postgres", "citylinks_bench"], check=True, stdout=subprocess.DEVNULL
    )
    port_pg = os.environ.get("CITYLINKS_PG_PORT", "25432")
    database_url = f"postgresql+asyncpg://citylinks@127.0.0.1:{port_pg}/citylinks_bench"
    try:
        local = [] if arguments.skip_local else [("SQLite", None), ("PostgreSQL", database_url)]
        for backend, postgres_url in local:
            print(
                f"## in-process queue, {backend}, {arguments.documents} documents, "
                f"latency {arguments.latency} s"
            )
            print(
                "| concurrency | seconds | documents/s | ideal / measured | RSS start / mid / end MiB |"
            )
            print("|---|---|---|---|---|")
            for concurrency in arguments.concurrency:
                row = asyncio.run(
                    local_run(
                        base_url, arguments.documents, concurrency, arguments.latency, postgres_url
                    )
                )
                print(
                    f"| {concurrency} | {row['seconds']:.1f} | {row['docs_per_s']:.1f} | "
                    f"{row['ideal_ratio']:.2f} | {row['rss_start']:.0f} / {row['rss_mid']:.0f} / "
                    f"{row['rss_end']:.0f} |",
                    flush=True,
                )
            print()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process: {peak:.0f} MiB")
        if arguments.skip_shared:
            return
        print(
            f"\n## shared queue (SAQ, PostgreSQL), concurrency {arguments.worker_concurrency} per worker"
        )
        print("| workers | seconds | documents/s | peak RSS per worker MiB |")
        print("|---|---|---|---|")
        rows = []
        for workers in (1, 2):
            row = asyncio.run(
                shared_run(
                    database_url,
                    base_url,
                    arguments.documents,
                    workers,
                    arguments.worker_concurrency,
                )
            )
            rows.append(row)
            print(
                f"| {workers} | {row['seconds']:.1f} | {row['docs_per_s']:.1f} | {row['peak_rss']:.0f} |",
                flush=True,
            )
        print(f"two workers / one: {rows[1]['docs_per_s'] / rows[0]['docs_per_s']:.2f}x")
    finally:
        fake.terminate()
        fake.wait(10)


if __name__ == "__main__":
    main()
