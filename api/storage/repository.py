"""What every repository shares: the session factory, fetching a row or answering 404, and
reading one page of a query with the total count."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any, TypeVar

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


class Repository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions


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
