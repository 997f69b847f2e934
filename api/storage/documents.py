"""The documents: stored once per text, listed, deleted with all they own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import (
    delete,
    func,
    select,
)
from sqlalchemy.orm import aliased

from api.errors import NotFound
from api.storage.facts import naming_place
from api.storage.repository import Repository, page
from api.storage.tables import (
    DocumentRow,
    ExtractionRow,
    FactRow,
)


class Documents(Repository[DocumentRow]):
    table = DocumentRow
    noun = "document"

    async def add(self, row: DocumentRow) -> tuple[DocumentRow, bool]:
        """Store the document unless one with the same text exists; return it and whether it is new."""
        return await self.add_unless(row, select(DocumentRow).where(DocumentRow.id == row.id))

    async def page(
        self, limit: int, offset: int, place_key: str | None = None
    ) -> tuple[Sequence[DocumentRow], int]:
        """A page of documents, oldest first; with `place_key`, only those with a fact naming
        that place (folded)."""
        query = select(DocumentRow)
        if place_key:
            query = query.where(DocumentRow.id.in_(naming_place(place_key)))
        async with self.sessions() as session:
            return await page(
                session, query.order_by(DocumentRow.created_at, DocumentRow.id), limit, offset
            )

    async def overview(
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

    async def ids(self) -> list[str]:
        async with self.sessions() as session:
            ids = await session.scalars(select(DocumentRow.id).order_by(DocumentRow.id))
            return list(ids.all())

    async def delete(self, document_id: str) -> None:
        async with self.sessions.begin() as session:
            result = await session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound(f"no document with id {document_id!r}")

    async def batch(
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
