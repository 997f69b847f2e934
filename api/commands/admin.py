"""Command line: re-extraction jobs with a live progress bar, shared-queue workers, migrations.

    python -m api.commands.admin reextract --all            # or --failed, --stale, --ids, --from/--to
    python -m api.commands.admin reextract --resume JOB_ID  # follow (and, locally, finish) a job
    python -m api.commands.admin jobs [JOB_ID]              # list jobs, or show one
    python -m api.commands.admin cancel JOB_ID
    python -m api.commands.admin worker [--burst]           # CITYLINKS_QUEUE=shared on PostgreSQL
    python -m api.commands.admin migrate                    # bring the database to the newest schema
    python -m api.commands.admin keys create NAME --scopes read ingest   # prints the secret once
    python -m api.commands.admin keys list | keys revoke KEY_ID

Settings come from the environment (CITYLINKS_*), as for the service. No HTTP server is needed:
with the local queue this process runs the extractions itself; with the shared queue the
workers do, and this process follows their progress.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from api.errors import DomainError
from api.extraction.jobs import JobService, describe_job
from api.runtime import open_runtime
from api.settings import Settings
from api.storage.keys import SCOPES, KeyService
from api.storage.store import Store
from api.storage.tables import create_engine
from schemas.http import JobOut, ReextractIn

console = Console(stderr=True)
FINISHED = ("done", "cancelled")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m api.commands.admin", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)

    reextract = commands.add_parser("reextract", help="extract a selection of documents again")
    which = reextract.add_mutually_exclusive_group()
    which.add_argument("--all", dest="documents", action="store_const", const="all")
    which.add_argument("--failed", dest="documents", action="store_const", const="failed")
    which.add_argument("--stale", dest="documents", action="store_const", const="stale")
    reextract.add_argument("--ids", nargs="+", metavar="DOCUMENT_ID", help="these documents")
    reextract.add_argument("--from", dest="created_from", help="added at or after (ISO date)")
    reextract.add_argument("--to", dest="created_to", help="added before (ISO date)")
    reextract.add_argument("--force", action="store_true", help="also documents already current")
    reextract.add_argument("--concurrency", type=int, help="extractions at once (local queue)")
    reextract.add_argument("--resume", metavar="JOB_ID", help="follow an existing job instead")
    reextract.add_argument(
        "--no-wait", action="store_true", help="start the job (shared queue) and return"
    )

    jobs = commands.add_parser("jobs", help="list jobs, or show one")
    jobs.add_argument("job_id", nargs="?")
    cancel = commands.add_parser("cancel", help="cancel a job")
    cancel.add_argument("job_id")
    worker = commands.add_parser("worker", help="run shared-queue extractions until stopped")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.add_argument("--concurrency", type=int, help="extractions at once")
    commands.add_parser("migrate", help="bring the database to the newest schema")
    keys = commands.add_parser("keys", help="API keys").add_subparsers(dest="action", required=True)
    create = keys.add_parser("create", help="create a key and print its secret (shown once)")
    create.add_argument("name", help="who or what uses it")
    create.add_argument("--scopes", nargs="+", choices=SCOPES, required=True)
    keys.add_parser("list", help="list keys (never their secrets)")
    revoke = keys.add_parser("revoke", help="revoke a key: it is refused from then on")
    revoke.add_argument("key_id")
    return parser.parse_args(argv)


def selection(arguments: argparse.Namespace) -> ReextractIn:
    return ReextractIn(
        documents=arguments.documents,
        document_ids=arguments.ids,
        created_from=_moment(arguments.created_from),
        created_to=_moment(arguments.created_to),
        force=arguments.force,
    )


def _moment(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


async def reextract(settings: Settings, arguments: argparse.Namespace) -> int:
    async with open_runtime(settings) as runtime:
        if arguments.resume:
            job = await runtime.store.jobs.get(arguments.resume)
        else:
            job = await runtime.jobs.create(selection(arguments))
        console.print(f"job [bold]{job.id}[/bold] ({settings.queue} queue)")
        if arguments.no_wait:
            await _until_listed(runtime.jobs, job.id)
            return 0
        try:
            view = await follow(runtime.jobs, job.id)
        except (KeyboardInterrupt, asyncio.CancelledError):
            console.print(
                f"stopped; finish it with: python -m api.commands.admin reextract --resume {job.id}"
            )
            return 130
        show_summary(view)
        return 1 if view.failed else 0


async def _until_listed(jobs: JobService, job_id: str) -> None:
    while (await jobs.store.jobs.get(job_id)).state == "preparing":
        await asyncio.sleep(0.2)


async def follow(jobs: JobService, job_id: str, interval: float = 0.5) -> JobOut:
    """A live progress bar until the job is done or cancelled."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("skipped {task.fields[skipped]} · failed {task.fields[failed]}"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task("re-extracting", total=None, skipped=0, failed=0, rate="")
        while True:
            view = await jobs.view(await jobs.store.jobs.get(job_id))
            finished = view.done + view.failed + view.skipped + view.cancelled
            rate = _rate(view.rate_per_second)
            total = None if view.state == "preparing" else view.total
            progress.update(
                bar,
                total=total,
                completed=finished,
                skipped=view.skipped,
                failed=view.failed,
                rate=rate,
                description=f"re-extracting ({view.state})",
            )
            if view.state in FINISHED:
                return view
            await asyncio.sleep(interval)


