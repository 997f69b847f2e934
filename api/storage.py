"""Storage: tables and the repository that reads and writes documents, extractions, facts and model calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    delete,
    event,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, aliased, defer, mapped_column

from api import migrations
from api.errors import NotFound


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """An aware UTC timestamp: SQLite returns naive ones (stored as UTC), PostgreSQL aware ones."""
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: DateTime(timezone=True)}


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(String(1000))
    published_at: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(16))
    source_format: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class ExtractionRow(Base):
    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("document_id", "cache_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    cache_key: Mapped[str] = mapped_column(String(64), index=True)
    prompt_version: Mapped[str] = mapped_column(String(32))
    schema_version: Mapped[str] = mapped_column(String(32))
    # The verification code's version (api/service.py verifier_version); "" before 0004.
    verifier_version: Mapped[str] = mapped_column(String(32), default="", server_default="")
    model: Mapped[str] = mapped_column(String(200))
    generation: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    # The worker running it, and when that worker last said it is alive (its lease).
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column()
    # The API key whose request created it (None: keyless, the command line, or a job).
    requested_by: Mapped[str | None] = mapped_column(String(16), index=True)


class FactRow(Base):
    """One extracted item, denormalised for filtering; belongs to the document's served extraction."""

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(16), index=True)
    place_keys: Mapped[str] = mapped_column(Text, default="")
    name_key: Mapped[str] = mapped_column(Text, default="")
    date_start: Mapped[str | None] = mapped_column(String(16))
    date_end: Mapped[str | None] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class ModelCallRow(Base):
    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    extraction_id: Mapped[int | None] = mapped_column(
        ForeignKey("extractions.id", ondelete="SET NULL"), index=True
    )
    task: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(200))
    prompt_version: Mapped[str] = mapped_column(String(32))
    prompt_tokens: Mapped[int] = mapped_column(default=0)
    completion_tokens: Mapped[int] = mapped_column(default=0)
    duration_ms: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApiKeyRow(Base):
    """An API key: only the sha256 of its secret is kept; `scopes` is space-separated."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column()


class JobRow(Base):
    """A batch re-extraction: which documents it selected, and how far it got."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    selection: Mapped[dict[str, Any]] = mapped_column(JSON)
    force: Mapped[bool] = mapped_column(default=False)
    # preparing (items being listed) -> running -> done | cancelled
    state: Mapped[str] = mapped_column(String(16), index=True)
    cache_key_parts: Mapped[dict[str, Any]] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)  # why listing its documents stopped
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column()


class JobItemRow(Base):
    """One document of a job: skipped (already current), or the extraction it waits for."""

    __tablename__ = "job_items"

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    extraction_id: Mapped[int | None] = mapped_column(
        ForeignKey("extractions.id", ondelete="SET NULL"), index=True
    )
    # pending -> done | failed | cancelled; or skipped from the start
    state: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[dt.datetime | None] = mapped_column()


class SentenceRow(Base):
    """A prose sentence of a document, as the search index knows it (derived data: no FK)."""

    __tablename__ = "search_sentences"

    document_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sentence: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[int] = mapped_column()
    end: Mapped[int] = mapped_column()
    length: Mapped[int] = mapped_column()  # number of terms, for BM25's length normalisation


