"""The checks an answer written by the model must pass before it is returned: it may state
no date, number or name that its cited sources do not hold, carry no markup, and stay on the
question. A failed check turns the answer into a refusal with the reason.

An answer may quote the sentence that states it: an extractive answer is an answer."""

from __future__ import annotations

import re

from api.language.dates import find_date_expressions
from api.language.names import mentions
from api.language.numbers import numbers_in
from api.language.places import resolve_place
from api.storage.search import search_terms

WANTS_DATE = re.compile(r"\b(wann|seit wann|when|what year|which year|in welchem jahr)\b", re.I)
WANTS_NUMBER = re.compile(r"\b(wie viele|wie lange|wieviele|how many|how long|how much)\b", re.I)
CAPITALISED_WORD = re.compile(r"\b[A-ZÄÖÜ][\w\-’']+")


# Tags, script URLs and event handlers: an answer is plain text, and a client may render it.
MARKUP = re.compile(r"<\s*/?\s*[a-z][^<>]*>|\bjavascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)


def own_words(answer: str, question: str) -> set[str]:
    """The search terms of the answer that the question does not already have."""
    return set(search_terms(answer)) - set(search_terms(question))


def unsupported(answer: str, sources: str, question: str) -> str | None:
    """Why the cited sources do not support the answer, or None when they do."""
    markup = set(MARKUP.findall(answer)) - set(MARKUP.findall(sources))
    if markup:
        return f"the answer contains markup its sources do not: {sorted(markup)[:3]}"
    invented = numbers_in(answer) - numbers_in(sources) - numbers_in(question)
    if invented:
        return f"the answer states numbers its sources do not: {sorted(invented)}"
    if WANTS_DATE.search(question) and not (find_date_expressions(answer) or numbers_in(answer)):
        return "the question asks when, and the answer gives no date"
    if WANTS_NUMBER.search(question) and not numbers_in(answer):
        return "the question asks how many or how long, and the answer gives no number"
    stated = own_words(answer, question) & set(search_terms(sources)) or numbers_in(
        answer
    ) & numbers_in(sources)
    if not stated:
        return "the answer adds nothing its sources state"
    for word in CAPITALISED_WORD.findall(answer):
        place = resolve_place(word)
        if place is not None and not (
            mentions(sources + " " + question, word) or mentions(sources, place.name)
        ):
            return f"the answer names a place its sources do not: {word}"
    return None


# The cited passages must carry at least this share of the question's words that the
# retrieved passages know; a passage about something else does not answer the question.
MIN_COVERAGE = 0.5


def off_topic(
    cited: list[str],
    passages: list[str],
    terms: list[str],
    context: list[str] | None = None,
) -> str | None:
    """Why the cited passages are not about the question (among all the retrieved
    `passages`); None when they are.

    An article names its topic once and then refers to it by a short form ("die Allianz",
    "sie", "the network"): a cited sentence is about the question when it and the retrieved
    sentences of its own article (`context`) speak of the question's words."""
    known = set(search_terms(" ".join(passages)))
    relevant = set(terms) & known
    covered = relevant & set(search_terms(" ".join(cited + (context or []))))
    if relevant and len(covered) < MIN_COVERAGE * len(relevant):
        return f"the cited passages do not speak of {sorted(relevant - covered)}"
    return None


# The passages that state an answer hold at least this share of its own words (those the
# question does not already have), and at least MIN_RESTATED of them.
MIN_RESTATED_SHARE = 0.5
MIN_RESTATED = 2


def restating(answer: str, question: str, passages: list[str]) -> list[int]:
    """The passages (1-based) that hold most of the answer's own words, when the model cited
    others: a small model often names the wrong passage number, and the passage that states
    an answer is the one that holds its words. Empty when no passage holds enough of them."""
    own = own_words(answer, question)
    held = [len(own & set(search_terms(passage))) for passage in passages]
    most = max(held, default=0)
    if most < max(MIN_RESTATED, MIN_RESTATED_SHARE * len(own)):
        return []
    return [n for n, count in enumerate(held, start=1) if count == most]
