"""Work queues that run extractions: the protocol, and the in-process queue of a single machine.

The shared queue for several worker processes (SAQ on PostgreSQL) is in api/extraction/shared_queue.py.
Either way a queue only carries extraction ids: ExtractionService.run claims the row first, so
an extraction handed out twice still runs once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

logger = logging.getLogger(__name__)


class WorkQueue(Protocol):
    async def start(self, resume_ids: list[int]) -> None: ...

    async def stop(self) -> None: ...

    async def submit(self, extraction_id: int, generation: int) -> None:
        """Queue the extraction; `generation` (its attempts so far) tells a retry from a repeat."""

    async def wait(self, extraction_id: int, timeout: float) -> None:
        """Return when the extraction finished or the timeout passed, whichever comes first."""

    async def depth(self) -> int:
        """Extractions queued and not yet started."""


class ExtractionQueue:
    """The in-process queue: runs queued extraction ids with at most `concurrency` at a time."""

    def __init__(self, run: Callable[[int], Awaitable[object]], concurrency: int) -> None:
        self.run = run
        self.concurrency = concurrency
        self.queue: asyncio.Queue[int] = asyncio.Queue()
        self.finished: dict[int, asyncio.Event] = {}
        self.workers: list[asyncio.Task[None]] = []

    async def start(self, resume_ids: list[int]) -> None:
        for extraction_id in resume_ids:
            await self.submit(extraction_id, 0)
        self.workers = [asyncio.create_task(self._work()) for _ in range(self.concurrency)]

    async def stop(self) -> None:
        for worker in self.workers:
            worker.cancel()
        for worker in self.workers:
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def submit(self, extraction_id: int, generation: int = 0) -> None:
        if extraction_id in self.finished:
            return  # already queued or running
        self.finished[extraction_id] = asyncio.Event()
        self.queue.put_nowait(extraction_id)

    async def depth(self) -> int:
        return self.queue.qsize()

    async def wait(self, extraction_id: int, timeout: float) -> None:
        event = self.finished.get(extraction_id)
        if event is None or timeout <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    async def _work(self) -> None:
        while True:
            extraction_id = await self.queue.get()
            try:
                await self.run(extraction_id)
            except Exception:
                # run() records failures itself; this only keeps the worker alive on a bug.
                logger.exception("extraction %s crashed", extraction_id)
            finally:
                self.finished.pop(extraction_id).set()
                self.queue.task_done()
