"""Re-extraction jobs over real HTTP, against a FAKE OpenAI-compatible server on loopback.

The fake answers every call with an empty extraction after a latency and can be told to fail;
the service talks to it through the real client (openai + instructor), as to any endpoint.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from api.http.app import create_app
from api.settings import Settings
from api.storage.store import Store
from api.storage.tables import create_engine
from tests import support
from tests.fake_llm_server import FakeBehaviour, Fault, fake_llm_server, one_call_article
from tests.support import extractions_when_finished, job_when_finished, until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake() -> Iterator[tuple[str, FakeBehaviour]]:
    with fake_llm_server(latency=0.05) as running:
        yield running


def settings_for(settings: Settings, base_url: str, **changes: Any) -> Settings:
    return support.settings_for(
        settings, base_url, **({"llm_max_attempts": 2, "llm_timeout_seconds": 10} | changes)
    )


@dataclass
class App:
    """The service on the test's own database, talking to the fake model server."""

    client: TestClient[Any]
    behaviour: FakeBehaviour
    base_url: str


@pytest.fixture
def app(settings: Settings, fake: tuple[str, FakeBehaviour]) -> Iterator[App]:
    base_url, behaviour = fake
    with TestClient(app=create_app(settings_for(settings, base_url))) as client:
        yield App(client, behaviour, base_url)


def submit_all(client: TestClient[Any], count: int) -> list[str]:
    ids = []
    for number in range(count):
        response = client.post("/documents?wait=30", json={"text": one_call_article(number)})
        assert response.json()["extraction"]["status"] == "done", response.text
        ids.append(response.json()["document"]["id"])
    return ids


def run_job(client: TestClient[Any], body: dict[str, Any], seconds: float = 60) -> dict[str, Any]:
    response = client.post("/jobs/reextract", json=body)
    assert response.status_code == 202, response.text
    return job_when_finished(client, response.json()["id"], seconds)


def test_documents_already_current_are_skipped_unless_forced(app: App) -> None:
    client, behaviour = app.client, app.behaviour
    submit_all(client, 3)
    calls = len(behaviour.requests)
    job = run_job(client, {"documents": "all"})
    assert (job["total"], job["skipped"], job["done"]) == (3, 3, 0)
    assert len(behaviour.requests) == calls, "nothing was extracted again"
    forced = run_job(client, {"documents": "all", "force": True})
    assert (forced["total"], forced["done"], forced["skipped"]) == (3, 3, 0)
    assert len(behaviour.requests) == calls + 3
    assert forced["rate_per_second"] > 0 and forced["eta_seconds"] == 0
    listed = client.get("/jobs").json()
    assert [item["id"] for item in listed["items"]] == [forced["id"], job["id"]]


def test_a_new_prompt_version_re_extracts_and_old_results_stay_readable(
    settings: Settings, fake: tuple[str, FakeBehaviour]
) -> None:
    base_url, behaviour = fake
    with TestClient(app=create_app(settings_for(settings, base_url))) as client:
        ids = submit_all(client, 2)
    # Another generation setting is another cache key, as a prompt or schema change is.
    changed = settings_for(settings, base_url, llm_seed=8)
    with TestClient(app=create_app(changed)) as client:
        behaviour.latency = 1.0
        started = client.post("/jobs/reextract", json={"documents": "stale"}).json()
        time.sleep(0.3)
        during = client.get(f"/documents/{ids[0]}/extraction").json()
        assert during["status"] in ("pending", "running")
        assert during["result"] is not None and not during["result_is_current"]
        job = job_when_finished(client, started["id"])
        assert (job["total"], job["done"]) == (2, 2)
        after = client.get(f"/documents/{ids[0]}/extraction").json()
        assert after["status"] == "done" and after["result_is_current"]
        again = run_job(client, {"documents": "stale"})
        assert again["total"] == 0 and again["state"] == "done", "nothing stale is left"


def test_selection_by_ids_dates_and_failures(app: App) -> None:
    client, behaviour = app.client, app.behaviour
    ids = submit_all(client, 3)
    by_ids = run_job(client, {"document_ids": ids[:2], "force": True})
    assert by_ids["total"] == 2
    future = run_job(client, {"created_from": "2999-01-01T00:00:00Z"})
    assert future["total"] == 0
    past = run_job(client, {"created_to": "2999-01-01T00:00:00Z", "force": True})
    assert past["total"] == 3
    behaviour.script = [Fault(500), Fault(500)]  # both attempts of the next document
    one_fails = run_job(client, {"document_ids": [ids[2]], "force": True})
    assert one_fails["failed"] == 1
    failed = run_job(client, {"documents": "failed"})
    assert failed["total"] == 1 and failed["done"] == 1
    assert failed["selection"] == {"documents": "failed"}


