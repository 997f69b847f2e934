"""Scoring extractions against gold labels, as CONTRACT.md defines it (pure functions, no I/O)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from api.language.lexicon import STOPWORDS
from api.language.names import fold
from api.language.numbers import number_word, numbers_in
from api.language.place_names import POSSESSIVE

Item = dict[str, Any]
TYPES = ("partnerships", "visits", "alliances")
# Fields compared on matched items; lists are compared as sets of normalised names.
FIELDS: dict[str, tuple[str, ...]] = {
    "partnerships": ("kind", "status", "since", "topics"),
    "visits": (
        "from_place",
        "from_organisation",
        "host_place",
        "start",
        "end",
        "date_text",
        "duration_days",
        "participants",
        "leaders",
        "topics",
    ),
    "alliances": ("founded", "founding_event", "members", "joined"),
}


def names_of(place: Item | None) -> set[str]:
    """A gold or predicted place's acceptable names, folded (name plus aliases)."""
    if not place:
        return set()
    return {fold(place["name"])} | {fold(alias) for alias in place.get("aliases", [])}


def same_place(predicted: Item | None, gold: Item | None) -> bool:
    if not predicted or not gold:
        return not predicted and not gold
    return bool(names_of(predicted) & names_of(gold))


def partnership_matches(predicted: Item, gold: Item) -> bool:
    (a, b), (x, y) = predicted["places"], gold["places"]
    return (same_place(a, x) and same_place(b, y)) or (same_place(a, y) and same_place(b, x))


def visit_matches(predicted: Item, gold: Item) -> bool:
    same_origin = (
        predicted.get("from_place") is not None
        and same_place(predicted["from_place"], gold.get("from_place"))
    ) or (
        bool(predicted.get("from_organisation"))
        and fold(predicted["from_organisation"]) == fold(gold.get("from_organisation") or "")
    )
    return same_origin and same_place(predicted.get("host_place"), gold.get("host_place"))


def alliance_matches(predicted: Item, gold: Item) -> bool:
    names = {fold(gold["name"])} | {fold(alias) for alias in gold.get("aliases", [])}
    return fold(predicted["name"]) in names


MATCHERS: dict[str, Callable[[Item, Item], bool]] = {
    "partnerships": partnership_matches,
    "visits": visit_matches,
    "alliances": alliance_matches,
}


def match(
    predicted: list[Any], gold: list[Any], matcher: Callable[[Any, Any], bool]
) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index), required gold items claimed first."""
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    order = sorted(range(len(gold)), key=lambda index: _optional(gold[index]))
    for gold_index in order:
        for predicted_index, item in enumerate(predicted):
            if predicted_index not in taken and matcher(item, gold[gold_index]):
                pairs.append((predicted_index, gold_index))
                taken.add(predicted_index)
                break
    return pairs


def _optional(item: Any) -> bool:
    return isinstance(item, dict) and bool(item.get("optional"))


def set_f1(predicted: Iterable[set[str]], gold: Iterable[set[str]]) -> float:
    """F1 of two sets of things, each given as its set of acceptable names; 1.0 when both empty."""
    predicted, gold = list(predicted), list(gold)
    if not predicted and not gold:
        return 1.0
    hits = len(match(predicted, gold, lambda p, g: bool(p & g)))
    if hits == 0:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def _topic_words(topic: str) -> set[str]:
    return {word[:5] for word in fold(topic).split() if len(word) >= 4}


def lenient_topics(predicted: list[str], gold: list[str]) -> float:
    """Topics match when they share a content word (first five letters), as the contract allows."""
    return set_f1((_topic_words(t) for t in predicted), (_topic_words(t) for t in gold))


def field_score(name: str, predicted: Item, gold: Item) -> float:
    p, g = predicted.get(name), gold.get(name)
    if name == "topics":
        return lenient_topics(p or [], g or [])
    if name in ("from_place", "host_place"):
        return float(same_place(p, g))
    if name == "members":
        return set_f1((names_of(x) for x in p or []), (names_of(x) for x in g or []))
    if name == "joined":
        return set_f1(
            (names_of(x["place"]) for x in p or []), (names_of(x["place"]) for x in g or [])
        )
    if name == "leaders":
        return set_f1(({fold(x["name"])} for x in p or []), ({fold(x["name"])} for x in g or []))
    if isinstance(p, str) or isinstance(g, str):
        return float(fold(p or "") == fold(g or ""))
    return float(p == g)


def grounded(predicted: Item, gold: Item, text: str) -> bool:
    """Whether any predicted span overlaps a sentence the gold evidence quotes."""
    return any(
        overlaps_quote(text, span, gold.get("evidence", []))
        for span in predicted.get("evidence", [])
    )


def overlaps_quote(text: str, span: dict[str, Any], quotes: list[str]) -> bool:
    """Whether a span of text overlaps one of the quoted sentences."""
    located = (quote_span(text, quote) for quote in quotes)
    return any(q is not None and q[0] < span["end"] and span["start"] < q[1] for q in located)


def quote_span(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    if at < 0:
        at = text.find(" ".join(quote.split()[:8]))  # quotes may be shortened at the end
    return (at, at + len(quote)) if at >= 0 else None


@dataclass
class TypeScore:
    """Counts and field scores of one type, added up over documents."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    grounded: int = 0
    fields: dict[str, list[float]] = field(default_factory=dict)
    hallucinations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def grounding_rate(self) -> float:
        return self.grounded / self.true_positives if self.true_positives else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "grounding": round(self.grounding_rate, 3),
            "fields": {name: round(sum(v) / len(v), 3) for name, v in self.fields.items() if v},
        }


