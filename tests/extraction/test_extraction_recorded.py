"""The extraction pipeline on the five seed articles, replaying responses recorded from the embedded model.

Re-record with `./run record` (starts the embedded model server and rewrites tests/cassettes).
Each seed has one cassette, `seed_NNN.yaml`; the other tests here and the evaluation command
(`python -m api.evaluation.runner --mode recorded`) replay those same cassettes.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from litestar.testing import TestClient

from api.extraction.extractor import Extractor
from api.http.app import create_app
from api.language.text import normalize_text, split_sentences
from api.model.client import CallRecord, ModelClient
from api.model.prompts import load_prompts
from api.settings import Settings
from schemas.contract import ExtractionResult
from tests.conftest import FIXTURES, seed_text

SEEDS = ["000", "001", "002", "003", "004"]
DEVSET = sorted(path.name[:3] for path in (FIXTURES / "devset" / "docs").glob("*.txt"))
# Where the embedded server listens while recording; replay matches on path and body only.
RECORD_BASE_URL = os.environ.get("CITYLINKS_RECORD_BASE_URL", "http://127.0.0.1:8099/v1")


@pytest.fixture
def default_cassette_name(request: pytest.FixtureRequest) -> str:
    """One cassette per seed article, whichever test replays it."""
    callspec = getattr(request.node, "callspec", None)
    if callspec and "article" in callspec.params:
        return f"devset_{callspec.params['article']}"
    return f"seed_{callspec.params['seed']}" if callspec else str(request.node.name)


def recorded_model() -> ModelClient:
    return ModelClient(Settings(), RECORD_BASE_URL, "gbnf")


async def extract(seed: str) -> tuple[str, ExtractionResult, list[CallRecord]]:
    return await extract_text(seed_text(seed))


async def extract_text(article: str) -> tuple[str, ExtractionResult, list[CallRecord]]:
    calls: list[CallRecord] = []

    async def log(record: CallRecord) -> None:
        calls.append(record)

    text = normalize_text(article)
    model = recorded_model()
    try:
        result = await Extractor(model, load_prompts()).extract(text, None, log)
    finally:
        await model.close()
    return text, result, calls


def items(result: ExtractionResult) -> list[Any]:
    return [*result.partnerships, *result.visits, *result.alliances]


def names(places: list[Any]) -> set[str]:
    return {place.name for place in places if place is not None}


def assert_grounded(text: str, result: ExtractionResult, calls: list[CallRecord]) -> None:
    """Every span is the text's own and none stands in boilerplate; every call succeeded."""
    assert all(call.outcome == "ok" for call in calls)
    boilerplate = [s for s in split_sentences(text) if s.boilerplate]
    for item in items(result):
        assert item.evidence, item
        for span in item.evidence:
            assert text[span.start : span.end] == span.text
            assert not any(s.start <= span.start < s.end for s in boilerplate), span.text
    assert result.diagnostics.model_calls == len(calls)


@pytest.mark.vcr
@pytest.mark.parametrize("seed", SEEDS)
async def test_seed_extraction_is_grounded(seed: str) -> None:
    text, result, calls = await extract(seed)
    # A task whose kind of fact no sentence mentions is not asked at all.
    assert calls
    assert_grounded(text, result, calls)
    assert result.diagnostics.prompt_tokens > 0


@pytest.mark.vcr
@pytest.mark.parametrize("article", DEVSET)
async def test_devset_extraction_is_grounded(article: str) -> None:
    """The real articles of fixtures/devset, one cassette each (devset_<prefix>.yaml)."""
    path = next((FIXTURES / "devset" / "docs").glob(f"{article}_*.txt"))
    text, result, calls = await extract_text(path.read_text(encoding="utf-8"))
    assert_grounded(text, result, calls)


@pytest.mark.vcr("seed_000.yaml")
async def test_seed_000_visit_from_nottingham_to_karlsruhe() -> None:
    _, result, _ = await extract("000")
    visit = next(v for v in result.visits if v.from_place and v.from_place.name == "Nottingham")
    assert visit.host_place is not None and visit.host_place.name == "Karlsruhe"
    assert {"John Collins", "Ian Curryer"} <= {leader.name for leader in visit.leaders}
    # The date as the text writes it (the recording's answer names "dieses Jahres"; the
    # article also says "im Oktober"), the duration read from the text by code.
    assert visit.date_text in ("im Oktober", "dieses Jahres") and visit.duration_days == 3


@pytest.mark.vcr("seed_003.yaml")
async def test_seed_003_visit_sentences_the_first_answer_left_out_are_asked_about() -> None:
    _, result, calls = await extract("003")
    routes = {
        (v.from_place.name, v.host_place.name)
        for v in result.visits
        if v.from_place and v.host_place
    }
    # The delegations from Singapore and Korea to the Ruhr region, each from its own
    # sentences. (Recorded on llama-server, the first answer also cites the sentence on the
    # Canadian visitors for Korea's visit, so it is not asked about on its own: the devset
    # note in bench/README.md names this loss.)
    assert {("Singapur", "Metropole Ruhr"), ("Korea", "Metropole Ruhr")} <= routes
    assert len(calls) >= 3
    korea = next(v for v in result.visits if v.from_place and v.from_place.name == "Korea")
    assert any(span.text.startswith("Eine Delegation aus Korea") for span in korea.evidence)


@pytest.mark.vcr("seed_002.yaml")
async def test_seed_002_adverts_yield_no_visits() -> None:
    text, result, _ = await extract("002")
    advert_start = text.index("Ausgehen & Genießen")
    for item in items(result):
        assert all(span.end <= advert_start for span in item.evidence)
    assert all("Burgschänke" not in span.text for v in result.visits for span in v.evidence)


@pytest.mark.vcr("seed_000.yaml")
def test_seed_000_through_the_http_api(settings: Settings) -> None:
    article = seed_text("000")
    with TestClient(app=create_app(settings, model=recorded_model())) as client:
        first = client.post(
            "/documents?wait=60", content=article.encode(), headers={"content-type": "text/plain"}
        )
        assert first.status_code == 200, first.text
        body = first.json()
        assert body["extraction"]["status"] == "done", body["extraction"]["error"]
        visits = client.get("/visits?place=Karlsruhe").json()["items"]
        assert any(v["from_place"]["name"] == "Nottingham" for v in visits)
        again = client.post(
            "/documents", content=article.encode(), headers={"content-type": "text/plain"}
        )
        assert again.json()["document"]["id"] == body["document"]["id"]
        assert again.json()["extraction"]["result"] == body["extraction"]["result"]
