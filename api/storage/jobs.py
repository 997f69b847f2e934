"""Re-extraction jobs and their items: one item per document, settled by its extraction's outcome."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Update,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import (
    AsyncSession,
)

from api.errors import NotFound
from api.storage.repository import Repository, page
from api.storage.tables import (
    ExtractionRow,
    JobItemRow,
    JobRow,
    utcnow,
)


class Jobs(Repository[JobRow]):
    table = JobRow
    noun = "job"

    async def page(self, limit: int, offset: int) -> tuple[Sequence[JobRow], int]:
        newest_first = select(JobRow).order_by(JobRow.created_at.desc(), JobRow.id)
        async with self.sessions() as session:
            return await page(session, newest_first, limit, offset)

    async def in_state(self, state: str) -> list[str]:
        async with self.sessions() as session:
            ids = await session.scalars(
                select(JobRow.id).where(JobRow.state == state).order_by(JobRow.created_at)
            )
            return list(ids.all())

    async def counts(self, job_id: str) -> dict[str, int]:
        """Items of the job by state."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(JobItemRow.state, func.count())
                .where(JobItemRow.job_id == job_id)
                .group_by(JobItemRow.state)
            )
            return {state: count for state, count in rows.all()}

    async def failures(self, job_id: str, limit: int) -> list[tuple[str, str | None]]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(JobItemRow.document_id, JobItemRow.error)
                .where(JobItemRow.job_id == job_id, JobItemRow.state == "failed")
                .order_by(JobItemRow.finished_at, JobItemRow.document_id)
                .limit(limit)
            )
            return [(document_id, error) for document_id, error in rows.all()]

    async def running(self, job_id: str) -> int:
        """Pending items of the job whose extraction a worker is running now."""
        async with self.sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(JobItemRow)
                .join(ExtractionRow, ExtractionRow.id == JobItemRow.extraction_id)
                .where(
                    JobItemRow.job_id == job_id,
                    JobItemRow.state == "pending",
                    ExtractionRow.status == "running",
                )
            )
            return count or 0

    async def settle_finished_items(self, job_id: str) -> None:
        """Pending items whose extraction finished before they were listed take its outcome."""
        async with self.sessions.begin() as session:
            for status in ("done", "failed"):
                finished = select(ExtractionRow.id).where(ExtractionRow.status == status)
                await session.execute(_settled(job_id, finished, status))

    async def last_item(self, job_id: str) -> str | None:
        """The greatest document id the job has listed: where preparing resumes."""
        async with self.sessions() as session:
            found: str | None = await session.scalar(
                select(func.max(JobItemRow.document_id)).where(JobItemRow.job_id == job_id)
            )
            return found

    async def set_error(self, job_id: str, error: str | None) -> None:
        async with self.sessions.begin() as session:
            await session.execute(update(JobRow).where(JobRow.id == job_id).values(error=error))

    async def add_items(self, items: list[JobItemRow]) -> None:
        async with self.sessions.begin() as session:
            session.add_all(items)

    async def close_if_finished(self, job_id: str) -> None:
        """A running job without pending items is done (a safety net for missed closings)."""
        async with self.sessions.begin() as session:
            await _finish_jobs_without_pending_items(session, [job_id])

    async def start(self, job_id: str) -> None:
        """Every item is listed: the job runs (and is done at once when nothing is pending)."""
        async with self.sessions.begin() as session:
            await session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "preparing")
                .values(state="running")
            )
            await _finish_jobs_without_pending_items(session, [job_id])

    async def cancel(self, job_id: str) -> list[int]:
        """Stop the job: its items not yet started are cancelled; running ones may finish.

        Returns the extractions cancelled with them (those no other job waits for).
        """
        async with self.sessions.begin() as session:
            job = await session.get(JobRow, job_id)
            if job is None:
                raise NotFound(f"no job with id {job_id!r}")
            if job.state in ("done", "cancelled"):
                return []
            job.state, job.finished_at = "cancelled", utcnow()
            waiting = (
                select(JobItemRow.extraction_id)
                .join(ExtractionRow, ExtractionRow.id == JobItemRow.extraction_id)
                .where(
                    JobItemRow.job_id == job_id,
                    JobItemRow.state == "pending",
                    ExtractionRow.status == "pending",
                )
            )
            extraction_ids = [id_ for id_ in (await session.scalars(waiting)).all() if id_]
            await session.execute(_settled(job_id, extraction_ids, "cancelled"))
            still_wanted = select(JobItemRow.extraction_id).where(
                JobItemRow.state == "pending", JobItemRow.extraction_id.in_(extraction_ids)
            )
            wanted = set((await session.scalars(still_wanted)).all())
            cancelled = sorted(id_ for id_ in extraction_ids if id_ not in wanted)
            await session.execute(
                update(ExtractionRow)
                .where(ExtractionRow.id.in_(cancelled), ExtractionRow.status == "pending")
                .values(status="cancelled", error=f"cancelled with job {job_id}")
            )
            return cancelled


async def settle_job_items(
    session: AsyncSession, extraction_id: int, state: str, error: str | None
) -> None:
    """The job items waiting for this extraction take its outcome; finished jobs are closed."""
    job_ids = list(
        (
            await session.scalars(
                select(JobItemRow.job_id).where(
                    JobItemRow.extraction_id == extraction_id, JobItemRow.state == "pending"
                )
            )
        ).all()
    )
    if not job_ids:
        return
    # Lock the jobs first: two extractions finishing the last two items of a job at once
    # would each still see the other's item pending, and neither would close the job.
    await session.execute(
        select(JobRow.id).where(JobRow.id.in_(job_ids)).order_by(JobRow.id).with_for_update()
    )
    await session.execute(
        update(JobItemRow)
        .where(JobItemRow.extraction_id == extraction_id, JobItemRow.state == "pending")
        .values(state=state, error=error, finished_at=utcnow())
    )
    await _finish_jobs_without_pending_items(session, job_ids)


async def _finish_jobs_without_pending_items(session: AsyncSession, job_ids: list[str]) -> None:
    pending = (
        select(JobItemRow.job_id)
        .where(JobItemRow.job_id == JobRow.id, JobItemRow.state == "pending")
        .exists()
    )
    await session.execute(
        update(JobRow)
        .where(JobRow.id.in_(job_ids), JobRow.state == "running", ~pending)
        .values(state="done", finished_at=utcnow())
    )


def _settled(job_id: str, extractions: Any, state: str) -> Update:
    """The job's pending items whose extraction is among `extractions` (ids or a query) take
    `state`."""
    return (
        update(JobItemRow)
        .where(
            JobItemRow.job_id == job_id,
            JobItemRow.state == "pending",
            JobItemRow.extraction_id.in_(extractions),
        )
        .values(state=state, finished_at=utcnow())
    )
