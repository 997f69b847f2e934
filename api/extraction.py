"""Extraction pipeline: sentences -> candidate sentences -> three focused model calls -> verified facts."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from api.llm import CallLogger, StructuredModel
from api.names import fold
from api.prompts import PromptSet, number_sentences
from api.text import Sentence, split_sentences
from api.verify import (
    TRIGGERS,
    Verifier,
    acronyms,
    has_trigger,
    verify_alliance,
    verify_partnership,
    verify_visit,
)
from schemas.contract import (
    Alliance,
    Diagnostics,
    ExtractionResult,
    FactType,
    Partnership,
    Span,
    Visit,
)
from schemas.llm import AllianceAnswer, PartnershipAnswer, VisitAnswer

# Below this many characters of prose the whole article is shown; above it only the sentences
# around words that signal a relation, which keeps prompts (and seconds) small on long pages.
FULL_ARTICLE_CHARS = 2400
# The prompt must leave room for the answer in the context window: at most this much text.
MAX_SHOWN_CHARS = 6000
Answer = TypeVar("Answer", PartnershipAnswer, VisitAnswer, AllianceAnswer)
Mention = TypeVar("Mention")
Fact = TypeVar("Fact")
FACT_TYPE: dict[str, FactType] = {
    "partnerships": "partnership",
    "visits": "visit",
    "alliances": "alliance",
}


@dataclass(frozen=True)
class Usage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


def select_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences the model sees: prose only; near relation words when the article is long."""
    # Scraped pages repeat their headline; the model needs to see it once.
    unique = {sentence.text: sentence for sentence in reversed(sentences)}
    prose = [s for s in sentences if not s.boilerplate and unique[s.text] is s]
    if sum(len(sentence.text) for sentence in prose) <= FULL_ARTICLE_CHARS:
        return prose
    hits = [position for position, sentence in enumerate(prose) if _signals_relation(sentence)]
    neighbours = [p + step for p in hits for step in (-1, 1) if 0 <= p + step < len(prose)]
    chosen: set[int] = set()
    budget = MAX_SHOWN_CHARS
    for position in dict.fromkeys([*hits, *neighbours]):  # relation sentences first
        if position not in chosen and len(prose[position].text) <= budget:
            chosen.add(position)
            budget -= len(prose[position].text)
    return [prose[position] for position in sorted(chosen)]


def _signals_relation(sentence: Sentence) -> bool:
    return any(has_trigger(sentence.text, kind) for kind in TRIGGERS)


class Extractor:
    """Runs the pipeline for one document against one model endpoint and prompt set."""

    def __init__(self, model: StructuredModel, prompts: PromptSet) -> None:
        self.model = model
        self.prompts = prompts

    async def extract(
        self, text: str, published_at: dt.date | None, log: CallLogger
    ) -> ExtractionResult:
        started = time.monotonic()
        sentences = split_sentences(text)
        shown = select_sentences(sentences)
        diagnostics = Diagnostics(
            sentences=len(sentences),
            boilerplate_sentences=sum(sentence.boilerplate for sentence in sentences),
            candidate_sentences=len(shown),
        )
        result = ExtractionResult()
        if shown:
            result, usage = await self._extract_shown(text, shown, published_at, log)
            diagnostics.model_calls = usage.calls
            diagnostics.prompt_tokens = usage.prompt_tokens
            diagnostics.completion_tokens = usage.completion_tokens
            diagnostics.dropped = result.diagnostics.dropped
            diagnostics.dropped_items = result.diagnostics.dropped_items
            diagnostics.dropped_values = result.diagnostics.dropped_values
        diagnostics.seconds = round(time.monotonic() - started, 3)
        result.diagnostics = diagnostics
        return result

    async def _extract_shown(
        self, text: str, shown: list[Sentence], published_at: dt.date | None, log: CallLogger
    ) -> tuple[ExtractionResult, Usage]:
        numbered = number_sentences([(sentence.index, sentence.text) for sentence in shown])
        verifier = Verifier(text, shown, published_at)
        usage = Usage()
        partnerships, usage = await self._ask(PartnershipAnswer, numbered, usage, log, verifier)
        visits, usage = await self._ask(VisitAnswer, numbered, usage, log, verifier)
        alliances, usage = await self._ask(AllianceAnswer, numbered, usage, log, verifier)
        result = ExtractionResult(
            partnerships=merge_partnerships(
                _kept(verify_partnership, verifier, partnerships.partnerships)
            ),
            visits=merge_visits(_kept(verify_visit, verifier, visits.visits)),
            alliances=merge_alliances(
                _kept(verify_alliance, verifier, alliances.alliances), acronyms(text)
            ),
        )
        result.diagnostics.dropped = verifier.drops.values
        result.diagnostics.dropped_items = verifier.drops.items
        result.diagnostics.dropped_values = len(verifier.drops.values) - verifier.drops.items
        return result, usage

    async def _ask(
        self,
        answer_model: type[Answer],
        numbered: str,
        usage: Usage,
        log: CallLogger,
        verifier: Verifier,
    ) -> tuple[Answer, Usage]:
        if not verifier.stating(FACT_TYPE[answer_model.task]):
            # Verification keeps only facts stated by a sentence with a word of their kind;
            # with no such sentence, asking the model could only cost time.
            return answer_model.model_validate({answer_model.task: []}), usage
        messages = self.prompts.messages(answer_model.task, numbered)
        answer, prompt_tokens, completion_tokens = await self.model.complete(
            messages, answer_model, log
        )
        return answer, Usage(
            usage.calls + 1,
            usage.prompt_tokens + prompt_tokens,
            usage.completion_tokens + completion_tokens,
        )