def test_a_document_that_keeps_failing_is_recorded_and_the_job_goes_on(app: App) -> None:
    client, behaviour = app.client, app.behaviour
    submit_all(client, 4)
    behaviour.script = [Fault(500), Fault(500)]
    job = run_job(client, {"documents": "all", "force": True})
    assert (job["done"], job["failed"], job["pending"]) == (3, 1, 0)
    assert "500" in (job["failures"][0]["error"] or ""), job["failures"]
    document_id = job["failures"][0]["document_id"]
    extraction = client.get(f"/documents/{document_id}/extraction").json()
    assert extraction["status"] == "failed"
    assert extraction["result"] is not None, "the previous result stays readable"


def test_rate_limits_are_retried_after_the_time_the_server_asks_for(app: App) -> None:
    client, behaviour = app.client, app.behaviour
    submit_all(client, 1)
    behaviour.script = [Fault(429, retry_after=1.5)]
    before = len(behaviour.requests)
    job = run_job(client, {"documents": "all", "force": True})
    assert job["done"] == 1 and job["failed"] == 0
    first, second = behaviour.requests[before : before + 2]
    assert second - first >= 1.5


def test_cancel_stops_queued_documents_and_a_later_request_queues_them_again(app: App) -> None:
    client, behaviour = app.client, app.behaviour
    ids = submit_all(client, 5)
    behaviour.latency = 0.5
    before = len(behaviour.requests)
    started = client.post("/jobs/reextract", json={"documents": "all", "force": True}).json()
    # Cancel once the first document is at the model: the others wait in the queue (a fixed
    # sleep flaked on a loaded machine, cancelling before anything was queued).
    until(lambda: len(behaviour.requests) > before, 10, "the job's first model call")
    cancelled = client.post(f"/jobs/{started['id']}/cancel").json()
    assert cancelled["state"] == "cancelled" and cancelled["cancelled"] >= 3
    time.sleep(1.2)  # the one running may finish; nothing else starts
    calls = len(behaviour.requests)
    time.sleep(1.0)
    assert len(behaviour.requests) == calls
    job = client.get(f"/jobs/{started['id']}").json()
    assert job["pending"] == 0 and job["done"] + job["cancelled"] == 5
    assert client.post(f"/jobs/{started['id']}/cancel").status_code == 200
    assert client.post("/jobs/nope/cancel").status_code == 404
    behaviour.latency = 0.0
    later = [
        i for i in ids if client.get(f"/documents/{i}/extraction").json()["status"] == "cancelled"
    ]
    assert later
    retried = client.post(f"/documents/{later[0]}/extraction").json()
    assert retried["status"] in ("pending", "running", "done")


def test_bad_job_requests_get_clear_errors(
    settings: Settings, fake: tuple[str, FakeBehaviour]
) -> None:
    base_url, _ = fake
    with TestClient(app=create_app(settings_for(settings, base_url))) as client:
        empty = client.post("/jobs/reextract", json={})
        assert empty.status_code == 400 and "select documents" in empty.json()["detail"]
        unknown = client.post("/jobs/reextract", json={"documents": "everything"})
        assert unknown.status_code == 400
        backwards = client.post(
            "/jobs/reextract",
            json={"created_from": "2024-02-01T00:00:00Z", "created_to": "2024-01-01T00:00:00Z"},
        )
        assert backwards.status_code == 400
        assert client.get("/jobs/unknown").status_code == 404


# The command line in a child process: killed mid-job, started again, finishes every document once.


