"""Batch re-extraction jobs: select documents, skip the current ones, queue the rest, report progress.

A job lists its documents in batches (state `preparing`), each as an item that is either
`skipped` (already extracted under the current key, unless forced) or waits for the
document's extraction under the current key (`pending`, then `done` or `failed`). The
extractions themselves run on the work queue like any other; the store settles the items
when an extraction finishes. Listing resumes after a restart where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from dataclasses import asdict

from api.errors import InvalidInput
from api.extraction.service import ExtractionService
from api.storage.store import Store
from api.storage.tables import JobItemRow, JobRow, as_utc, utcnow
from schemas.http import JobFailure, JobOut, ReextractIn

logger = logging.getLogger(__name__)

MAX_FAILURES_SHOWN = 50


class JobService:
    def __init__(self, store: Store, service: ExtractionService, batch_size: int) -> None:
        self.store = store
        self.service = service
        self.batch_size = batch_size
        self.tasks: set[asyncio.Task[None]] = set()

    async def create(self, request: ReextractIn) -> JobRow:
        """Record the job and start listing its documents in the background."""
        if not (
            request.documents or request.document_ids or request.created_from or request.created_to
        ):
            raise InvalidInput(
                "select documents: 'documents' (all, failed or stale), 'document_ids', "
                "or a 'created_from'/'created_to' range"
            )
        if (
            request.created_from
            and request.created_to
            and request.created_from >= request.created_to
        ):
            raise InvalidInput("'created_from' must be before 'created_to'")
        job = JobRow(
            id=uuid.uuid4().hex,
            selection=request.model_dump(mode="json", exclude={"force"}, exclude_none=True),
            force=request.force,
            state="preparing",
            cache_key_parts=asdict(self.service.key_parts),
            started_at=utcnow(),  # extractions start while documents are still being listed
        )
        await self.store.jobs.insert(job)
        self.start_preparing(job.id)
        return job

    def start_preparing(self, job_id: str) -> None:
        task = asyncio.create_task(self.prepare(job_id))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def resume(self) -> None:
        """At start-up: finish listing the jobs a restart interrupted."""
        for job_id in await self.store.jobs.in_state("preparing"):
            self.start_preparing(job_id)

    async def stop(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def prepare(self, job_id: str) -> None:
        """List the job's documents batch by batch, queueing the ones to extract."""
        try:
            job = await self.store.jobs.get(job_id)
            request = ReextractIn.model_validate({**job.selection, "force": job.force})
            after = await self.store.jobs.last_item(job_id)
            while True:
                batch = await self.store.documents.batch(
                    after,
                    self.batch_size,
                    document_ids=request.document_ids,
                    created_from=_aware(request.created_from),
                    created_to=_aware(request.created_to),
                    failed_only=request.documents == "failed",
                )
                if not batch:
                    break
                after = batch[-1][0]
                if (await self.store.jobs.get(job_id)).state != "preparing":
                    return  # cancelled meanwhile
                await self._add_batch(job_id, batch, request)
            await self.store.jobs.start(job_id)
            if job.error:
                await self.store.jobs.set_error(job_id, None)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.exception(
                "listing the documents of job %s failed; it resumes at restart", job_id
            )
            with contextlib.suppress(Exception):  # the database itself may be what failed
                await self.store.jobs.set_error(job_id, f"listing documents stopped: {error!r}")

    async def _add_batch(
        self, job_id: str, batch: list[tuple[str, str]], request: ReextractIn
    ) -> None:
        keys = {document_id: self.service.key_parts.key(digest) for document_id, digest in batch}
        current = await self.store.extractions.done(list(keys.values()))
        items, queued = [], []
        for document_id, digest in batch:
            done_id = current.get(keys[document_id])
            if done_id is not None and not request.force:
                if request.documents != "stale":  # stale selects only documents not current
                    items.append(_item(job_id, document_id, done_id, "skipped"))
                continue
            extraction = await self.service.extraction_for(document_id, digest)
            if extraction is None:
                continue  # deleted meanwhile
            if extraction.status in ("done", "failed", "cancelled"):
                await self.store.extractions.requeue(extraction.id)
                extraction = await self.store.extractions.get(extraction.id)
            items.append(_item(job_id, document_id, extraction.id, "pending"))
            queued.append(extraction)
        # Items first: an extraction that finishes from now on settles its item.
        await self.store.jobs.add_items(items)
        await self.store.jobs.settle_finished_items(job_id)
        for extraction in queued:
            await self.service.enqueue(extraction)

    async def cancel(self, job_id: str) -> JobRow:
        await self.store.jobs.cancel(job_id)
        return await self.store.jobs.get(job_id)

    async def view(self, job: JobRow) -> JobOut:
        return await describe_job(self.store, job)


async def describe_job(store: Store, job: JobRow) -> JobOut:
    """The job's progress from its items: counts, rate, time left, the first failures."""
    counts = await store.jobs.counts(job.id)
    if job.state == "running" and not counts.get("pending"):
        await store.jobs.close_if_finished(job.id)
        job = await store.jobs.get(job.id)
    running = await store.jobs.running(job.id)
    finished = counts.get("done", 0) + counts.get("failed", 0)
    pending = counts.get("pending", 0)
    rate = eta = None
    started = _aware(job.started_at)
    if started is not None:
        end = _aware(job.finished_at) or utcnow()
        seconds = (end - started).total_seconds()
        if seconds > 0 and finished:
            rate = round(finished / seconds, 3)
            eta = round(pending / rate, 1) if job.state == "running" else 0.0
    failures = await store.jobs.failures(job.id, MAX_FAILURES_SHOWN)
    parts = job.cache_key_parts
    return JobOut(
        id=job.id,
        state=job.state,
        selection=job.selection,
        force=job.force,
        prompt_version=parts["prompt_version"],
        schema_version=parts["schema_version"],
        verifier_version=parts.get("verifier_version", ""),
        model=parts["model"],
        total=sum(counts.values()),
        pending=pending,
        running=running,
        done=counts.get("done", 0),
        skipped=counts.get("skipped", 0),
        failed=counts.get("failed", 0),
        cancelled=counts.get("cancelled", 0),
        rate_per_second=rate,
        eta_seconds=eta,
        failures=[JobFailure(document_id=d, error=e) for d, e in failures],
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        links={"self": f"/jobs/{job.id}", "cancel": f"/jobs/{job.id}/cancel"},
    )


def _item(job_id: str, document_id: str, extraction_id: int, state: str) -> JobItemRow:
    return JobItemRow(
        job_id=job_id,
        document_id=document_id,
        extraction_id=extraction_id,
        state=state,
        finished_at=utcnow() if state == "skipped" else None,
    )


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else as_utc(moment)