def _kept(
    check: Callable[[Verifier, Mention], Fact | None], verifier: Verifier, mentions: list[Mention]
) -> list[Fact]:
    return [fact for mention in mentions if (fact := check(verifier, mention)) is not None]


def _union_spans(first: list[Span], second: list[Span]) -> list[Span]:
    by_start = {(span.start, span.end): span for span in [*first, *second]}
    return [by_start[key] for key in sorted(by_start)]


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def merge_partnerships(partnerships: list[Partnership]) -> list[Partnership]:
    merged: dict[frozenset[str], Partnership] = {}
    for item in partnerships:
        key = frozenset(fold(place.name) for place in item.places)
        known = merged.get(key)
        if known is None:
            merged[key] = item
            continue
        known.evidence = _union_spans(known.evidence, item.evidence)
        known.topics = _union(known.topics, item.topics)
        known.since = known.since or item.since
    return list(merged.values())


def _visit_origin(visit: Visit) -> str:
    return fold(visit.from_place.name if visit.from_place else visit.from_organisation or "")


def merge_visits(visits: list[Visit]) -> list[Visit]:
    """One visit per (origin, host); a visit with no host joins one from the same origin."""
    merged: list[Visit] = []
    for item in sorted(visits, key=lambda visit: visit.host_place is None):
        twin = next((known for known in merged if _same_visit(known, item)), None)
        if twin is None:
            merged.append(item)
        else:
            _absorb_visit(twin, item)
    return merged


def _same_visit(known: Visit, item: Visit) -> bool:
    if _visit_origin(known) != _visit_origin(item):
        return False
    if known.host_place is None or item.host_place is None:
        return True
    return fold(known.host_place.name) == fold(item.host_place.name)


def _absorb_visit(known: Visit, item: Visit) -> None:
    for name in ("from_organisation", "host_place", "start", "end", "date_text"):
        if getattr(known, name) is None:
            setattr(known, name, getattr(item, name))
    for name in ("duration_days", "participants"):
        if getattr(known, name) is None:
            setattr(known, name, getattr(item, name))
    leaders = {fold(leader.name): leader for leader in [*known.leaders, *item.leaders]}
    known.leaders = list(leaders.values())
    known.topics = _union(known.topics, item.topics)
    known.evidence = _union_spans(known.evidence, item.evidence)


def alliance_key(name: str, defined_acronyms: dict[str, str]) -> str:
    """Inflection-proof key: 'der Chinesisch-Deutschen Allianz' and 'Chinesisch-Deutsche Allianz' agree."""
    long_name = defined_acronyms.get(fold(name), name)
    words = [word for word in fold(long_name).split() if word not in {"der", "die", "das", "the"}]
    return " ".join(word[:6] for word in words)


def merge_alliances(alliances: list[Alliance], defined_acronyms: dict[str, str]) -> list[Alliance]:
    merged: dict[str, Alliance] = {}
    for item in alliances:
        key = alliance_key(item.name, defined_acronyms)
        known = merged.get(key)
        if known is None:
            merged[key] = item
            continue
        known.founded = known.founded or item.founded
        known.founding_event = known.founding_event or item.founding_event
        members = {fold(place.name): place for place in [*known.members, *item.members]}
        known.members = list(members.values())
        joined = {fold(joining.place.name): joining for joining in [*item.joined, *known.joined]}
        known.joined = list(joined.values())
        known.evidence = _union_spans(known.evidence, item.evidence)
        if len(item.name) > len(known.name):
            known.name = item.name
    return list(merged.values())
