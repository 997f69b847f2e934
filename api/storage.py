"""Storage: tables and the repository that reads and writes documents, extractions, facts and model calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
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
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from api.errors import NotFound


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    model: Mapped[str] = mapped_column(String(200))
    generation: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column()


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
    cursor.close()


class Store:
    """Repository over one database; every method is its own transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)

    async def create_schema(self) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)

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

    async def list_documents(self, limit: int, offset: int) -> tuple[Sequence[DocumentRow], int]:
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(DocumentRow))
            rows = await session.scalars(
                select(DocumentRow)
                .order_by(DocumentRow.created_at, DocumentRow.id)
                .limit(limit)
                .offset(offset)
            )
            return rows.all(), total or 0

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

    async def unfinished_extraction_ids(self) -> list[int]:
        """Extractions to resume after a restart: pending ones and those a crash left running."""
        async with self.sessions.begin() as session:
            await session.execute(
                update(ExtractionRow)
                .where(ExtractionRow.status == "running")
                .values(status="pending")
            )
            ids = await session.scalars(
                select(ExtractionRow.id)
                .where(ExtractionRow.status == "pending")
                .order_by(ExtractionRow.id)
            )
            return list(ids.all())

    async def set_status(self, extraction_id: int, status: str, error: str | None = None) -> None:
        values: dict[str, Any] = {"status": status, "error": error}
        if status == "running":
            values["attempts"] = ExtractionRow.attempts + 1
        if status == "failed":
            values["finished_at"] = utcnow()
        async with self.sessions.begin() as session:
            await session.execute(
                update(ExtractionRow).where(ExtractionRow.id == extraction_id).values(**values)
            )

    async def finish_extraction(
        self, extraction_id: int, result: dict[str, Any], facts: list[NewFact]
    ) -> None:
        """Store a finished result and make its facts the document's served facts, atomically."""
        async with self.sessions.begin() as session:
            row = await session.get(ExtractionRow, extraction_id)
            if row is None:
                return
            row.status, row.error, row.result, row.finished_at = "done", None, result, utcnow()
            await session.execute(delete(FactRow).where(FactRow.document_id == row.document_id))
            session.add_all(
                FactRow(document_id=row.document_id, extraction_id=row.id, **vars(fact))
                for fact in facts
            )

    # Facts

    async def list_facts(
        self, selection: FactFilter, limit: int, offset: int
    ) -> tuple[list[tuple[str, dict[str, Any]]], int]:
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
        async with self.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(query.subquery()))
            rows = await session.scalars(query.order_by(FactRow.id).limit(limit).offset(offset))
            return [(row.document_id, row.payload) for row in rows.all()], total or 0

    async def documents_with_place(self, place_key: str) -> list[str]:
        """Ids of documents with a fact that names this place (folded)."""
        async with self.sessions() as session:
            ids = await session.scalars(
                select(FactRow.document_id)
                .where(FactRow.place_keys.contains(f"|{place_key}|"))
                .distinct()
            )
            return list(ids.all())

    # Model calls

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