class TermRow(Base):
    """One search term of one sentence and how often it occurs there (a posting)."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sentence: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column()

    __table_args__ = (
        ForeignKeyConstraint(
            ["document_id", "sentence"],
            ["search_sentences.document_id", "search_sentences.sentence"],
            ondelete="CASCADE",
        ),
        Index("ix_search_terms_document", "document_id"),
    )


@dataclass(frozen=True)
class FactFilter:
    type: str
    place: str | None = None
    name: str | None = None
    member: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class NewFact:
    type: str
    place_keys: str
    name_key: str
    date_start: str | None
    date_end: str | None
    payload: dict[str, Any]


def create_engine(database_url: str) -> AsyncEngine:
    if database_url.startswith("sqlite") and ":///" in database_url:
        path = database_url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(database_url)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL is safe against corruption; a power cut may lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Store:
    """Repository over one database; every method is its own transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)

    async def create_schema(self) -> None:
        """Bring the database to the newest schema with the project's Alembic migrations."""
        await migrations.upgrade(self.engine)

    async def ping(self) -> bool:
        try:
            async with self.sessions() as session:
                await session.execute(select(1))
            return True
        except Exception:
            return False

    # Documents

    async def add_document(self, row: DocumentRow) -> tuple[DocumentRow, bool]:
        """Store the document unless one with the same text exists; return it and whether it is new."""
        async with self.sessions.begin() as session:
            existing = await session.get(DocumentRow, row.id)
            if existing is not None:
                return existing, False
            session.add(row)
        return row, True

    async def get_document(self, document_id: str) -> DocumentRow:
        async with self.sessions() as session:
            row = await session.get(DocumentRow, document_id)
        if row is None:
            raise NotFound(f"no document with id {document_id!r}")
        return row

    async def list_documents(
        self, limit: int, offset: int, place_key: str | None = None
    ) -> tuple[Sequence[DocumentRow], int]:
        """A page of documents, oldest first; with `place_key`, only those with a fact naming
        that place (folded)."""
        query = select(DocumentRow)
        if place_key:
            query = query.where(DocumentRow.id.in_(_documents_naming(place_key)))
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(query.subquery()))
            rows = await session.scalars(
                query.order_by(DocumentRow.created_at, DocumentRow.id).limit(limit).offset(offset)
            )
            return rows.all(), total or 0

    async def document_overview(
        self, document_ids: list[str]
    ) -> dict[str, tuple[str | None, dict[str, int]]]:
        """Per document: the status of its newest extraction, and its served facts per type."""
        overview: dict[str, tuple[str | None, dict[str, int]]] = {
            document_id: (None, {}) for document_id in document_ids
        }
        newest = (
            select(func.max(ExtractionRow.id))
            .where(ExtractionRow.document_id.in_(document_ids))
            .group_by(ExtractionRow.document_id)
        )
        async with self.sessions() as session:
            statuses = await session.execute(
                select(ExtractionRow.document_id, ExtractionRow.status).where(
                    ExtractionRow.id.in_(newest)
                )
            )
            counts = await session.execute(
                select(FactRow.document_id, FactRow.type, func.count())
                .where(FactRow.document_id.in_(document_ids))
                .group_by(FactRow.document_id, FactRow.type)
            )
            for document_id, status in statuses.all():
                overview[document_id] = (status, overview[document_id][1])
            for document_id, kind, count in counts.all():
                overview[document_id][1][kind] = count
        return overview

    async def document_ids(self) -> list[str]:
        async with self.sessions() as session:
            ids = await session.scalars(select(DocumentRow.id).order_by(DocumentRow.id))
            return list(ids.all())

    async def delete_document(self, document_id: str) -> None:
        async with self.sessions.begin() as session:
            result = await session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound(f"no document with id {document_id!r}")

    # Extractions

    async def get_or_create_extraction(self, row: ExtractionRow) -> tuple[ExtractionRow, bool]:
        async with self.sessions.begin() as session:
            existing = await session.scalar(
                select(ExtractionRow).where(
                    ExtractionRow.document_id == row.document_id,
                    ExtractionRow.cache_key == row.cache_key,
                )
            )
            if existing is not None:
                return existing, False
            session.add(row)
        return row, True

    async def get_extraction(self, extraction_id: int) -> ExtractionRow:
        async with self.sessions() as session:
            row = await session.get(ExtractionRow, extraction_id)
        if row is None:
            raise NotFound(f"no extraction with id {extraction_id}")
        return row

    async def find_extraction(self, document_id: str, cache_key: str) -> ExtractionRow | None:
        async with self.sessions() as session:
            found: ExtractionRow | None = await session.scalar(
                select(ExtractionRow).where(
                    ExtractionRow.document_id == document_id, ExtractionRow.cache_key == cache_key
                )
            )
            return found

    async def latest_finished_extraction(self, document_id: str) -> ExtractionRow | None:
        async with self.sessions() as session:
            found: ExtractionRow | None = await session.scalar(
                select(ExtractionRow)
                .where(ExtractionRow.document_id == document_id, ExtractionRow.status == "done")
                .order_by(ExtractionRow.finished_at.desc(), ExtractionRow.id.desc())
                .limit(1)
            )
            return found

    async def pending_extraction_ids(self) -> list[int]:
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

    async def fail_extraction(self, extraction_id: int, error: str) -> None:
        """Record a failure; the jobs waiting for this extraction count it and go on."""
        async with self.sessions.begin() as session:
            await session.execute(
                update(ExtractionRow)
                .where(ExtractionRow.id == extraction_id)
                .values(status="failed", error=error, finished_at=utcnow(), claimed_by=None)
            )
            await _settle_job_items(session, extraction_id, "failed", error)

    async def finish_extraction(
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
            await _settle_job_items(session, extraction_id, "done", None)

    async def done_extractions(self, cache_keys: list[str]) -> dict[str, int]:
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

    # Jobs

    async def add_job(self, row: JobRow) -> JobRow:
        async with self.sessions.begin() as session:
            session.add(row)
        return row

    async def get_job(self, job_id: str) -> JobRow:
        async with self.sessions() as session:
            row = await session.get(JobRow, job_id)
        if row is None:
            raise NotFound(f"no job with id {job_id!r}")
        return row

    async def list_jobs(self, limit: int, offset: int) -> tuple[Sequence[JobRow], int]:
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(JobRow))
            rows = await session.scalars(
                select(JobRow)
                .order_by(JobRow.created_at.desc(), JobRow.id)
                .limit(limit)
                .offset(offset)
            )
            return rows.all(), total or 0

    async def jobs_in_state(self, state: str) -> list[str]:
        async with self.sessions() as session:
            ids = await session.scalars(
                select(JobRow.id).where(JobRow.state == state).order_by(JobRow.created_at)
            )
            return list(ids.all())

    async def job_counts(self, job_id: str) -> dict[str, int]:
        """Items of the job by state."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(JobItemRow.state, func.count())
                .where(JobItemRow.job_id == job_id)
                .group_by(JobItemRow.state)
            )
            return {state: count for state, count in rows.all()}

    async def job_failures(self, job_id: str, limit: int) -> list[tuple[str, str | None]]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(JobItemRow.document_id, JobItemRow.error)
                .where(JobItemRow.job_id == job_id, JobItemRow.state == "failed")
                .order_by(JobItemRow.finished_at, JobItemRow.document_id)
                .limit(limit)
            )
            return [(document_id, error) for document_id, error in rows.all()]

    async def job_running(self, job_id: str) -> int:
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
                await session.execute(
                    update(JobItemRow)
                    .where(
                        JobItemRow.job_id == job_id,
                        JobItemRow.state == "pending",
                        JobItemRow.extraction_id.in_(finished),
                    )
                    .values(state=status, finished_at=utcnow())
                )

    async def last_job_item(self, job_id: str) -> str | None:
        """The greatest document id the job has listed: where preparing resumes."""
        async with self.sessions() as session:
            found: str | None = await session.scalar(
                select(func.max(JobItemRow.document_id)).where(JobItemRow.job_id == job_id)
            )
            return found

    async def set_job_error(self, job_id: str, error: str | None) -> None:
        async with self.sessions.begin() as session:
            await session.execute(update(JobRow).where(JobRow.id == job_id).values(error=error))

    async def add_job_items(self, items: list[JobItemRow]) -> None:
        async with self.sessions.begin() as session:
            session.add_all(items)

    async def close_job_if_finished(self, job_id: str) -> None:
        """A running job without pending items is done (a safety net for missed closings)."""
        async with self.sessions.begin() as session:
            await _finish_jobs_without_pending_items(session, [job_id])

    async def start_job(self, job_id: str) -> None:
        """Every item is listed: the job runs (and is done at once when nothing is pending)."""
        async with self.sessions.begin() as session:
            await session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "preparing")
                .values(state="running")
            )
            await _finish_jobs_without_pending_items(session, [job_id])

    async def cancel_job(self, job_id: str) -> list[int]:
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
            await session.execute(
                update(JobItemRow)
                .where(
                    JobItemRow.job_id == job_id,
                    JobItemRow.state == "pending",
                    JobItemRow.extraction_id.in_(extraction_ids),
                )
                .values(state="cancelled", finished_at=utcnow())
            )
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

    async def document_batch(
        self,
        after: str | None,
        limit: int,
        document_ids: list[str] | None = None,
        created_from: dt.datetime | None = None,
        created_to: dt.datetime | None = None,
        failed_only: bool = False,
    ) -> list[tuple[str, str]]:
        """(id, text hash) of the next documents by id after `after` that match the filters."""
        query = select(DocumentRow.id, DocumentRow.text_sha256).order_by(DocumentRow.id)
        if after is not None:
            query = query.where(DocumentRow.id > after)
        if document_ids is not None:
            query = query.where(DocumentRow.id.in_(document_ids))
        if created_from is not None:
            query = query.where(DocumentRow.created_at >= created_from)
        if created_to is not None:
            query = query.where(DocumentRow.created_at < created_to)
        if failed_only:
            newest, newer = aliased(ExtractionRow), aliased(ExtractionRow)
            newer_exists = (
                select(newer.id)
                .where(newer.document_id == newest.document_id, newer.id > newest.id)
                .exists()
            )
            query = query.where(
                select(newest.id)
                .where(
                    newest.document_id == DocumentRow.id,
                    newest.status == "failed",
                    ~newer_exists,
                )
                .exists()
            )
        async with self.sessions() as session:
            rows = await session.execute(query.limit(limit))
            return [(document_id, digest) for document_id, digest in rows.all()]

    # Facts

    async def list_facts(
        self, selection: FactFilter, limit: int, offset: int
    ) -> tuple[list[tuple[str, dict[str, Any]]], int]:
        query = self._selected(selection)
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(query.subquery()))
            rows = await session.scalars(query.order_by(FactRow.id).limit(limit).offset(offset))
            return [(row.document_id, row.payload) for row in rows.all()], total or 0

    async def exported_facts(
        self, selection: FactFilter, batch: int = 500
    ) -> AsyncIterator[tuple[int, DocumentRow, dict[str, Any]]]:
        """Every fact the filter selects, in id order, with its document (text not loaded),
        read in batches by id so that an export of any size holds one batch in memory."""
        after = 0
        while True:
            query = (
                self._selected(selection)
                .where(FactRow.id > after)
                .join(DocumentRow, DocumentRow.id == FactRow.document_id)
                .add_columns(DocumentRow)
                .options(defer(DocumentRow.text))
                .order_by(FactRow.id)
                .limit(batch)
            )
            async with self.sessions() as session:
                rows = (await session.execute(query)).all()
            for fact, document in rows:
                yield fact.id, document, fact.payload
            if len(rows) < batch:
                return
            after = rows[-1][0].id

    def _selected(self, selection: FactFilter) -> Select[FactRow]:
        query = select(FactRow).where(FactRow.type == selection.type)
        if selection.place:
            query = query.where(FactRow.place_keys.contains(f"|{selection.place}|"))
        if selection.member:
            query = query.where(FactRow.place_keys.contains(f"|{selection.member}|"))
        if selection.name:
            query = query.where(FactRow.name_key.contains(selection.name))
        if selection.date_from:
            query = query.where(FactRow.date_end >= selection.date_from)
        if selection.date_to:
            query = query.where(FactRow.date_start <= selection.date_to)
        return query

    async def facts_of_documents(
        self, document_ids: list[str]
    ) -> list[tuple[int, str, dict[str, Any]]]:
        """(fact id, document id, payload) of every fact these documents serve now."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(FactRow.id, FactRow.document_id, FactRow.payload)
                .where(FactRow.document_id.in_(document_ids))
                .order_by(FactRow.id)
            )
            return [(fact_id, document_id, payload) for fact_id, document_id, payload in rows.all()]

    async def served_facts(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(document id, type, payload) of every fact the documents serve now."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(FactRow.document_id, FactRow.type, FactRow.payload).order_by(FactRow.id)
            )
            return [(document_id, kind, payload) for document_id, kind, payload in rows.all()]

    async def documents_with_place(self, place_key: str) -> list[str]:
        """Ids of documents with a fact that names this place (folded)."""
        async with self.sessions() as session:
            ids = await session.scalars(_documents_naming(place_key).distinct())
            return list(ids.all())

    # Model calls

    async def add_api_key(self, row: ApiKeyRow) -> ApiKeyRow:
        async with self.sessions.begin() as session:
            session.add(row)
        return row

    async def find_api_key(self, secret_sha256: str) -> ApiKeyRow | None:
        async with self.sessions() as session:
            found: ApiKeyRow | None = await session.scalar(
                select(ApiKeyRow).where(ApiKeyRow.secret_sha256 == secret_sha256)
            )
            return found

    async def list_api_keys(self) -> Sequence[ApiKeyRow]:
        async with self.sessions() as session:
            rows = await session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at))
            return rows.all()

    async def revoke_api_key(self, key_id: str) -> None:
        async with self.sessions.begin() as session:
            row = await session.get(ApiKeyRow, key_id)
            if row is None:
                raise NotFound(f"no API key {key_id!r}")
            row.revoked_at = row.revoked_at or utcnow()

    async def extraction_counts(self) -> dict[str, int]:
        """Extractions per status."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(ExtractionRow.status, func.count()).group_by(ExtractionRow.status)
            )
            return {status: count for status, count in rows.all()}

    async def unfinished_extractions_of(self, key_id: str) -> int:
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


def _documents_naming(place_key: str) -> Select[str]:
    """The ids of documents with a fact naming this place (folded), as a query."""
    return select(FactRow.document_id).where(FactRow.place_keys.contains(f"|{place_key}|"))


async def _settle_job_items(
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
