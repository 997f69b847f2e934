"""Answers that code reads off one sentence of the passages, with no model call.

A question may ask for what no stored fact holds but a sentence states in a form the
language rules read reliably: who received the visitors ("Wer empfing die Gäste im
Rathaus?") is the agent of a verb of receiving (api/language/roles.py), also where the
article tells of no visit between cities (a school exchange). The small model, given such a
sentence, often answered where they were received instead of by whom.
"""

from __future__ import annotations

from api.answering.from_facts import HOSTS, RECEIVED_PEOPLE, FactAnswer, Source, listing, titled
from api.answering.retrieval import Passage
from api.language.names import fold
from api.language.roles import received_people
from api.storage.search import search_terms


def asks_who_received(question: str) -> bool:
    """Whether the question asks who received visitors: a question for the one who receives
    that names the people received or a pronoun for them."""
    folded = fold(question)
    return bool(HOSTS.search(folded) and RECEIVED_PEOPLE.search(folded))


def receivers(
    question: str,
    language: str,
    passages: list[Passage],
    terms: list[str],
    weights: dict[str, float],
) -> FactAnswer | None:
    """Who received the visitors the question asks about: the people that the passage
    sharing the most of the question's search `terms` says received them (a translated term
    counts its `weights`, any other one), cited to it; None when the question asks otherwise
    or no passage says."""
    if not asks_who_received(question):
        return None
    asked = set(terms)
    best: tuple[float, Passage, list[tuple[str | None, str]]] | None = None
    for passage in passages:
        people = received_people(passage.text)
        if not people:
            continue
        shared = asked & set(search_terms(passage.text))
        score = sum(weights.get(term, 1.0) for term in shared)
        if best is None or score > best[0]:
            best = (score, passage, people)
    if best is None:
        return None
    _, passage, people = best
    named = [titled({"role": role, "name": name}, language, passage.text) for role, name in people]
    source = Source(passage.document_id, passage.start, passage.end, passage.text)
    return FactAnswer(f"{listing(named, language)} [1]", [source])
