"""The shared work queue: SAQ on PostgreSQL, for worker processes on one or several machines.

The API (or the command line) enqueues one SAQ job per extraction; `python -m api.commands.admin worker`
processes them. SAQ persists jobs, hands each to one worker, and re-queues the job of a worker
that stopped sending heartbeats. Our own claim (ExtractionService.run) makes the extraction run
once even when SAQ hands it out again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from saq import Job, Worker
from saq.queue.postgres import PostgresQueue
from saq.types import Context, PartialTimersDict

from api.extraction.service import ExtractionService
from api.settings import Settings
from api.storage.store import Store

logger = logging.getLogger(__name__)

QUEUE_NAME = "citylinks-extractions"
FINISHED = ("done", "failed", "cancelled")


def queue_url(database_url: str) -> str:
    """psycopg's URL for the same PostgreSQL database as SQLAlchemy's asyncpg URL."""
    scheme, rest = database_url.split("://", 1)
    if not scheme.startswith("postgresql"):
        raise ValueError("the shared queue needs a PostgreSQL database_url")
    return f"postgresql://{rest}"


def saq_queue(settings: Settings) -> PostgresQueue:
    return PostgresQueue.from_url(
        queue_url(settings.database_url), name=QUEUE_NAME, min_size=1, max_size=4
    )


class SharedQueue:
    """Submits extractions to SAQ; the workers that run them are separate processes."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.queue = saq_queue(settings)

    async def start(self, resume_ids: list[int]) -> None:
        await self.queue.connect()
        for extraction_id in resume_ids:
            await self.submit(extraction_id, 0)

    async def stop(self) -> None:
        await self.queue.disconnect()

    async def submit(self, extraction_id: int, generation: int) -> None:
        # One key per (extraction, attempt): a duplicate submission is dropped by SAQ, a retry
        # after a failure is a new job.
        await self.queue.enqueue(
            Job(
                function="extract",
                kwargs={"extraction_id": extraction_id},
                key=f"extraction-{extraction_id}-{generation}",
                timeout=int(self.settings.extraction_timeout_seconds),
                heartbeat=int(self.settings.extraction_lease_seconds),
                retries=self.settings.queue_retries,
                ttl=3600,
            )
        )

    async def wait(self, extraction_id: int, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            extraction = await self.store.extractions.get(extraction_id)
            if extraction.status in FINISHED:
                return
            await asyncio.sleep(min(0.5, max(0.0, deadline - loop.time())))

    async def depth(self) -> int:
        return await self.queue.count("queued")


async def run_worker(settings: Settings, service: ExtractionService, burst: bool = False) -> None:
    """Process shared-queue extractions until stopped (SIGINT/SIGTERM), or until empty if burst."""
    queue = saq_queue(settings)
    beat = max(1.0, settings.extraction_lease_seconds / 4)

    async def extract(ctx: Context, *, extraction_id: int) -> None:
        job = ctx["job"]

        async def heartbeat() -> None:  # tells SAQ this worker lives; run() renews our lease
            while True:
                await asyncio.sleep(beat)
                with contextlib.suppress(Exception):
                    await job.update()

        beating = asyncio.create_task(heartbeat())
        try:
            await service.run_shared(extraction_id)
        finally:
            beating.cancel()

    worker = Worker(
        queue,
        functions=[("extract", extract)],
        concurrency=settings.extraction_concurrency,
        id=service.worker_id,
        burst=burst,
        dequeue_timeout=1.0 if burst else 0.0,
        timers=PartialTimersDict(schedule=1, worker_info=10, sweep=max(1, int(beat)), abort=1),
        shutdown_grace_period_s=5,  # then in-flight extractions are cancelled; leases recover them
    )
    await queue.connect()
    try:
        await worker.start()
    finally:
        await queue.disconnect()
