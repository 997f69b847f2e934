"""Extractions of a document under a cache key: created once, claimed by one worker under a lease,
finished with their facts or failed; and the model calls they made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    delete,
    func,
    select,
    update,
)

from api.storage.jobs import settle_job_items
from api.storage.repository import Repository
from api.storage.tables import (
    ExtractionRow,
    FactRow,
    ModelCallRow,
    utcnow,
)


@dataclass(frozen=True)
class NewFact:
    type: str
    place_keys: str
    name_key: str
    date_start: str | None
    date_end: str | None
    payload: dict[str, Any]


class Extractions(Repository[ExtractionRow]):
    table = ExtractionRow
    noun = "extraction"

    async def get_or_create(self, row: ExtractionRow) -> tuple[ExtractionRow, bool]:
        """The extraction of this document under this key, and whether it is new; `Conflict`
        when the document is gone or another process created the row at the same moment."""
        same = select(ExtractionRow).where(
            ExtractionRow.document_id == row.document_id,
            ExtractionRow.cache_key == row.cache_key,
        )
        return await self.add_unless(row, same)

    async def find(self, document_id: str, cache_key: str) -> ExtractionRow | None:
        async with self.sessions() as session:
            found: ExtractionRow | None = await session.scalar(
                select(ExtractionRow).where(
                    ExtractionRow.document_id == document_id, ExtractionRow.cache_key == cache_key
                )
            )
            return found

    async def latest_finished(self, document_id: str) -> ExtractionRow | None:
        async with self.sessions() as session:
            found: ExtractionRow | None = await session.scalar(
                select(ExtractionRow)
                .where(ExtractionRow.document_id == document_id, ExtractionRow.status == "done")
                .order_by(ExtractionRow.finished_at.desc(), ExtractionRow.id.desc())
                .limit(1)
            )
            return found

    async def pending_ids(self) -> list[int]:
        async with self.sessions() as session:
            ids = await session.scalars(
                select(ExtractionRow.id)
                .where(ExtractionRow.status == "pending")
                .order_by(ExtractionRow.id)
            )
            return list(ids.all())

    async def running_claims(self) -> list[tuple[int, str | None, dt.datetime | None]]:
        """(id, worker, last heartbeat) of every running extraction."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(ExtractionRow.id, ExtractionRow.claimed_by, ExtractionRow.heartbeat_at)
                .where(ExtractionRow.status == "running")
                .order_by(ExtractionRow.id)
            )
            return [(id_, worker, beat) for id_, worker, beat in rows.all()]

    async def release_claims(self, extraction_ids: list[int]) -> None:
        """Running extractions whose worker is gone become pending again."""
        if not extraction_ids:
            return
        async with self.sessions.begin() as session:
            await session.execute(
                update(ExtractionRow)
                .where(ExtractionRow.id.in_(extraction_ids), ExtractionRow.status == "running")
                .values(status="pending", claimed_by=None)
            )

    async def claim(self, extraction_id: int, worker: str, lease_seconds: float) -> bool:
        """Make this worker the only one running the extraction; False when it may not.

        A pending extraction can be claimed, and so can a running one whose worker has not
        renewed its lease in time (it died). Exactly one of racing workers gets the row.
        """
        now = utcnow()
        expired = now - dt.timedelta(seconds=lease_seconds)
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(ExtractionRow)
                .where(
                    ExtractionRow.id == extraction_id,
                    (ExtractionRow.status == "pending")
                    | (
                        (ExtractionRow.status == "running") & (ExtractionRow.heartbeat_at < expired)
                    ),
                )
                .values(
                    status="running",
                    error=None,
                    attempts=ExtractionRow.attempts + 1,
                    claimed_by=worker,
                    heartbeat_at=now,
                )
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def renew_lease(self, extraction_id: int, worker: str) -> bool:
        """Say the worker is still running the extraction; False when it lost the claim."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(ExtractionRow)
                .where(
                    ExtractionRow.id == extraction_id,
                    ExtractionRow.status == "running",
                    ExtractionRow.claimed_by == worker,
                )
                .values(heartbeat_at=utcnow())
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def requeue(self, extraction_id: int) -> bool:
        """Make a failed, cancelled or finished extraction pending again (its result stays)."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(ExtractionRow)
                .where(
                    ExtractionRow.id == extraction_id,
                    ExtractionRow.status.in_(("failed", "cancelled", "done")),
                )
                .values(status="pending", error=None, claimed_by=None)
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def fail(self, extraction_id: int, error: str) -> None:
        """Record a failure; the jobs waiting for this extraction count it and go on."""
        async with self.sessions.begin() as session:
            await session.execute(
                update(ExtractionRow)
                .where(ExtractionRow.id == extraction_id)
                .values(status="failed", error=error, finished_at=utcnow(), claimed_by=None)
            )
            await settle_job_items(session, extraction_id, "failed", error)

    async def finish(
        self, extraction_id: int, result: dict[str, Any], facts: list[NewFact]
    ) -> None:
        """Store a finished result and make its facts the document's served facts, atomically."""
        async with self.sessions.begin() as session:
            row = await session.get(ExtractionRow, extraction_id)
            if row is None:
                return
            row.status, row.error, row.result, row.finished_at = "done", None, result, utcnow()
            row.claimed_by = None
            await session.execute(delete(FactRow).where(FactRow.document_id == row.document_id))
            session.add_all(
                FactRow(document_id=row.document_id, extraction_id=row.id, **vars(fact))
                for fact in facts
            )
            await settle_job_items(session, extraction_id, "done", None)

    async def done(self, cache_keys: list[str]) -> dict[str, int]:
        """Finished extractions among these cache keys: key -> extraction id."""
        if not cache_keys:
            return {}
        async with self.sessions() as session:
            rows = await session.execute(
                select(ExtractionRow.cache_key, ExtractionRow.id).where(
                    ExtractionRow.cache_key.in_(cache_keys), ExtractionRow.status == "done"
                )
            )
            return {key: extraction_id for key, extraction_id in rows.all()}

    async def counts(self) -> dict[str, int]:
        """Extractions per status."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(ExtractionRow.status, func.count()).group_by(ExtractionRow.status)
            )
            return {status: count for status, count in rows.all()}

    async def unfinished_of(self, key_id: str) -> int:
        """Extractions this API key asked for that are pending or running."""
        async with self.sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(ExtractionRow)
                .where(
                    ExtractionRow.requested_by == key_id,
                    ExtractionRow.status.in_(("pending", "running")),
                )
            )
            return count or 0

    async def log_model_call(self, row: ModelCallRow) -> None:
        async with self.sessions.begin() as session:
            session.add(row)

    async def model_calls(self, extraction_id: int | None = None) -> Sequence[ModelCallRow]:
        query = select(ModelCallRow).order_by(ModelCallRow.id)
        if extraction_id is not None:
            query = query.where(ModelCallRow.extraction_id == extraction_id)
        async with self.sessions() as session:
            rows = await session.scalars(query)
            return rows.all()