def cli(database_url: str, base_url: str, *arguments: str, **env: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "CITYLINKS_DATABASE_URL": database_url,
        "CITYLINKS_LLM_BASE_URL": base_url,
        "CITYLINKS_LLM_MAX_ATTEMPTS": "2",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "api.commands.admin", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def extraction_counts(database_url: str) -> tuple[dict[str, int], dict[int, int]]:
    """Per document: finished extractions; per extraction: successful model calls."""
    store = Store(create_engine(database_url))
    try:
        finished: dict[str, int] = {}
        async with store.sessions() as session:
            from sqlalchemy import select

            from api.storage.tables import ExtractionRow, ModelCallRow

            rows = await session.execute(select(ExtractionRow.document_id, ExtractionRow.status))
            for document_id, status in rows.all():
                finished[document_id] = finished.get(document_id, 0) + (status == "done")
            calls: dict[int, int] = {}
            for (extraction_id,) in (
                await session.execute(
                    select(ModelCallRow.extraction_id).where(ModelCallRow.outcome == "ok")
                )
            ).all():
                calls[extraction_id] = calls.get(extraction_id, 0) + 1
        return finished, calls
    finally:
        await store.engine.dispose()


def job_id_of(output: str) -> str:
    for line in output.splitlines():
        if line.startswith("job "):
            return line.split()[1]
    raise AssertionError(f"no job id in: {output}")


def test_cli_job_killed_mid_way_finishes_when_resumed_with_every_document_once(
    settings: Settings, fake: tuple[str, FakeBehaviour]
) -> None:
    base_url, behaviour = fake
    with TestClient(app=create_app(settings_for(settings, base_url))) as client:
        submit_all(client, 6)
    behaviour.latency = 0.4
    # Another seed is another cache key: every document is stale for the child process.
    first = cli(settings.database_url, base_url, "reextract", "--stale", CITYLINKS_LLM_SEED="9")
    before = len(behaviour.requests)
    until(lambda: len(behaviour.requests) >= before + 3, 60, "the job's first requests are sent")
    first.send_signal(signal.SIGKILL)
    output = first.communicate()[0]
    job_id = job_id_of(output)
    behaviour.latency = 0.0
    second = cli(
        settings.database_url, base_url, "reextract", "--resume", job_id, CITYLINKS_LLM_SEED="9"
    )
    output = second.communicate(timeout=120)[0]
    assert second.returncode == 0, output
    assert "done" in output
    finished, calls = asyncio.run(extraction_counts(settings.database_url))
    assert all(count == 2 for count in finished.values()), finished  # old key + new key
    assert all(count == 1 for count in calls.values()), calls  # one call per extraction


# The shared queue (SAQ on PostgreSQL): worker processes, one killed mid-extraction.


def worker(settings: Settings, base_url: str) -> subprocess.Popen[str]:
    return cli(
        settings.database_url,
        base_url,
        "worker",
        CITYLINKS_QUEUE="shared",
        CITYLINKS_EXTRACTION_LEASE_SECONDS="4",
        CITYLINKS_EXTRACTION_CONCURRENCY="2",
    )


def wait_until_done(client: TestClient[Any], ids: list[str], seconds: float) -> None:
    states = extractions_when_finished(client, ids, seconds)
    assert all(state["status"] == "done" for state in states), states


@pytest.mark.skipif(
    not os.environ.get("CITYLINKS_TEST_DATABASE_URL"), reason="the shared queue needs PostgreSQL"
)
def test_shared_queue_workers_survive_a_killed_worker_and_extract_each_document_once(
    settings: Settings, fake: tuple[str, FakeBehaviour]
) -> None:
    base_url, behaviour = fake
    shared = settings_for(settings, base_url, queue="shared", extraction_lease_seconds=4)
    behaviour.latency = 0.5
    with TestClient(app=create_app(shared)) as client:
        ids = [
            client.post("/documents", json={"text": one_call_article(n)}).json()["document"]["id"]
            for n in range(6)
        ]
        first = worker(shared, base_url)
        until(lambda: len(behaviour.requests) >= 2, 60, "the worker's first two calls are sent")
        first.send_signal(signal.SIGKILL)  # mid-extraction: two calls are in flight
        first.communicate()
        behaviour.latency = 0.05
        second = worker(shared, base_url)
        try:
            wait_until_done(client, ids, 90)
            job = run_job(client, {"documents": "all", "force": True}, seconds=90)
            assert (job["total"], job["done"], job["failed"]) == (6, 6, 0)
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                second.communicate(timeout=30)
            finally:
                second.kill()
    finished, calls = asyncio.run(extraction_counts(settings.database_url))
    assert all(count == 1 for count in finished.values()), finished
    assert all(count == 2 for count in calls.values()), calls  # first run + forced re-run


async def test_a_job_closes_when_its_last_items_finish_at_the_same_moment(
    database_url: str,
) -> None:
    """Two extractions finishing the last two items at once must not leave the job running."""
    from api.storage.tables import DocumentRow, ExtractionRow, JobItemRow, JobRow

    store = Store(create_engine(database_url))
    await store.create_schema()
    try:
        for round_ in range(10):
            extraction_ids = []
            for side in ("a", "b"):
                document_id = f"d{round_}{side}"
                await store.documents.add(
                    DocumentRow(
                        id=document_id, text_sha256=document_id, text="T.", source_format="text"
                    )
                )
                extraction, _ = await store.extractions.get_or_create(
                    ExtractionRow(
                        document_id=document_id,
                        cache_key="k",
                        prompt_version="p",
                        schema_version="s",
                        model="m",
                        generation={},
                        status="running",
                        attempts=1,
                    )
                )
                extraction_ids.append(extraction.id)
            job_id = f"job{round_}"
            await store.jobs.insert(
                JobRow(id=job_id, selection={}, force=False, state="running", cache_key_parts={})
            )
            await store.jobs.add_items(
                [
                    JobItemRow(
                        job_id=job_id,
                        document_id=f"d{round_}{side}",
                        extraction_id=e,
                        state="pending",
                    )
                    for side, e in zip("ab", extraction_ids, strict=True)
                ]
            )
            await asyncio.gather(
                store.extractions.finish(extraction_ids[0], {}, []),
                store.extractions.fail(extraction_ids[1], "fake failure"),
            )
            job = await store.jobs.get(job_id)
            assert job.state == "done", f"round {round_}: {job.state}"
    finally:
        await store.engine.dispose()
