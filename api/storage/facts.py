"""The facts the documents serve now (those of each document's newest finished extraction),
filtered, paged and exported.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Select,
    select,
)
from sqlalchemy.orm import defer

from api.storage.repository import Repository, page
from api.storage.tables import (
    DocumentRow,
    FactRow,
)


@dataclass(frozen=True)
class FactFilter:
    type: str
    place: str | None = None
    name: str | None = None
    member: str | None = None
    date_from: str | None = None
    date_to: str | None = None


class Facts(Repository[FactRow]):
    table = FactRow
    noun = "fact"

    async def page(
        self, selection: FactFilter, limit: int, offset: int
    ) -> tuple[list[tuple[str, dict[str, Any]]], int]:
        async with self.sessions() as session:
            rows, total = await page(
                session, self._selected(selection).order_by(FactRow.id), limit, offset
            )
        return [(row.document_id, row.payload) for row in rows], total

    async def exported(
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

    async def of_documents(self, document_ids: list[str]) -> list[tuple[int, str, dict[str, Any]]]:
        """(fact id, document id, payload) of every fact these documents serve now."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(FactRow.id, FactRow.document_id, FactRow.payload)
                .where(FactRow.document_id.in_(document_ids))
                .order_by(FactRow.id)
            )
            return [(fact_id, document_id, payload) for fact_id, document_id, payload in rows.all()]

    async def served(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(document id, type, payload) of every fact the documents serve now."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(FactRow.document_id, FactRow.type, FactRow.payload).order_by(FactRow.id)
            )
            return [(document_id, kind, payload) for document_id, kind, payload in rows.all()]

    async def documents_with(self, place_key: str) -> list[str]:
        """Ids of documents with a fact that names this place (folded)."""
        async with self.sessions() as session:
            ids = await session.scalars(naming_place(place_key).distinct())
            return list(ids.all())

    async def place_keys_starting(self, word: str, limit: int = 50) -> set[str]:
        """The places (folded) stored facts name whose name has more words after this one
        (folded): "san damiano d asti" for "san"."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(FactRow.place_keys)
                .where(FactRow.place_keys.contains(f"|{word} "))
                .distinct()
                .limit(limit)
            )
            keys = {key for packed in rows.all() for key in packed.strip("|").split("|")}
        return {key for key in keys if key.startswith(f"{word} ")}


def naming_place(place_key: str) -> Select[str]:
    """The ids of documents with a fact naming this place (folded), as a query."""
    return select(FactRow.document_id).where(FactRow.place_keys.contains(f"|{place_key}|"))