def _rate(per_second: float | None) -> str:
    """Documents per second, or seconds per document when that reads better (a slow model)."""
    if not per_second:
        return ""
    return f"{per_second:.1f}/s" if per_second >= 1 else f"{1 / per_second:.0f} s each"


def show_summary(view: JobOut) -> None:
    table = Table(title=f"job {view.id}: {view.state}")
    for name in ("total", "done", "skipped", "failed", "cancelled", "pending"):
        table.add_column(name, justify="right")
    table.add_row(
        *(
            str(getattr(view, name))
            for name in ("total", "done", "skipped", "failed", "cancelled", "pending")
        )
    )
    console.print(table)
    for failure in view.failures:
        console.print(f"[red]failed[/red] {failure.document_id}: {failure.error}")


@asynccontextmanager
async def opened_store(settings: Settings) -> AsyncIterator[Store]:
    """The database, migrated, without the model or the queue."""
    store = Store(create_engine(settings.database_url))
    try:
        await store.create_schema()
        yield store
    finally:
        await store.engine.dispose()


async def list_or_show(settings: Settings, job_id: str | None) -> int:
    async with opened_store(settings) as store:
        if job_id:
            print(
                (await describe_job(store, await store.jobs.get(job_id))).model_dump_json(indent=2)
            )
            return 0
        rows, total = await store.jobs.page(100, 0)
        table = Table(title=f"{total} jobs")
        for name in ("id", "state", "total", "done", "skipped", "failed", "created"):
            table.add_column(name)
        for row in rows:
            view = await describe_job(store, row)
            table.add_row(
                view.id,
                view.state,
                str(view.total),
                str(view.done),
                str(view.skipped),
                str(view.failed),
                view.created_at.isoformat(timespec="seconds"),
            )
        Console().print(table)
        return 0


async def cancel(settings: Settings, job_id: str) -> int:
    async with opened_store(settings) as store:
        cancelled = await store.jobs.cancel(job_id)
        console.print(f"job {job_id} cancelled; {len(cancelled)} queued extractions dropped")
        return 0


async def manage_keys(settings: Settings, arguments: argparse.Namespace) -> int:
    async with opened_store(settings) as store:
        keys = KeyService(store.keys)
        if arguments.action == "create":
            row, secret = await keys.create(arguments.name, arguments.scopes)
            console.print(f"key [bold]{row.id}[/bold] ({row.scopes}); its secret, shown once:")
            print(secret)
        elif arguments.action == "revoke":
            await store.keys.revoke(arguments.key_id)
            console.print(f"key {arguments.key_id} revoked")
        else:
            table = Table(title="API keys")
            for name in ("id", "name", "scopes", "created", "revoked"):
                table.add_column(name)
            for key in await store.keys.all():
                revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else ""
                created = key.created_at.isoformat(timespec="seconds")
                table.add_row(key.id, key.name, key.scopes, created, revoked)
            Console().print(table)
        return 0


async def work(settings: Settings, burst: bool) -> int:
    from api.extraction.shared_queue import run_worker  # SAQ is needed only here

    async with open_runtime(settings, lists_jobs=False) as runtime:
        console.print(
            f"worker {runtime.service.worker_id}: {settings.extraction_concurrency} at once"
        )
        await run_worker(settings, runtime.service, burst=burst)
    return 0


async def migrate(settings: Settings) -> int:
    async with opened_store(settings):
        pass
    console.print("database at the newest schema")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    overrides: dict[str, Any] = {}
    if getattr(arguments, "concurrency", None):
        overrides["extraction_concurrency"] = arguments.concurrency
    settings = Settings(**overrides)
    try:
        if arguments.command == "reextract":
            return asyncio.run(reextract(settings, arguments))
        if arguments.command == "jobs":
            return asyncio.run(list_or_show(settings, arguments.job_id))
        if arguments.command == "cancel":
            return asyncio.run(cancel(settings, arguments.job_id))
        if arguments.command == "worker":
            return asyncio.run(work(settings, arguments.burst))
        if arguments.command == "keys":
            return asyncio.run(manage_keys(settings, arguments))
        return asyncio.run(migrate(settings))
    except DomainError as error:
        console.print(f"[red]{error.code}[/red]: {error.detail}")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