def score_document(
    kind: str, predicted: list[Item], gold: list[Item], text: str, document: str, score: TypeScore
) -> None:
    """Add one document's items of one type to the running score."""
    pairs = match(predicted, gold, MATCHERS[kind])
    matched_predicted = {p for p, _ in pairs}
    for predicted_index, gold_index in pairs:
        wanted = gold[gold_index]
        if wanted.get("optional"):
            continue  # neither rewarded nor penalised
        score.true_positives += 1
        score.grounded += grounded(predicted[predicted_index], wanted, text)
        for name in FIELDS[kind]:
            if name not in wanted.get("derived", []):
                score.fields.setdefault(name, []).append(
                    field_score(name, predicted[predicted_index], wanted)
                )
    required = [g for g in gold if not g.get("optional")]
    score.false_negatives += len(required) - sum(1 for _, g in pairs if not gold[g].get("optional"))
    for index, item in enumerate(predicted):
        if index not in matched_predicted:
            score.false_positives += 1
            score.hallucinations.append({"document": document, "item": item})


def states_answer(answer: str, gold: str, question: str = "") -> bool:
    """Whether an answer states the gold answer: every name (capitalised word) and number of
    the gold answer, outside its parentheses, starts a word of it. Lenient on wording, strict
    on facts. A name or number the question gives is the answer's context: it need not
    repeat it ("Which Nairobi leader ...?" is answered by "Governor Evans Kidero" as the
    gold's "The Governor of Nairobi, Evans Kidero" answers it).

    A function word is no name for being capitalised at the start of a sentence ("With the
    Friends of Alzey group.", "Am 28. Juni"): it need not stand in the answer (an acronym
    is a name: "WHO"); nor is a number word ("Neun Tage."), which is checked as the number
    it is."""
    main = re.sub(r"\(.*?\)", " ", gold)
    # An English possessive names its owner: "Mosbach's mayor" names Mosbach.
    words = [POSSESSIVE.sub("", word.strip(",;.")) for word in main.split()]
    names = [
        word
        for word in words
        if word[:1].isupper() and not _function_word(word) and number_word(word) is None
    ]
    folded = fold(answer + " " + question)
    # Each name starts a word of the answer, which may inflect it ("Nordheimer"): "He" is
    # not stated by "the".
    stated = all(re.search(r"(?<!\w)" + re.escape(fold(name)), folded) for name in names)
    return stated and numbers_in(main) <= numbers_in(answer) | numbers_in(question)


def _function_word(word: str) -> bool:
    """A function word capitalised at a sentence's start; an acronym spelled like one is a
    name ("WHO", the World Health Organization, is not "who")."""
    return word.lower() in STOPWORDS and not (len(word) > 1 and word.isupper())


def citation_precision(
    citations: list[dict[str, Any]], quotes: list[str], texts: dict[str, str]
) -> tuple[int, int]:
    """(cited spans that overlap a gold evidence sentence, cited spans)."""
    hits = sum(overlaps_quote(texts[c["document_id"]], c, quotes) for c in citations)
    return hits, len(citations)
