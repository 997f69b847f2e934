"""Schema migrations: a fresh database and one made before migrations existed both reach head."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from api.storage import migrations
from api.storage.store import Store
from api.storage.tables import Base, create_engine


async def test_a_fresh_database_gets_every_table(database_url: str) -> None:
    store = Store(create_engine(database_url))
    await store.create_schema()
    await store.create_schema()  # twice is harmless
    async with store.engine.connect() as connection:
        tables = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
        version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    await store.engine.dispose()
    assert {"documents", "extractions", "jobs", "job_items", "search_terms", "api_keys"} <= tables
    assert version == [("0004",)]


async def test_a_database_made_before_migrations_is_adopted_and_upgraded(database_url: str) -> None:
    engine = create_engine(database_url)

    def first_schema_without_version(connection: Connection) -> None:
        command.upgrade(migrations.config(connection), migrations.FIRST_REVISION)
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(
            text(
                "INSERT INTO documents (id, text_sha256, text, source_format, created_at) "
                "VALUES ('d1', 'h1', 'Ein Text.', 'text', CURRENT_TIMESTAMP)"
            )
        )

    async with engine.begin() as connection:
        await connection.run_sync(first_schema_without_version)
    store = Store(engine)
    await store.create_schema()
    document = await store.documents.get("d1")
    claims = await store.extractions.running_claims()
    await engine.dispose()
    assert document.text == "Ein Text." and claims == []


async def test_the_migrations_build_the_schema_the_tables_declare(database_url: str) -> None:
    """What alembic's autogenerate would write next is nothing: the migrations (however they
    are written) and `api/storage/tables.py` describe the same columns, keys and indexes."""
    store = Store(create_engine(database_url))
    await store.create_schema()

    def differences(connection: Connection) -> list:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with store.engine.connect() as connection:
        found = await connection.run_sync(differences)
    await store.engine.dispose()
    assert found == []
