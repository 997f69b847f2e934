"""The passages a question is answered from: the evidence of stored facts about the places it
names, then the sentences full-text search ranks best, first in the articles about those
places, then in all; search words in the question's language and in the other one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from api.answering.checks import CAPITALISED_WORD
from api.answering.from_facts import OPENING_PREPOSITIONS, stored_place_words
from api.language.lexicon import GLOSSARY, has_trigger
from api.language.names import fold
from api.language.numbers import announced_count
from api.language.place_names import places_named
from api.language.places import AREAS, resolve_place
from api.storage.facts import FactFilter
from api.storage.search import SentenceIndex, search_terms
from api.storage.store import Store
from schemas.contract import FactType

PASSAGES = 8
FACT_KINDS: tuple[FactType, ...] = ("partnership", "visit", "alliance")
# The shortest stem that stands as the head of a German compound ("austausch" in
# "schuleraustausch"); shorter ones end too many words by chance ("land", "fest").
HEAD_STEM = 6
# What a translated search word counts in the ranking, beside a word the question gives (1).
TRANSLATION_WEIGHT = 0.5


@dataclass
class Passage:
    document_id: str
    start: int
    end: int
    text: str

    @property
    def key(self) -> tuple[str, int]:
        return self.document_id, self.start


# The plan prompt's examples of search words ("delegation" -> "Delegation", "founded" ->
# "gegründet", "mayor" -> "Bürgermeister"), which the small model adds to questions that ask
# for none of them.
PLAN_EXAMPLES = frozenset(search_terms("Delegation gegründet Bürgermeister"))


@dataclass(frozen=True)
class Query:
    """A question's search words: `asked`, its own and the plan's, which the answer checks
    hold the cited passages to; `translated`, the glossary's words for them in the other
    language, which search uses too ("received" -> "empfangen", "Geschenk" -> "gift")."""

    own: list[str]
    translated: list[str]
    planned: list[str]

    @property
    def asked(self) -> list[str]:
        return list(dict.fromkeys(self.own + self.planned))

    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys(self.own + self.translated + self.planned))

    @property
    def weights(self) -> dict[str, float]:
        """A translation counts less than a word the question or the plan gives: it is no
        exact equivalent, and one word brings several ("alliance": Allianz, Bündnis,
        Netzwerk)."""
        given = set(self.own + self.planned)
        return {term: TRANSLATION_WEIGHT for term in self.translated if term not in given}


def query_of(question: str, planned: list[str]) -> Query:
    """The question's search words, and the plan's (`planned`) but for a number the question
    does not state (a guessed year) and the plan prompt's examples where the question does
    not ask for them."""
    own = search_terms(question)
    translated = [term for form in translations(own) for term in search_terms(form)]
    kept = [
        term
        for term in planned
        if (not term.isdigit() or term in own)
        and (term not in PLAN_EXAMPLES or term in own + translated)
    ]
    return Query(own, translated, kept)


def translations(terms: list[str]) -> list[str]:
    """The forms in the other language of the glossary's words that these search terms hold:
    a form whose every term is among them, or a German word that is the head of one."""
    held = set(terms)
    found: list[str] = []
    for form, head, others in _glossary():
        if set(form) <= held or (head and any(term.endswith(form[0]) for term in held)):
            found += others
    return list(dict.fromkeys(found))


@cache
def _glossary() -> list[tuple[list[str], bool, list[str]]]:
    """(a form's terms, whether it can head a German compound, the other language's forms)."""
    entries = []
    for german, english in GLOSSARY:
        de, en = german.split(", "), english.split(", ")
        for form in de:
            terms = search_terms(form)
            entries.append((terms, len(terms) == 1 and len(terms[0]) >= HEAD_STEM, en))
        entries += [(search_terms(form), False, de) for form in en]
    return entries


@dataclass
class Retriever:
    store: Store
    index: SentenceIndex

    async def passages(
        self,
        question: str,
        terms: list[str],
        document_ids: list[str] | None,
        weights: dict[str, float] | None = None,
    ) -> list[Passage]:
        """At most PASSAGES, each once: fact evidence first, leaving room for what search
        finds; search in the articles about the question's places before all articles."""
        found = (await self._fact_evidence(question, document_ids))[: PASSAGES - 3]
        about = await self._articles_about(question, document_ids)
        hits = await self.index.search(terms, PASSAGES, about, weights) if about else []
        hits += await self.index.search(terms, PASSAGES, document_ids, weights)
        found += [(hit.document_id, hit.start, hit.end) for hit in hits]
        texts: dict[str, str] = {}
        spans = list(dict.fromkeys(found))[:PASSAGES]
        return await self._with_announced(await self._read(spans, texts), texts)

    async def naming(self, terms: list[str], document_ids: list[str]) -> list[Passage]:
        """The sentences of these articles that search ranks best for these terms, at most
        PASSAGES."""
        hits = await self.index.search(terms, PASSAGES, document_ids)
        return await self._read([(hit.document_id, hit.start, hit.end) for hit in hits], {})

    async def _read(
        self, spans: list[tuple[str, int, int]], texts: dict[str, str]
    ) -> list[Passage]:
        """The spans as passages; `texts` keeps each article's text once read."""
        passages = []
        for document_id, start, end in spans:
            if document_id not in texts:
                texts[document_id] = (await self.store.documents.get(document_id)).text
            passages.append(Passage(document_id, start, end, texts[document_id][start:end]))
        return passages

    async def _articles_about(self, question: str, document_ids: list[str] | None) -> list[str]:
        """The articles that name the most of the towns the question names ("the French
        students in Schrobenhausen" are about Schrobenhausen; "the Rangitīkei page", a place
        only the stored facts know, about Rangitīkei); none when it names no town an
        article names. Countries and regions do not count: a question naming only them
        ("Which towns in Ireland are twinned with French ones?", "the Chinese-German
        alliance", "Welche Städte in Bayern ...?") is about no one article."""
        named = places_named(question, OPENING_PREPOSITIONS)
        towns = [name for name in named if _kind(name) not in AREAS]
        # A name no gazetteer knows that a stored fact names as a place: "the Rangitīkei page"
        towns += await stored_place_words(self.store, question, named)
        counts: dict[str, int] = {}
        for name in towns:
            for document_id in await self.index.documents_with(search_terms(name)):
                if not document_ids or document_id in document_ids:
                    counts[document_id] = counts.get(document_id, 0) + 1
        most = max(counts.values(), default=0)
        return sorted(document_id for document_id, count in counts.items() if count == most)

    async def _with_announced(
        self, passages: list[Passage], texts: dict[str, str]
    ) -> list[Passage]:
        """Each passage that announces things it does not name ("zwei Delegationen kündigten
        sich an") followed by the sentences after it, which name them; beyond PASSAGES."""
        expanded: list[Passage] = []
        for passage in passages:
            expanded.append(passage)
            count = announced_count(passage.text)
            if not count:
                continue
            for after in await self.index.following(passage.document_id, passage.end, count):
                text = texts[after.document_id][after.start : after.end]
                expanded.append(Passage(after.document_id, after.start, after.end, text))
        return list({passage.key: passage for passage in expanded}.values())

    async def _fact_evidence(
        self, question: str, document_ids: list[str] | None
    ) -> list[tuple[str, int, int]]:
        kinds = [kind for kind in FACT_KINDS if has_trigger(question, kind)]
        # A list, not a set: the passages (and so the request) must not depend on hash order.
        named = [resolve_place(word) for word in CAPITALISED_WORD.findall(question)]
        places = list(dict.fromkeys(fold(place.name) for place in named if place is not None))
        spans: list[tuple[str, int, int]] = []
        for kind in kinds:
            for place in places:
                facts, _ = await self.store.facts.page(
                    FactFilter(type=kind, place=place), PASSAGES, 0
                )
                spans += [
                    (document_id, span["start"], span["end"])
                    for document_id, fact in facts
                    if not document_ids or document_id in document_ids
                    for span in fact["evidence"]
                ]
        return spans


def _kind(name: str) -> str | None:
    place = resolve_place(name)
    return place.kind if place is not None else None
