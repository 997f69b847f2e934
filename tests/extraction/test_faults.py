"""Fault injection: a FAKE OpenAI-compatible server on loopback fails as told; the service holds.

Every fault must end in a bounded number of model calls (`llm_max_attempts`) and a `failed`
extraction whose error names the cause. Nothing is lost meanwhile: the document stays
readable, another document's finished extraction stays `done` with its facts served, and
reads answer 200 while the model fails or hangs. Once the fake behaves, a retry succeeds.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar.testing import TestClient

from api.http.app import create_app
from api.settings import Settings
from tests import support
from tests.fake_llm_server import FakeBehaviour, FakeLLMServer, Fault
from tests.support import (
    extraction,
    extractions_when_finished,
    job_when_finished,
    submit,
    until,
)

ATTEMPTS = 3
TIMEOUT_SECONDS = 5.0  # generous on a busy machine; the timeout test sets its own
BACKOFF_SECONDS = 0.05  # doubling: 0.05 s, then 0.1 s
# Article 0 gets a real answer (below) and stays finished while the others fail.
GROUNDED_ANSWER = json.dumps(
    {
        "partnerships": [
            {
                "sentences": [0],
                "place_a": "Aachen",
                "place_b": "Lyon",
                "kind": "twinning",
                "status": "existing",
                "since": "seit 1900",
                "topics": [],
            }
        ]
    }
)
# Each fault, every time, and the words the extraction's error must hold.
FAULTS = {
    "http_500": (Fault(status=500), "HTTP 500"),
    "always_429": (Fault(status=429, retry_after=0.3), "HTTP 429"),
    "invalid_json": (
        Fault(status=200, content='{"partnerships": [{"place_a": }'),
        "reply is not JSON",
    ),
    "schema_mismatch": (
        Fault(status=200, content='{"partnerships": [{"place_a": 42}]}'),
        "does not fit the schema",
    ),
    "cut_off": (
        Fault(
            status=200, content='{"partnerships": [{"sentences": [0], "pla', finish_reason="length"
        ),
        "cut off at the token limit",
    ),
}


@pytest.fixture
def fake() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer(FakeBehaviour())
    try:
        yield server
    finally:
        server.stop(abruptly=True)  # replies still held back would only delay the next test


def settings_for(settings: Settings, fake: FakeLLMServer, **changes: Any) -> Settings:
    limits = {
        "llm_timeout_seconds": TIMEOUT_SECONDS,
        "llm_max_attempts": ATTEMPTS,
        "llm_backoff_seconds": BACKOFF_SECONDS,
    }
    return support.settings_for(settings, fake.base_url, **(limits | changes))


def submit_grounded(client: TestClient[Any], behaviour: FakeBehaviour) -> str:
    """Article 0, extracted with one partnership: the finished work no fault may touch."""
    behaviour.script = [Fault(status=200, content=GROUNDED_ANSWER)]
    document_id = submit(client, 0, wait=30)
    assert_finished_work_served(client, document_id)
    return document_id


def assert_finished_work_served(client: TestClient[Any], grounded_id: str) -> None:
    finished = extraction(client, grounded_id)
    assert finished["status"] == "done" and finished["result_is_current"], finished
    assert len(finished["result"]["partnerships"]) == 1
    partnerships = client.get("/partnerships?place=Aachen")
    assert partnerships.status_code == 200, partnerships.text
    assert [item["document_id"] for item in partnerships.json()["items"]] == [grounded_id]


def assert_reads_served(
    client: TestClient[Any], document_ids: list[str], grounded_id: str, within: float = 3.0
) -> None:
    """Every read answers 200 within `within` seconds, whatever the model is doing."""
    started = time.monotonic()
    for document_id in document_ids:
        document = client.get(f"/documents/{document_id}")
        assert document.status_code == 200 and document.json()["id"] == document_id
    listed = client.get("/documents?limit=500")
    assert listed.status_code == 200, listed.text
    assert set(document_ids) <= {item["id"] for item in listed.json()["items"]}
    assert_finished_work_served(client, grounded_id)
    assert time.monotonic() - started < within, "reads waited for the model"


def wait_until_finished(
    client: TestClient[Any], document_ids: list[str], grounded_id: str, seconds: float = 30
) -> list[dict[str, Any]]:
    """Poll the extractions, reading everything else meanwhile; their final states."""
    return extractions_when_finished(
        client,
        document_ids,
        seconds,
        lambda: assert_reads_served(client, document_ids, grounded_id),
    )


def assert_failed_with(state: dict[str, Any], cause: str, attempts: int = ATTEMPTS) -> None:
    assert state["status"] == "failed", state
    assert cause in (state["error"] or ""), state["error"]
    assert f"after {attempts} attempts" in state["error"], state["error"]
    # Calls of this extraction's earlier, successful runs (forced again) stay in its log.
    failures = [call["outcome"] for call in state["model_calls"] if call["outcome"] != "ok"]
    assert len(failures) == attempts, state["model_calls"]
    assert state["model_calls"][-1]["outcome"] != "ok"


def retry_succeeds(client: TestClient[Any], document_id: str, grounded_id: str) -> None:
    response = client.post(f"/documents/{document_id}/extraction")
    assert response.status_code == 202, response.text
    assert response.json()["status"] in ("pending", "running", "done")
    [state] = wait_until_finished(client, [document_id], grounded_id)
    assert state["status"] == "done" and state["result_is_current"], state
    assert state["error"] is None


@dataclass
class App:
    """The service on the test's own database, talking to the running fake model server,
    with one document already extracted (`grounded_id`) whose reads must keep being served."""

    client: TestClient[Any]
    behaviour: FakeBehaviour
    fake: FakeLLMServer
    grounded_id: str


@pytest.fixture
def app(settings: Settings, fake: FakeLLMServer) -> Iterator[App]:
    fake.start()
    with TestClient(app=create_app(settings_for(settings, fake))) as client:
        yield App(client, fake.behaviour, fake, submit_grounded(client, fake.behaviour))


@pytest.mark.parametrize("fault_name", list(FAULTS))
def test_a_failing_model_ends_in_a_recorded_failure_after_bounded_attempts(
    app: App, fault_name: str
) -> None:
    fault, cause = FAULTS[fault_name]
    client, behaviour, grounded_id = app.client, app.behaviour, app.grounded_id
    behaviour.always = fault
    before = len(behaviour.requests)
    document_id = submit(client, 1)
    [state] = wait_until_finished(client, [document_id], grounded_id)
    assert_failed_with(state, cause)
    arrivals = behaviour.requests[before:]
    assert len(arrivals) == ATTEMPTS, "each attempt reached the server once, no more"
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    if fault.retry_after is not None:
        assert min(gaps) >= fault.retry_after, gaps
    elif fault.status >= 500:
        assert gaps[0] >= BACKOFF_SECONDS and gaps[1] >= 2 * BACKOFF_SECONDS, gaps
    time.sleep(0.3)
    assert len(behaviour.requests) == before + ATTEMPTS, "nothing retries in the background"
    behaviour.always = None
    retry_succeeds(client, document_id, grounded_id)


def test_a_model_slower_than_the_timeout_fails_after_bounded_attempts_and_reads_go_on(
    settings: Settings, fake: FakeLLMServer
) -> None:
    # Long hangs, so that reads stuck behind one (a blocked event loop, a held lock) would
    # show: each round of reads must take less than half of one.
    hang, attempts = 2.0, 2
    changes = {"llm_timeout_seconds": hang, "llm_max_attempts": attempts}
    behaviour = fake.behaviour
    fake.start()
    with TestClient(app=create_app(settings_for(settings, fake, **changes))) as client:
        grounded_id = submit_grounded(client, behaviour)
        behaviour.always = Fault(status=200, delay=hang * 5)
        before = len(behaviour.requests)
        document_id = submit(client, 1)
        reads_while_hanging = 0
        deadline = time.monotonic() + 30
        while extraction(client, document_id)["status"] in ("pending", "running"):
            assert_reads_served(client, [document_id], grounded_id, within=hang / 2)
            reads_while_hanging += 1
            assert time.monotonic() < deadline, "the extraction hangs"
            time.sleep(0.05)
        assert reads_while_hanging >= 5, "reads were served while the model hung"
        assert_failed_with(extraction(client, document_id), "timed out", attempts)
        assert len(behaviour.requests) == before + attempts
        behaviour.always = None
        retry_succeeds(client, document_id, grounded_id)


def test_an_unreachable_model_fails_with_a_connection_error_then_retry_succeeds(app: App) -> None:
    client, grounded_id = app.client, app.grounded_id
    fake = app.fake
    fake.stop()  # nothing listens on the port now: every connection is refused
    document_id = submit(client, 1)
    [state] = wait_until_finished(client, [document_id], grounded_id)
    assert_failed_with(state, "unreachable")
    fake.start()
    before = len(fake.behaviour.requests)
    retry_succeeds(client, document_id, grounded_id)
    assert len(fake.behaviour.requests) == before + 1


def test_a_rate_limit_is_retried_after_the_stated_delay_and_then_succeeds(app: App) -> None:
    client, behaviour, grounded_id = app.client, app.behaviour, app.grounded_id
    behaviour.script = [Fault(status=429, retry_after=1.0)]
    before = len(behaviour.requests)
    document_id = submit(client, 1)
    [state] = wait_until_finished(client, [document_id], grounded_id)
    assert state["status"] == "done", state
    outcomes = [call["outcome"] for call in state["model_calls"]]
    assert outcomes == ["retryable_error", "ok"]
    first, second = behaviour.requests[before:]
    assert second - first >= 1.0


def wait_for_job(client: TestClient[Any], job_id: str, ids: list[str], grounded_id: str) -> Any:
    """The job once it is no longer running; reads are checked on every poll meanwhile."""
    return job_when_finished(
        client, job_id, 30, lambda: assert_reads_served(client, ids, grounded_id)
    )


def test_a_server_dying_mid_job_fails_its_documents_and_the_job_still_finishes(app: App) -> None:
    client, behaviour, grounded_id = app.client, app.behaviour, app.grounded_id
    fake = app.fake
    ids = [submit(client, number, wait=30) for number in (1, 2, 3)]
    assert all(extraction(client, i)["status"] == "done" for i in ids)
    behaviour.latency = 1.0  # the second document's request is in flight when it dies
    before = len(behaviour.requests)
    response = client.post("/jobs/reextract", json={"document_ids": ids, "force": True})
    assert response.status_code == 202, response.text
    until(lambda: len(behaviour.requests) >= before + 2, 30, "the second request is sent")
    fake.stop(abruptly=True)
    job = wait_for_job(client, response.json()["id"], ids, grounded_id)
    assert (job["state"], job["total"], job["done"], job["failed"]) == ("done", 3, 1, 2)
    assert len(behaviour.requests) == before + 2, "a dead server received nothing more"
    failed = [failure["document_id"] for failure in job["failures"]]
    for failure in job["failures"]:
        assert "unreachable" in failure["error"], failure
    for document_id in failed:
        state = extraction(client, document_id)
        assert_failed_with(state, "unreachable")
        assert state["result"] is not None, "the previous result stays readable"
    behaviour.latency = 0.0
    fake.start()
    retry_succeeds(client, failed[0], grounded_id)
    again = client.post("/jobs/reextract", json={"documents": "failed"}).json()
    rerun = wait_for_job(client, again["id"], ids, grounded_id)
    assert (rerun["total"], rerun["done"], rerun["failed"]) == (1, 1, 0)
    assert all(extraction(client, i)["status"] == "done" for i in ids)
