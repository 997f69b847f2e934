"""Shared fixtures: settings on a temporary database, a fake model, and the recorded-traffic config."""

from __future__ import annotations

import asyncio
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from api.model.client import CallLogger, CallRecord
from api.settings import Settings
from tests.support import CASSETTES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


def seed_text(prefix: str) -> str:
    return next(path for path in SEEDS if path.name.startswith(prefix)).read_text(encoding="utf-8")


def gold(prefix: str) -> dict[str, Any]:
    path = next((FIXTURES / "gold").glob(f"{prefix}*.json"))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


class FakeModel:
    """A fake model, named as such: answers each task from a canned dict, counts its calls.

    `answers` maps task -> JSON-able answer; `fail_with` makes every call raise that error.
    """

    def __init__(self, answers: dict[str, Any] | None = None, fail_with: Exception | None = None):
        self.answers = answers or {}
        self.fail_with = fail_with
        self.calls: list[str] = []
        self.base_url = "fake://model"

    @property
    def model(self) -> str:
        return "fake-model"

    async def complete(self, messages: Any, response_model: Any, log: CallLogger) -> Any:
        self.calls.append(response_model.task)
        if self.fail_with is not None:
            await log(CallRecord(response_model.task, "fake-model", 0, 0, 1, "error", "fake"))
            raise self.fail_with
        await log(CallRecord(response_model.task, "fake-model", 10, 5, 1, "ok"))
        empty = {response_model.task: []}
        answer = response_model.model_validate(self.answers.get(response_model.task, empty))
        return answer, 10, 5

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None


# `./run test` runs the suite twice: on SQLite, then with this set to a PostgreSQL database.
POSTGRES_URL = os.environ.get("CITYLINKS_TEST_DATABASE_URL", "")


async def empty_postgres(url: str) -> None:
    """Drop every table, SAQ's included: each test starts from an empty database."""
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await connection.close()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """An empty database of the backend under test."""
    if POSTGRES_URL:
        # In a thread of its own: a running loop (Playwright's, tests/http/test_pages.py) forbids
        # asyncio.run in this one.
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, empty_postgres(POSTGRES_URL)).result()
        return POSTGRES_URL
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        llm_base_url="http://127.0.0.1:9/v1",
        model_cache_dir=tmp_path / "models",
        max_body_bytes=20_000,
    )


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        # The embedded server's port varies: match what was asked, not where.
        "match_on": ["method", "path", "body"],
        "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization"],
        # The app under test (TestClient, or a real server on 127.0.0.2) is not recorded.
        "ignore_hosts": ["testserver.local", "testserver", "127.0.0.2"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """pytest-recording's cassette folder, kept at tests/cassettes/<module> for modules in
    the subfolders of tests/ too."""
    return str(CASSETTES / Path(str(request.node.fspath)).stem)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Each test's call report on its node (`item.report_call`), for fixtures that act on
    a test's outcome in their teardown."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.report_call = report  # type: ignore[attr-defined]
