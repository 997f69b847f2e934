"""Question answering and the OpenAI-compatible chat endpoint, replaying the embedded model.

The five seeds are ingested through the API (their extractions replay the seed cassettes);
the question-answering calls replay this module's own cassettes. `./run record` re-records.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from litestar.testing import TestClient

from api.evaluation.runner import SETS, load_questions, outcome
from api.http.app import create_app
from api.settings import Settings
from tests.conftest import FIXTURES, seed_text
from tests.extraction.test_extraction_recorded import recorded_model
from tests.live_server import serving
from tests.support import CASSETTES, prune_unplayed

SEEDS = ["000", "001", "002", "003", "004"]
SEED_CASSETTES = [f"seed_{seed}.yaml" for seed in SEEDS]
QUESTIONS = load_questions(FIXTURES, SETS["seeds"])
DEVSET = sorted((FIXTURES / "devset" / "docs").glob("*.txt"))
DEVSET_CASSETTES = [f"devset_{article.name[:3]}.yaml" for article in DEVSET]
DEVSET_QUESTIONS = load_questions(FIXTURES, SETS["devset"])


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES / "test_extraction_recorded")


@pytest.fixture(autouse=True)
def pruned(request: pytest.FixtureRequest) -> Iterator[None]:
    """With CITYLINKS_PRUNE_CASSETTES=1 (`./run record` sets it for a replay after recording),
    a test that passed leaves in its own cassette only the responses it played."""
    prune = os.environ.get("CITYLINKS_PRUNE_CASSETTES") == "1"
    cassette = request.getfixturevalue("vcr") if prune else None
    yield
    report = getattr(request.node, "report_call", None)
    if cassette is not None and report is not None and report.passed:
        dropped = prune_unplayed(cassette)
        print(f"{request.node.name}: {dropped} unplayed responses pruned")


def ingest_seeds(client: Any) -> dict[str, str]:
    """Submit the five seeds and wait for their (replayed) extractions; returns id -> text."""
    return ingest(client, [seed_text(seed) for seed in SEEDS])


def ingest(client: Any, articles: list[str]) -> dict[str, str]:
    """Submit the articles and wait for their (replayed) extractions; returns id -> text."""
    texts = {}
    for article in articles:
        body = client.post(
            "/documents?wait=120",
            content=article.encode(),
            headers={"content-type": "text/plain"},
        ).json()
        assert body["extraction"]["status"] == "done", body["extraction"]["error"]
        document_id = body["document"]["id"]
        texts[document_id] = client.get(f"/documents/{document_id}").json()["text"]
    return texts


def ask_all(client: Any, questions: list[dict[str, Any]], texts: dict[str, str]) -> list[str]:
    """Every question asked on its own; the citations checked; the outcome of each
    (api/evaluation/runner.py's: right, wrong, false refusal, refused, invented)."""
    outcomes = []
    for question in questions:
        response = client.post("/ask", json={"question": question["question"]})
        assert response.status_code == 200, (question["question"], response.text)
        answer = response.json()
        print(
            f"{question['kind']:<15} {answer['status']:<15} {answer['diagnostics']['seconds']:>6}s "
            f"{question['question']} -> {answer['answer']} {[c['text'][:40] for c in answer['citations']]}"
        )
        check_citations(answer, texts)
        if answer["status"] == "not_in_sources":
            assert answer["citations"] == []
        outcomes.append(outcome(question, answer))
    return outcomes


def check_citations(answer: dict[str, Any], texts: dict[str, str]) -> None:
    for citation in answer["citations"]:
        assert (
            texts[citation["document_id"]][citation["start"] : citation["end"]] == citation["text"]
        )
        assert f"[{citation['n']}]" in (answer.get("answer") or answer.get("content"))


@pytest.mark.vcr(*SEED_CASSETTES)
def test_gold_questions_are_answered_with_checked_citations_or_refused(settings: Settings) -> None:
    with TestClient(app=create_app(settings, model=recorded_model())) as client:
        outcomes = ask_all(client, QUESTIONS, ingest_seeds(client))
    assert "invented" not in outcomes, outcomes
    # Measured when recorded; a change that loses correct answers fails here.
    assert outcomes.count("right") >= MIN_CORRECT, outcomes


# 10 of 14 answerable (7 since the re-recording on llama-server with api/model/grammar.py;
# 2 since the answer checks read a cited sentence with the rest of its article and cite the
# passage that holds the answer's words; 1 since the visit an origin question means is told
# by the words few visits share; 1 since an occasion is given with its preposition, "2016,
# im Rahmen der Hannover-Messe"). Recorded again 2026-12-02 with those rules. 12 since the
# subject of a joining verb joins ("Köln tritt ... bei": the cross-article "which joined, and
# when" names Köln; 2026-12-06); 13 since a ceremony the article dates on the day of a
# joining is its occasion ("Wann und wo trat Kaiserslautern ... bei?" from the facts).
MIN_CORRECT = 13


@pytest.mark.vcr(*DEVSET_CASSETTES)
def test_devset_questions_are_answered_with_checked_citations_or_refused(
    settings: Settings,
) -> None:
    """The 75 questions about the 24 real articles of fixtures/devset, all stored at once."""
    articles = [article.read_text(encoding="utf-8") for article in DEVSET]
    # Replayed, 75 questions come faster than a person asks them: no rate limit here.
    unlimited = settings.model_copy(update={"questions_per_minute": 10_000})
    with TestClient(app=create_app(unlimited, model=recorded_model())) as client:
        outcomes = ask_all(client, DEVSET_QUESTIONS, ingest(client, articles))
    # Measured when recorded (./run eval lists every miss); a change that loses right
    # answers or refuses an unanswerable question less often fails here.
    assert outcomes.count("right") >= MIN_CORRECT_DEVSET, outcomes
    assert outcomes.count("refused") >= MIN_REFUSED_DEVSET, outcomes


# Recorded 2026-12-02: 12 of 63 answerable right (28 wrong, 23 refused), 9 of 12
# unanswerable refused (3 invented); 17 right (30 wrong, 16 refused) on the same recording
# since an answer may quote the sentence that states it; 19 since the verification rules of
# 2026-12-02 (4) and the scorer reading a number word as its number ("Neun Tage" is "9 Tage");
# 20 since the visit rules of 2026-12-02 (5). All 12 unanswerable refused since an answer
# must name the kind of thing asked for (a town, not only its country; someone, for "who")
# and its names must come from an article about the question's places (2026-12-02 (6)).
# 23 since a visit's date, length, size and leaders are answered from its fact, also for a
# question of two parts, a place the gazetteer does not know is one the facts name, and since
# when two places are twinned is read off the merged partnerships (2026-12-03; the Nairobi
# article's requests recorded again after "HE." stopped ending its sentences), 22 of them
# right when the judge wants each gold name to start a word of the answer ("He" was found in
# "the"). 27 since search translates the question's words into the other language and
# searches the articles naming its towns first, and a passage cited by code that holds every
# name of the answer is read with its article (2026-12-03 (3); the question cassettes
# recorded again). 29 since a question that asks two things has the parts its answer leaves
# out asked one at a time (2026-12-04 (2)); 30 since a partnership "with" a town is read in
# passing (2026-12-07). 35 on the same recording since the judge takes what the question
# gives as said ("Which Nairobi leader?" is answered by "Governor Evans Kidero"; 2026-12-07
# (2)); 36 since a partner picked by its order ("eine zweite Städtepartnerschaft") is the one a
# sentence calls so. The targets of issue 15 are 75 % and 100 %.
MIN_CORRECT_DEVSET = 36
MIN_REFUSED_DEVSET = 12


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    with serving(create_app(settings, model=recorded_model())) as url:
        yield url


@pytest.mark.vcr(*SEED_CASSETTES)
def test_openai_sdk_holds_a_two_turn_conversation(server: str) -> None:
    import httpx

    with httpx.Client(base_url=server, timeout=120) as http:
        texts = ingest_seeds(http)
    client = openai.OpenAI(base_url=f"{server}/v1", api_key="unused", max_retries=0)
    assert [model.id for model in client.models.list()] == ["citylinks", "citylinks-with-sources"]
    history = [{"role": "user", "content": "Wer leitete die Delegation aus Nottingham?"}]
    first = client.chat.completions.create(model="citylinks", messages=history)  # type: ignore[arg-type]
    reply = first.choices[0].message.content or ""
    citations = first.model_extra["citations"] if first.model_extra else []
    check_citations({"content": reply, "citations": citations}, texts)
    history += [
        {"role": "assistant", "content": reply},
        {"role": "user", "content": "Und wann war das?"},
    ]
    stream = client.chat.completions.create(model="citylinks", messages=history, stream=True)  # type: ignore[arg-type]
    chunks = list(stream)
    content = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    assert chunks[-1].choices[0].finish_reason == "stop"
    final = chunks[-1].model_extra or {}
    assert "citations" in final
    check_citations({"content": content, "citations": final["citations"]}, texts)
