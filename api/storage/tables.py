"""The tables, and the engine that opens a database URL."""

from __future__ import annotations

import datetime as dt
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
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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

    @property
    def length(self) -> int:
        """Characters of the stored text."""
        return len(self.text)


class ExtractionRow(Base):
    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("document_id", "cache_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    cache_key: Mapped[str] = mapped_column(String(64), index=True)
    prompt_version: Mapped[str] = mapped_column(String(32))
    schema_version: Mapped[str] = mapped_column(String(32))
    # The verification code's version (api/extraction/service.py verifier_version); "" before 0004.
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
