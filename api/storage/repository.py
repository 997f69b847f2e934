"""What every repository shares: the session factory, adding a row (once), fetching one or
answering 404, and reading one page of a query with the total count."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.errors import NotFound

Row = TypeVar("Row")


class Conflict(Exception):
    """A write broke a constraint: another process wrote the same row first, or the row it
    refers to is gone."""


@contextlib.asynccontextmanager
async def conflicts_raised() -> AsyncIterator[None]:
    """Turn the database's integrity error into `Conflict`, which callers above storage know."""
    try:
        yield
    except IntegrityError as error:
        raise Conflict(str(error.orig)) from error


class Repository(Generic[Row]):
    """The rows of one aggregate: `table` is its root, `noun` what a 404 calls one of them."""

    table: ClassVar[type[Any]]
    noun: ClassVar[str]

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def get(self, key: Any) -> Row:
        async with self.sessions() as session:
            found: Row = await get_or_404(session, self.table, key, self.noun)
            return found

    async def insert(self, row: Row) -> Row:
        async with self.sessions.begin() as session:
            session.add(row)
        return row

    async def add_unless(self, row: Row, same: Select[Any]) -> tuple[Row, bool]:
        """Store `row` unless the query `same` finds its equal; the stored row and whether it is
        new. When another process stores the equal at the same moment, theirs is returned;
        `Conflict` when the write breaks another constraint (a row it refers to is gone)."""
        try:
            async with conflicts_raised(), self.sessions.begin() as session:
                existing = await session.scalar(same)
                if existing is not None:
                    return existing, False
                session.add(row)
            return row, True
        except Conflict:
            async with self.sessions() as session:
                existing = await session.scalar(same)
            if existing is None:
                raise
            return existing, False


async def get_or_404(session: AsyncSession, table: type[Row], key: Any, what: str) -> Row:
    """The row with this primary key; `NotFound` naming `what` and the key if there is none."""
    row = await session.get(table, key)
    if row is None:
        raise NotFound(f"no {what} with id {key!r}")
    return row


async def page(
    session: AsyncSession, query: Select[Row], limit: int, offset: int
) -> tuple[Sequence[Row], int]:
    """One page of the query's rows (the query brings its own order) and how many there are."""
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = await session.scalars(query.limit(limit).offset(offset))
    return rows.all(), total or 0
