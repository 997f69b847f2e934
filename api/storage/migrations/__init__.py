"""Schema migrations (Alembic): `upgrade(engine)` brings any database to the newest revision.

New revision: change the tables in api/storage/tables.py, then from the repository root run
`.venv/bin/alembic revision --autogenerate -m "what changed"` and read what it wrote.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

FOLDER = Path(__file__).resolve().parent
FIRST_REVISION = "0001"


def config(connection: Connection | None = None) -> Config:
    settings = Config()
    settings.set_main_option("script_location", str(FOLDER))
    settings.attributes["connection"] = connection
    return settings


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Workers starting together on an empty database: one migrates, the others wait.
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('citylinks-migrations'))"))
    tables = set(inspect(connection).get_table_names())
    settings = config(connection)
    if "documents" in tables and "alembic_version" not in tables:
        # A database made before migrations existed holds the first revision's tables.
        command.stamp(settings, FIRST_REVISION)
    command.upgrade(settings, "head")


async def upgrade(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)
