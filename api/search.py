"""Full-text search over stored sentences: German-aware terms (case, umlauts, stemming), SQLite FTS5."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import snowballstemmer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.text import Sentence

WORD = re.compile(r"\w+")
# Words that carry no topic in German or English questions and articles.
STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list reads best as text
        "a an and are as at be by did do does for from had has have how in is it its of on or "
        "that the their this to was were what when where which who whom why will with according "
        "articles article say says said aber als am an auch auf aus bei bis das dass dem den der "
        "des die dies diese dieser ein eine einem einen einer es für hat hatte im in ist mit nach "
        "nicht noch oder sich sie sind so über um und vom von vor war waren was welche welcher "
        "welches wer wie wird wo wurde wurden zu zum zur wann warum wieviel viele werden genannt "
        "nennt artikel laut"
    ).split()
)
MAX_QUERY_TERMS = 24


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("german")


def search_terms(value: str) -> list[str]:
    """Index and query terms: lower case, stop words dropped, German stems, accents folded."""
    words = [word for word in WORD.findall(value.lower()) if word not in STOPWORDS]
    stems = _stemmer().stemWords([word for word in words if not word.isdigit()])
    numbers = [word for word in words if word.isdigit()]
    return [_fold(stem) for stem in stems if len(stem) > 1] + numbers


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.replace("ß", "ss"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Hit:
    document_id: str
    sentence: int
    start: int
    end: int
    score: float


class SentenceIndex:
    """An FTS5 table of every prose sentence of every stored document."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def create(self) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(
                text(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS sentence_index USING fts5("
                    "terms, document_id UNINDEXED, sentence UNINDEXED, start UNINDEXED, "
                    "end_ UNINDEXED)"
                )
            )

    async def add(self, document_id: str, sentences: list[Sentence]) -> None:
        rows = [
            {
                "terms": " ".join(search_terms(s.text)),
                "document_id": document_id,
                "sentence": s.index,
                "start": s.start,
                "end_": s.end,
            }
            for s in sentences
            if not s.boilerplate
        ]
        async with self.engine.begin() as connection:
            await connection.execute(
                text("DELETE FROM sentence_index WHERE document_id = :id"), {"id": document_id}
            )
            if rows:
                await connection.execute(
                    text(
                        "INSERT INTO sentence_index (terms, document_id, sentence, start, end_) "
                        "VALUES (:terms, :document_id, :sentence, :start, :end_)"
                    ),
                    rows,
                )

    async def remove(self, document_id: str) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(
                text("DELETE FROM sentence_index WHERE document_id = :id"), {"id": document_id}
            )

    async def indexed_documents(self) -> set[str]:
        async with self.engine.connect() as connection:
            rows = await connection.execute(text("SELECT DISTINCT document_id FROM sentence_index"))
            return {row[0] for row in rows}

    async def search(
        self, terms: list[str], limit: int, document_ids: list[str] | None = None
    ) -> list[Hit]:
        """Sentences ranked by BM25 for any of the terms, best first."""
        unique = list(dict.fromkeys(term for term in terms if term))[:MAX_QUERY_TERMS]
        if not unique:
            return []
        query = " OR ".join(f'"{term}"' for term in unique)
        sql = (
            "SELECT document_id, sentence, start, end_, bm25(sentence_index) AS rank "
            "FROM sentence_index WHERE sentence_index MATCH :query"
        )
        parameters: dict[str, object] = {"query": query, "limit": limit}
        if document_ids:
            placeholders = ", ".join(f":doc{n}" for n in range(len(document_ids)))
            sql += f" AND document_id IN ({placeholders})"
            parameters.update({f"doc{n}": value for n, value in enumerate(document_ids)})
        sql += " ORDER BY rank LIMIT :limit"
        async with self.engine.connect() as connection:
            rows = await connection.execute(text(sql), parameters)
            return [
                Hit(row[0], int(row[1]), int(row[2]), int(row[3]), -float(row[4])) for row in rows
            ]
