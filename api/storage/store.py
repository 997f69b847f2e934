"""The database, opened once: its schema, and a repository per aggregate."""

from __future__ import annotations

from sqlalchemy import (
    select,
)
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    async_sessionmaker,
)

from api.storage import migrations
from api.storage.documents import Documents
from api.storage.extractions import Extractions
from api.storage.facts import Facts
from api.storage.jobs import Jobs
from api.storage.keys import ApiKeys


class Store:
    """One database: every repository method is its own transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.documents = Documents(self.sessions)
        self.extractions = Extractions(self.sessions)
        self.facts = Facts(self.sessions)
        self.jobs = Jobs(self.sessions)
        self.keys = ApiKeys(self.sessions)

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
