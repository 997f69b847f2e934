"""What every repository does the same way: add once, get or 404."""

from __future__ import annotations

import asyncio

import pytest

from api.errors import NotFound
from api.storage.store import Store
from api.storage.tables import DocumentRow, create_engine


def document(text: str) -> DocumentRow:
    return DocumentRow(id=text[:24], text_sha256=text, text=text, source_format="text")


async def test_the_same_document_added_twice_at_once_is_stored_once(database_url: str) -> None:
    store = Store(create_engine(database_url))
    await store.create_schema()
    results = await asyncio.gather(*(store.documents.add(document("Ein Text.")) for _ in range(4)))
    stored = await store.documents.page(10, 0)
    await store.engine.dispose()
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert {row.id for row, _ in results} == {"Ein Text."}
    assert stored[1] == 1


async def test_a_missing_row_is_a_not_found_naming_what_and_which(database_url: str) -> None:
    store = Store(create_engine(database_url))
    await store.create_schema()
    with pytest.raises(NotFound, match="no job with id 'j1'"):
        await store.jobs.get("j1")
    with pytest.raises(NotFound, match="no extraction with id 7"):
        await store.extractions.get(7)
    await store.engine.dispose()
