"""Full-text search over stored sentences: German-aware terms (case, umlauts, stemming), BM25."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import snowballstemmer
from sqlalchemy import Float, case, delete, func, literal, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from api.language.lexicon import STOPWORDS
from api.language.text import Sentence
from api.storage.repository import conflicts_raised
from api.storage.tables import DocumentRow, SentenceRow, TermRow, as_utc

WORD = re.compile(r"\w+")
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


# BM25 as SQLite's FTS5 computes it, so rankings did not change when the index moved.
K1 = 1.2
B = 0.75
# Rows fetched beyond the limit so that equal scores at the cut can be ordered in Python.
TIE_MARGIN = 50


class SentenceIndex:
    """Every prose sentence of every stored document, with its terms, ranked by BM25.

    Plain tables (search_sentences, search_terms) and the scoring in Python: SQLite and
    PostgreSQL return the same passages in the same order.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.sessions = async_sessionmaker(engine)

    async def add(self, document_id: str, sentences: list[Sentence]) -> None:
        prose = [s for s in sentences if not s.boilerplate]
        terms_of = {s.index: search_terms(s.text) for s in prose}
        async with conflicts_raised(), self.sessions.begin() as session:
            await session.execute(delete(SentenceRow).where(SentenceRow.document_id == document_id))
            session.add_all(
                SentenceRow(
                    document_id=document_id,
                    sentence=s.index,
                    start=s.start,
                    end=s.end,
                    length=len(terms_of[s.index]),
                )
                for s in prose
            )
            await session.flush()
            session.add_all(
                TermRow(term=term, document_id=document_id, sentence=index, count=count)
                for index, terms in terms_of.items()
                for term, count in Counter(terms).items()
            )

    async def remove(self, document_id: str) -> None:
        async with self.sessions.begin() as session:
            await session.execute(delete(TermRow).where(TermRow.document_id == document_id))
            await session.execute(delete(SentenceRow).where(SentenceRow.document_id == document_id))

    async def indexed_documents(self) -> set[str]:
        async with self.sessions() as session:
            rows = await session.scalars(select(SentenceRow.document_id).distinct())
            return set(rows.all())

    async def documents_with(self, terms: list[str]) -> list[str]:
        """The documents whose prose holds every one of the terms (a name's words), in id
        order; none for no terms."""
        unique = list(dict.fromkeys(terms))
        if not unique:
            return []
        query = (
            select(TermRow.document_id)
            .where(TermRow.term.in_(unique))
            .group_by(TermRow.document_id)
            .having(func.count(TermRow.term.distinct()) == len(unique))
            .order_by(TermRow.document_id)
        )
        async with self.sessions() as session:
            return list((await session.scalars(query)).all())

    async def following(self, document_id: str, end: int, count: int) -> list[Hit]:
        """The `count` prose sentences of a document that begin after `end`, in order."""
        query = (
            select(SentenceRow.sentence, SentenceRow.start, SentenceRow.end)
            .where(SentenceRow.document_id == document_id, SentenceRow.start >= end)
            .order_by(SentenceRow.sentence)
            .limit(count)
        )
        async with self.sessions() as session:
            rows = (await session.execute(query)).all()
        return [Hit(document_id, sentence, start, stop, 0.0) for sentence, start, stop in rows]

    async def search(
        self,
        terms: list[str],
        limit: int,
        document_ids: list[str] | None = None,
        weights: dict[str, float] | None = None,
    ) -> list[Hit]:
        """Sentences ranked by BM25 for any of the terms, best first; ties in document order.
        A term's `weights` entry scales its part of the score (1 without)."""
        weights = weights or {}
        unique = list(dict.fromkeys(term for term in terms if term))[:MAX_QUERY_TERMS]
        if not unique:
            return []
        async with self.sessions() as session:
            rows, tokens = (
                await session.execute(
                    select(func.count(), func.coalesce(func.sum(SentenceRow.length), 0))
                )
            ).one()
            hits_of = dict(
                (
                    await session.execute(
                        select(TermRow.term, func.count())
                        .where(TermRow.term.in_(unique))
                        .group_by(TermRow.term)
                    )
                ).all()
            )
            if not hits_of:
                return []
            average = (tokens / rows if rows else 1.0) or 1.0
            # Summed in the database: a common term can have tens of thousands of postings.
            score = func.sum(
                case(
                    {
                        term: literal(_idf(rows, hits) * weights.get(term, 1.0), Float)
                        for term, hits in hits_of.items()
                    },
                    value=TermRow.term,
                )
                * TermRow.count
                * literal(K1 + 1, Float)
                / (
                    TermRow.count
                    + literal(K1 * (1 - B), Float)
                    + literal(K1 * B / average, Float) * SentenceRow.length
                )
            ).label("score")
            query = (
                select(
                    TermRow.document_id, TermRow.sentence, SentenceRow.start, SentenceRow.end, score
                )
                .join(
                    SentenceRow,
                    (SentenceRow.document_id == TermRow.document_id)
                    & (SentenceRow.sentence == TermRow.sentence),
                )
                .where(TermRow.term.in_(list(hits_of)))
                .group_by(TermRow.document_id, TermRow.sentence, SentenceRow.start, SentenceRow.end)
                .order_by(score.desc())
                .limit(limit + TIE_MARGIN)
            )
            if document_ids:
                query = query.where(TermRow.document_id.in_(document_ids))
            found = (await session.execute(query)).all()
            # Ties go to the older document, as they did in the FTS5 index this replaced.
            added = dict(
                (
                    await session.execute(
                        select(DocumentRow.id, DocumentRow.created_at).where(
                            DocumentRow.id.in_({row[0] for row in found})
                        )
                    )
                ).all()
            )
        never = dt.datetime.max.replace(tzinfo=dt.UTC)
        order = {document_id: as_utc(moment) for document_id, moment in added.items()}
        # Rounded: SQLite and PostgreSQL may sum in another order (last-bit differences).
        hits = [
            Hit(document_id, sentence, start, end, round(float(value), 9))
            for document_id, sentence, start, end, value in found
        ]
        hits.sort(
            key=lambda hit: (
                -hit.score,
                order.get(hit.document_id, never),
                hit.document_id,
                hit.sentence,
            )
        )
        return hits[:limit]


def _idf(rows: int, hits: int) -> float:
    """FTS5's BM25 inverse document frequency, never below a small positive floor."""
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0 else 1e-6
