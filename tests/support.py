"""What several test modules need: waiting for a condition, the API calls they all make,
factories of verifiers and model mentions for the verification tests, and the tables of
written cases that stand beside the test modules.

Every wait here polls with a deadline and says, when it gives up, what it was waiting for
and what it saw last: a test that waits never hangs and never fails in silence.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from litestar.testing import TestClient

from api.extraction.verify import Verifier
from api.language.text import split_sentences
from api.settings import Settings
from schemas.contract import Place
from schemas.llm import AllianceMention, PartnershipMention
from tests.fake_llm_server import one_call_article

Seen = TypeVar("Seen")
Test = TypeVar("Test", bound=Callable[..., None])
# Recorded model answers, one folder per test module (named as the module), wherever the
# module stands: the evaluation command and the benchmarks replay the same folders.
CASSETTES = Path(__file__).resolve().parent / "cassettes"
FINISHED_EXTRACTION = ("done", "failed")
FINISHED_JOB = ("done", "cancelled")


def eventually(
    look: Callable[[], Seen],
    holds: Callable[[Seen], bool],
    seconds: float,
    what: str,
    meanwhile: Callable[[], None] | None = None,
    interval: float = 0.05,
) -> Seen:
    """Look until what is seen holds (calling `meanwhile` between looks); what was seen."""
    deadline = time.monotonic() + seconds
    while True:
        seen = look()
        if holds(seen):
            return seen
        if time.monotonic() >= deadline:
            raise AssertionError(f"not within {seconds} s: {what}; last seen: {seen}")
        if meanwhile is not None:
            meanwhile()
        time.sleep(interval)


def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    eventually(condition, bool, seconds, what)


class WrittenCases:
    """The tables of written cases beside a test module (`test_x.py` reads `test_x.yaml`).

    A table is named as the test it feeds and holds a row a case, its values in the order of
    the test's parameters (a test of one parameter has a value a row, never a list). The
    sentences and their expected readings are data that a linguist can add to without
    reading Python.
    """

    def __init__(self, test_file: str) -> None:
        self.path = Path(test_file).with_suffix(".yaml")
        self.tables: dict[str, list[Any]] = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        self.read: set[str] = set()

    def __call__(self, parameters: str) -> Callable[[Test], Test]:
        """A decorator: the test runs once a row of the table named as the test."""

        def parametrized(test: Test) -> Test:
            rows = self.tables[test.__name__]
            self.read.add(test.__name__)
            marked: Test = pytest.mark.parametrize(parameters, [_case(row) for row in rows])(test)
            return marked

        return parametrized

    def unread(self) -> set[str]:
        """The tables no test of the module reads: cases that would never run."""
        return set(self.tables) - self.read


def _case(row: Any) -> Any:
    """A row as pytest takes it: several values a tuple. YAML has no tuples, so a list inside
    a value's list (a pair among pairs) is read as one."""
    if not isinstance(row, list):
        return row
    return tuple(
        [tuple(item) if isinstance(item, list) else item for item in value]
        if isinstance(value, list)
        else value
        for value in row
    )


def settings_for(settings: Settings, base_url: str, **changes: Any) -> Settings:
    """The test settings with the model at `base_url` (a fake model server) and `changes`."""
    return settings.model_copy(update={"llm_base_url": base_url} | changes)


def submit(client: TestClient[Any], number: int, wait: float = 0) -> str:
    """Submit the fake server's article `number` (one model call each); its document id."""
    response = client.post(f"/documents?wait={wait}", json={"text": one_call_article(number)})
    assert response.status_code in (200, 202), response.text
    document_id: str = response.json()["document"]["id"]
    return document_id


def extraction(client: TestClient[Any], document_id: str) -> dict[str, Any]:
    response = client.get(f"/documents/{document_id}/extraction")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def extractions_when_finished(
    client: TestClient[Any],
    document_ids: list[str],
    seconds: float = 30,
    meanwhile: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """The extractions once each is done or failed."""
    return eventually(
        lambda: [extraction(client, document_id) for document_id in document_ids],
        lambda states: all(state["status"] in FINISHED_EXTRACTION for state in states),
        seconds,
        f"the extractions of {document_ids} finish",
        meanwhile,
    )


def job_when_finished(
    client: TestClient[Any],
    job_id: str,
    seconds: float = 60,
    meanwhile: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """The job once it is done or cancelled."""
    job: dict[str, Any] = eventually(
        lambda: client.get(f"/jobs/{job_id}").json(),
        lambda job: job["state"] in FINISHED_JOB,
        seconds,
        f"job {job_id} finishes",
        meanwhile,
    )
    return job


# Factories for the verification tests: a verifier of a text written for the test, and the
# model's mentions with every field the test does not care about left empty.


def verifier_of(text: str, home: Place | None = None) -> Verifier:
    """A verifier of every sentence of `text`, published on no known date."""
    return Verifier(text, split_sentences(text), None, home)


def partnership_mention(**given: Any) -> PartnershipMention:
    fields: dict[str, Any] = {"sentences": [0], "place_a": "", "place_b": "", "kind": "twinning"}
    fields |= {"status": "existing", "since": "", "topics": []}
    return PartnershipMention(**fields | given)


def alliance_mention(**given: Any) -> AllianceMention:
    fields: dict[str, Any] = {"sentences": [0], "name": "", "founded_text": ""}
    fields |= {"founding_event": "", "members": [], "joined": []}
    return AllianceMention(**fields | given)


def prune_unplayed(cassette: Any) -> int:
    """Rewrite a replayed cassette's own file with only the responses this replay played.

    Recording with vcrpy's new_episodes keeps every response no request asks for any more, so
    a cassette re-recorded often grows without end. pytest-recording loads the test's own
    cassette first and its extra cassettes after it (`CombinedPersister`): the first
    interactions of the cassette are its file's, in order. Returns how many were dropped."""
    from vcr.serializers import yamlserializer

    path = Path(cassette._path)
    data = yamlserializer.deserialize(path.read_text(encoding="utf-8"))
    interactions = data["interactions"]
    played = [
        interaction
        for index, interaction in enumerate(interactions)
        if cassette.play_counts[index] > 0
    ]
    if len(played) < len(interactions):
        path.write_text(yamlserializer.serialize({**data, "interactions": played}), "utf-8")
    return len(interactions) - len(played)
