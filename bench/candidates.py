"""Experiment for issue 5: visits chosen from code-proposed candidates, against the service's call.

    python bench/candidates.py            # the embedded model; about 5 minutes on 2 cores

The service asks the model to write each visit out (places, organisation, date words, leaders,
topics) over the whole article. This experiment asks one smaller question: code shows only the
sentences with a visit word (and the sentence before each, for context) and proposes the places
of the article that the gazetteer knows; the model answers with sentence numbers, an origin and
a host chosen from those places (a JSON-schema enum, so it cannot write anything else) and the
leaders' names. Dates come from the cited sentences by code. The same verification as the
service's (api/extraction/verify.py) then keeps what the text states, and the visits are scored against the
seed gold as `./run eval` scores them. The figures are compared with the service's own visits
call on the same seeds, taken from the recorded responses (tests/cassettes/).

This is an experiment, not the pipeline: nothing in api/ uses it.
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
from pydantic import BaseModel, Field, create_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.evaluation.runner import load_cases
from api.evaluation.scoring import TypeScore, score_document
from api.extraction.extractor import merge_visits, select_pieces
from api.extraction.verify import Verifier, verify_visit
from api.language import dates
from api.language.lexicon import STOPWORDS, has_trigger
from api.language.places import names_by_demonym, resolve_place, vocabulary
from api.language.text import Sentence, split_sentences
from api.model.client import CallRecord, ModelClient
from api.runtime import start_model
from api.settings import Settings
from schemas.llm import LeaderMention, ModelFacing, VisitMention

ROOT = Path(__file__).resolve().parent.parent
SYSTEM = (
    "You read numbered sentences of a news article and list the visits of delegations or "
    "officials that they report: where the visitors came from and where they went. Choose "
    "both places from the allowed values only; use an empty string when the sentences do not "
    "say. Visitors from different places are different visits. leaders are the people who led "
    "the travelling group, written as in the article, never their hosts. Answer in JSON."
)
COUNTRIES = list(dict.fromkeys(vocabulary()["demonyms"].values()))
CAPITALISED_RUN = re.compile(r"[A-ZÄÖÜ][\w\-’'.]*(?:\s+[A-ZÄÖÜ][\w\-’'.]*){0,2}")


def places_in(sentence: str) -> list[str]:
    """Names of places as the sentence writes them ("Fächerstadt" too: verification looks for
    the written name); capitalised function words ("Die" is also a town in France) are not."""
    found: list[str] = []
    for run in CAPITALISED_RUN.findall(sentence):
        words = [word for word in run.rstrip(".").split() if word.lower() not in STOPWORDS]
        for size in range(min(len(words), 3), 0, -1):
            for start in range(len(words) - size + 1):
                name = " ".join(words[start : start + size])
                place = resolve_place(name)
                if place is not None and place.kind != "other" and name not in found:
                    found.append(name)
    # Countries named by their adjective ("Vertreter kanadischer Unternehmen").
    found += [country for country in COUNTRIES if names_by_demonym(sentence, country)]
    return list(dict.fromkeys(found))


def choice_model(places: list[str]) -> type[ModelFacing]:
    """The answer schema: origins and hosts limited to the proposed places."""
    allowed = Literal[tuple([*places, ""])]  # type: ignore[valid-type]
    visit = create_model(
        "VisitChoice",
        sentences=(list[int], Field(max_length=3, description="Numbers [n] stating the visit.")),
        from_place=(allowed, Field(description="Where the visitors came from.")),
        host_place=(allowed, Field(description="Where they went.")),
        leaders=(list[str], Field(max_length=3, description="Who led the visitors.")),
        __base__=BaseModel,
    )

    class VisitChoices(ModelFacing):
        task: ClassVar[str] = "visits"
        visits: list[visit] = Field(max_length=6)  # type: ignore[valid-type]

    return VisitChoices


def shown_for_visits(prose: list[Sentence]) -> list[Sentence]:
    """Sentences with a visit word, each with the sentence before it."""
    keep: set[int] = set()
    for position, sentence in enumerate(prose):
        if has_trigger(sentence.text, "visit"):
            keep.update({position, max(0, position - 1)})
    return [prose[position] for position in sorted(keep)]


def first_date(verifier: Verifier, numbers: list[int]) -> str:
    for number in numbers:
        if number in verifier.shown:
            expressions = dates.find_date_expressions(verifier.shown[number].text)
            if expressions:
                return expressions[0]
    return ""


async def visits_by_choice(model: ModelClient, text: str) -> tuple[list[dict[str, Any]], float]:
    sentences = split_sentences(text)
    prose = [s for piece in select_pieces(sentences) for s in piece]
    shown = shown_for_visits(prose)
    if not shown:
        return [], 0.0
    places = list(dict.fromkeys(name for s in prose for name in places_in(s.text)))
    numbered = "\n".join(f"[{s.index}] {s.text}" for s in shown)
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Article:\n{numbered}\n\nList the visits."},
    ]
    calls: list[CallRecord] = []

    async def log(record: CallRecord) -> None:
        calls.append(record)

    started = time.monotonic()
    answer, _, _ = await model.complete(messages, choice_model(places), log)
    seconds = time.monotonic() - started
    verifier = Verifier(text, prose, None)
    kept = []
    print(f"  model: {answer.model_dump_json()}", file=sys.stderr)
    for choice in answer.visits:  # type: ignore[attr-defined]
        mention = VisitMention(
            sentences=choice.sentences,
            from_place=choice.from_place,
            from_organisation="",
            host_place=choice.host_place,
            date_text=first_date(verifier, choice.sentences),
            leaders=[LeaderMention(name=name, role="") for name in choice.leaders],
            topics=[],
        )
        visit = verify_visit(verifier, mention)
        if visit is not None:
            kept.append(visit)
    visits = [visit.model_dump(mode="json") for visit in merge_visits(kept)]
    print(
        f"{len(shown)} sentences, {len(places)} places, {seconds:.1f} s, "
        f"{sum(c.completion_tokens for c in calls)} completion tokens: "
        f"{[route(visit) for visit in visits]}",
        file=sys.stderr,
    )
    return visits, seconds


def route(visit: dict[str, Any]) -> str:
    origin = (visit["from_place"] or {}).get("name") or visit["from_organisation"]
    return f"{origin} -> {(visit['host_place'] or {}).get('name')}"


def recorded_visits_seconds() -> dict[str, float]:
    """Seconds of the service's visits call per seed, from its recorded response."""
    seconds = {}
    for cassette in sorted((ROOT / "tests/cassettes/test_extraction_recorded").glob("seed_*")):
        for interaction in yaml.safe_load(cassette.read_text())["interactions"]:
            body = json.loads(interaction["request"]["body"])
            if "list the visits" in body["messages"][-1]["content"]:
                ms = interaction["response"]["headers"]["openai-processing-ms"][0]
                seconds[cassette.stem[-3:]] = float(ms) / 1000
    return seconds


async def main() -> None:
    model, server = await start_model(Settings())
    score = TypeScore()
    seconds: dict[str, float] = {}
    try:
        # The first call of a fresh server also reads the system prompt; warm it untimed.
        await visits_by_choice(model, "Eine Delegation aus Lyon besuchte Ulm.")  # type: ignore[arg-type]
        for case in load_cases(ROOT / "fixtures"):
            visits, seconds[case.name[:3]] = await visits_by_choice(model, case.text)  # type: ignore[arg-type]
            score_document("visits", visits, case.gold["visits"], case.text, case.name, score)
    finally:
        await model.close()
        if server is not None:
            await server.stop()
    recorded = recorded_visits_seconds()
    print(
        json.dumps(
            {
                "visits": score.summary(),
                "seconds_per_seed": seconds,
                "median_seconds": round(statistics.median(seconds.values()), 1),
                "service_visits_call_seconds_recorded": recorded,
                "not_in_gold": [route(h["item"]) for h in score.hallucinations],
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
