"""Extraction pipeline: sentences -> candidate sentences -> three focused model calls -> verified facts."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from api.errors import BudgetExceeded
from api.extraction.passing import (
    alliances_in_passing,
    article_place,
    co_travellers,
    partnerships_in_passing,
    stay_length_in_passing,
    visits_received_in_passing,
)
from api.extraction.verify import (
    Verifier,
    states_origin,
    verify_alliance,
    verify_partnership,
    verify_visit,
)
from api.language import dates
from api.language.lexicon import TRIGGERS, has_trigger
from api.language.names import acronyms, alliance_key, fold
from api.language.place_names import places_named
from api.language.placehood import lower_case_words
from api.language.places import (
    AREAS,
    countries_named,
    in_a_country_named,
    lies_in_area,
    resolve_place,
)
from api.language.text import Sentence, split_sentences
from api.model.client import CallLogger, StructuredModel
from api.model.prompts import PromptSet, number_sentences
from schemas.contract import (
    Alliance,
    Diagnostics,
    DroppedValue,
    ExtractionResult,
    FactType,
    Partnership,
    Place,
    Span,
    Visit,
)
from schemas.llm import (
    AllianceAnswer,
    PartnershipAnswer,
    SentenceVisits,
    VisitAnswer,
    VisitMention,
    visits_of_sentence,
)

# Below this many characters of prose the whole article is shown; above it only the sentences
# around words that signal a relation, which keeps prompts (and seconds) small on long pages.
FULL_ARTICLE_CHARS = 2400
# The prompt must leave room for the answer in the context window: at most this much text.
MAX_SHOWN_CHARS = 6000
# A small model lists the first visits of an article and stops: each visit sentence that its
# answer did not cite is asked about on its own, up to this many per piece.
MAX_SENTENCE_FOLLOW_UPS = 8
Answer = TypeVar("Answer", PartnershipAnswer, VisitAnswer, AllianceAnswer, SentenceVisits)
Mention = TypeVar("Mention")
Fact = TypeVar("Fact")
FACT_TYPE: dict[str, FactType] = {
    "partnerships": "partnership",
    "visits": "visit",
    "alliances": "alliance",
}


@dataclass
class Found:
    """Verified items of every piece of a document, merged at the end, and what was dropped."""

    partnerships: list[Partnership] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    alliances: list[Alliance] = field(default_factory=list)
    dropped: list[DroppedValue] = field(default_factory=list)
    dropped_items: int = 0

    def placed_in(self, countries: set[str]) -> None:
        """Each town in the country the article names, where the gazetteer's town of its
        name lies in another (api/language/places.py, `in_a_country_named`): before merging,
        so that one town is one place however it was found."""

        def placed(place: Place) -> Place:
            return in_a_country_named(place, countries)

        for partnership in self.partnerships:
            partnership.places = [placed(place) for place in partnership.places]
        for visit in self.visits:
            visit.from_place = visit.from_place and placed(visit.from_place)
            visit.host_place = visit.host_place and placed(visit.host_place)
        for alliance in self.alliances:
            alliance.members = [placed(place) for place in alliance.members]
            for joining in alliance.joined:
                joining.place = placed(joining.place)


@dataclass(frozen=True)
class Asking:
    """What the calls over one piece share."""

    numbered: str
    log: CallLogger
    verifier: Verifier
    token_budget: int | None


@dataclass(frozen=True)
class Usage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


def select_pieces(
    sentences: list[Sentence], piece_chars: int = MAX_SHOWN_CHARS
) -> list[list[Sentence]]:
    """The sentences the model sees, in pieces of at most `piece_chars` characters, each piece
    extracted on its own: prose only; on long articles, only relation sentences and their
    neighbours. A sentence longer than a piece cannot be shown and is left out."""
    # Scraped pages repeat their headline; the model needs to see it once.
    unique = {sentence.text: sentence for sentence in reversed(sentences)}
    prose = [s for s in sentences if not s.boilerplate and unique[s.text] is s]
    if sum(len(sentence.text) for sentence in prose) <= FULL_ARTICLE_CHARS:
        return [prose] if prose else []
    hits = [position for position, sentence in enumerate(prose) if _signals_relation(sentence)]
    neighbours = [p + step for p in hits for step in (-1, 1) if 0 <= p + step < len(prose)]
    pieces: list[list[Sentence]] = []
    size = piece_chars  # forces a first piece
    for position in sorted(set(hits + neighbours)):
        sentence = prose[position]
        if len(sentence.text) > piece_chars:
            continue
        if size + len(sentence.text) > piece_chars:
            pieces.append([])
            size = 0
        pieces[-1].append(sentence)
        size += len(sentence.text)
    return pieces


def _signals_relation(sentence: Sentence) -> bool:
    return any(has_trigger(sentence.text, kind) for kind in TRIGGERS)


class Extractor:
    """Runs the pipeline for one document against one model endpoint and prompt set."""

    def __init__(self, model: StructuredModel, prompts: PromptSet) -> None:
        self.model = model
        self.prompts = prompts

    async def extract(
        self,
        text: str,
        published_at: dt.date | None,
        log: CallLogger,
        token_budget: int | None = None,
    ) -> ExtractionResult:
        """Verified facts of `text`; BudgetExceeded once its calls spent `token_budget` tokens."""
        started = time.monotonic()
        sentences = split_sentences(text)
        pieces = select_pieces(sentences)
        diagnostics = Diagnostics(
            sentences=len(sentences),
            boilerplate_sentences=sum(sentence.boilerplate for sentence in sentences),
            candidate_sentences=sum(len(piece) for piece in pieces),
        )
        found = Found()
        usage = Usage()
        home = article_place(sentences)
        for piece in pieces:
            usage = await self._extract_piece(
                text, piece, published_at, log, found, usage, token_budget, home
            )
        found.placed_in(countries_named(text))
        visits = merge_visits(found.visits)
        stay = stay_length_in_passing(visits, sentences)
        if stay is not None:
            span, days = stay
            visits[0].duration_days = days
            visits[0].evidence = _union_spans(visits[0].evidence, [span])
        result = ExtractionResult(
            partnerships=merge_partnerships(found.partnerships),
            visits=visits,
            alliances=merge_alliances(found.alliances, acronyms(text)),
        )
        diagnostics.model_calls = usage.calls
        diagnostics.prompt_tokens = usage.prompt_tokens
        diagnostics.completion_tokens = usage.completion_tokens
        diagnostics.dropped = found.dropped
        diagnostics.dropped_items = found.dropped_items
        diagnostics.dropped_values = len(found.dropped) - found.dropped_items
        diagnostics.seconds = round(time.monotonic() - started, 3)
        result.diagnostics = diagnostics
        return result

    async def _extract_piece(
        self,
        text: str,
        shown: list[Sentence],
        published_at: dt.date | None,
        log: CallLogger,
        found: Found,
        usage: Usage,
        token_budget: int | None,
        home: Place | None,
    ) -> Usage:
        """The three calls over one piece; what verification keeps is added to `found`, with
        the partnerships, visits and alliances its sentences state in passing ("die
        Partnerstadt X" of `home`, "X ist Mitglied im Klima-Bündnis")."""
        numbered = number_sentences([(sentence.index, sentence.text) for sentence in shown])
        verifier = Verifier(text, shown, published_at, home)
        ask = Asking(numbered, log, verifier, token_budget)
        partnerships, usage = await self._ask(PartnershipAnswer, ask, usage)
        visits, usage = await self._ask(VisitAnswer, ask, usage)
        followed_up, usage = await self._visits_sentence_by_sentence(visits, ask, shown, usage)
        alliances, usage = await self._ask(AllianceAnswer, ask, usage)
        found.partnerships += _kept(verify_partnership, verifier, partnerships.partnerships)
        found.partnerships += partnerships_in_passing(verifier)
        kept = _kept(verify_visit, verifier, [*visits.visits, *followed_up])
        found.visits += kept + [other for visit in kept for other in co_travellers(visit)]
        found.visits += visits_received_in_passing(verifier)
        in_passing = alliances_in_passing(verifier)
        found.alliances += _kept(verify_alliance, verifier, [*alliances.alliances, *in_passing])
        found.dropped += verifier.drops.values
        found.dropped_items += verifier.drops.items
        return usage

    async def _visits_sentence_by_sentence(
        self, visits: VisitAnswer, ask: Asking, shown: list[Sentence], usage: Usage
    ) -> tuple[list[VisitMention], Usage]:
        """Visits of the sentences with a visit word that the answer did not cite and that say
        where someone came from ("aus X"), asked about one sentence at a time: the origin is
        chosen from the places the sentence names that way, the host from the places of the
        sentence and its neighbours."""
        cited = {number for mention in visits.visits for number in mention.sentences}
        common = lower_case_words(ask.verifier.text)
        named = [places_named(sentence.text, common) for sentence in shown]
        asked: list[tuple[int, str, list[str], list[str]]] = []
        for number in ask.verifier.stating("visit"):
            if number in cited:
                continue
            sentence = ask.verifier.shown[number].text
            places = places_around(shown, named, number)
            origins = [place for place in places if states_origin(sentence, [place])]
            if origins and not _areas_of_known_visitors(origins, visits):
                asked.append((number, sentence, origins, places))
        mentions: list[VisitMention] = []
        for number, sentence, origins, places in asked[:MAX_SENTENCE_FOLLOW_UPS]:
            answer_model = visits_of_sentence(number, tuple(origins), tuple(places))
            about, usage = await self._ask(answer_model, ask, usage, number)
            expressions = dates.find_date_expressions(sentence)
            mentions += [
                VisitMention(
                    sentences=[number],
                    from_place=visit.from_place,
                    from_organisation="",
                    host_place=visit.host_place,
                    date_text=expressions[0] if expressions else "",
                    leaders=[],
                    topics=[],
                )
                for visit in about.visits
            ]
        return mentions, usage

    async def _ask(
        self, answer_model: type[Answer], ask: Asking, usage: Usage, sentence: int | None = None
    ) -> tuple[Answer, Usage]:
        """The model's answer to one task, over the piece or (`sentence`) about one sentence."""
        verifier, numbered, log = ask.verifier, ask.numbered, ask.log
        if not verifier.stating(FACT_TYPE[answer_model.task]):
            # Verification keeps only facts stated by a sentence with a word of their kind;
            # with no such sentence, asking the model could only cost time.
            return answer_model.model_validate({answer_model.task: []}), usage
        spent = usage.prompt_tokens + usage.completion_tokens
        if ask.token_budget is not None and spent >= ask.token_budget:
            raise BudgetExceeded(
                f"token budget exceeded: {spent} tokens spent after {usage.calls} model calls, "
                f"the budget per document is {ask.token_budget} (CITYLINKS_DOCUMENT_TOKEN_BUDGET)"
            )
        if sentence is None:
            messages = self.prompts.messages(answer_model.task, numbered)
        else:
            messages = self.prompts.sentence_messages(answer_model.task, sentence, numbered)
        answer, prompt_tokens, completion_tokens = await self.model.complete(
            messages, answer_model, log
        )
        return answer, Usage(
            usage.calls + 1,
            usage.prompt_tokens + prompt_tokens,
            usage.completion_tokens + completion_tokens,
        )


def _areas_of_known_visitors(origins: list[str], visits: VisitAnswer) -> bool:
    """Whether every origin is a country or a region that holds the town of a visit the
    answer gave: "die Gäste aus der Bretagne" after "eine Delegation aus Rennes" are that
    delegation (merge_visits would join them), so asking about them costs a call for
    nothing."""
    towns = [resolve_place(mention.from_place) for mention in visits.visits]
    areas = [resolve_place(origin) for origin in origins]
    return all(
        area is not None
        and area.kind in AREAS
        and any(town is not None and lies_in_area(town, area) for town in towns)
        for area in areas
    )


def places_around(shown: list[Sentence], named: list[list[str]], number: int) -> list[str]:
    """The places a follow-up may choose from: those named (`named`, by position in `shown`)
    in the sentence and its neighbours."""
    position = next(p for p, sentence in enumerate(shown) if sentence.index == number)
    around = named[max(0, position - 1) : position + 2]
    return list(dict.fromkeys(name for names in around for name in names))


def _kept(
    check: Callable[[Verifier, Mention], Fact | None], verifier: Verifier, mentions: list[Mention]
) -> list[Fact]:
    return [fact for mention in mentions if (fact := check(verifier, mention)) is not None]


def _union_spans(first: list[Span], second: list[Span]) -> list[Span]:
    by_start = {(span.start, span.end): span for span in [*first, *second]}
    return [by_start[key] for key in sorted(by_start)]


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def place_key(place: Place) -> str:
    """One key per place: its GeoNames id ("Le Perreux" and "Le Perreux-sur-Marne" are one
    town), else its folded name."""
    return f"geonames:{place.geonames_id}" if place.geonames_id else fold(place.name)


def same_place_keys(places: list[Place]) -> dict[str, str]:
    """Within one article, a name and that name with words before it are one place:
    "Charlottenburg-Wilmersdorf", "Berlin Charlottenburg-Wilmersdorf" and "Berliner Bezirk
    Charlottenburg-Wilmersdorf"; "Marburg-Biedenkopf" and "Landkreis Marburg-Biedenkopf".
    Two names ending in the same such name are one place too, when that name is a compound
    ("X-Y") or of several words: a shared last word alone ("Frankfurt am Main", "Offenbach
    am Main") is not. Places with different GeoNames ids stay apart. Each key maps to the
    key of the shortest name of its place."""
    names = {place_key(place): place.name for place in places}
    ordered = sorted(names, key=lambda key: (len(names[key]), key))
    chosen: dict[str, str] = {}
    for key in ordered:
        chosen[key] = next(
            (
                chosen[other]
                for other in ordered
                if other in chosen and _same_name(names[key], names[other], key, other)
            ),
            key,
        )
    return chosen


def _same_name(name: str, other: str, key: str, other_key: str) -> bool:
    if key.startswith("geonames:") and other_key.startswith("geonames:"):
        return key == other_key
    cores = region_core(name), region_core(other)
    if any(cores) and (cores[0] or fold(name)) == (cores[1] or fold(other)):
        return True  # "Rhein-Neckar-Gebiet", "Metropolregion Rhein-Neckar" (and "Rhein-Neckar")
    if fold(name).endswith(" " + fold(other)):
        return True
    words, others = name.split(), other.split()
    shared = 0
    while shared < min(len(words), len(others)) and fold(words[-1 - shared]) == fold(
        others[-1 - shared]
    ):
        shared += 1
    names_in_suffix = [word for word in words[len(words) - shared :] if word[:1].isupper()]
    return len(names_in_suffix) >= 2 or any("-" in word for word in names_in_suffix)


# German and English words that make a region's name of a proper name, before it ("Metropole
# Ruhr", "Region Hannover") or at the end of a compound ("Ruhrgebiet", "Rhein-Main-Gebiet").
REGION_PREFIXES = ("metropole", "metropolregion", "region", "raum", "großraum")
REGION_SUFFIXES = ("gebiet", "region", "raum")


def region_core(name: str) -> str | None:
    """The proper name a region's name is made of (folded), or None for a name with no word of
    region: "Metropole Ruhr", "Ruhrgebiet" and "Region Ruhr" are all the Ruhr."""
    words = name.split()
    if len(words) > 1 and words[0].lower() in REGION_PREFIXES:
        return fold(" ".join(words[1:])) or None
    last = words[-1].lower() if words else ""
    for suffix in REGION_SUFFIXES:
        if last.endswith(suffix) and len(last) > len(suffix) + 2:
            stem = last[: -len(suffix)].rstrip("-")
            return fold(" ".join([*words[:-1], stem])) or None
    return None


def merge_partnerships(partnerships: list[Partnership]) -> list[Partnership]:
    merged: dict[frozenset[str], Partnership] = {}
    same = same_place_keys([place for item in partnerships for place in item.places])
    for item in partnerships:
        key = frozenset(same[place_key(place)] for place in item.places)
        known = merged.get(key)
        if known is None:
            merged[key] = item
            continue
        known.evidence = _union_spans(known.evidence, item.evidence)
        known.topics = _union(known.topics, item.topics)
        known.since = known.since or item.since
    return list(merged.values())


def _visit_origin(visit: Visit) -> str:
    if visit.from_place is not None:
        return place_key(visit.from_place)
    return fold(visit.from_organisation or "")


def merge_visits(visits: list[Visit]) -> list[Visit]:
    """One visit per (origin, host); a visit with no host joins one from the same origin.
    Hosts are compared as `same_place_keys` compares the places of one article."""
    merged: list[Visit] = []
    same = same_place_keys([visit.host_place for visit in visits if visit.host_place])
    # Visitors named by their country or region ("die ungarischen Gäste", "die Gäste aus der
    # Bretagne") after their town's delegation to the same host are that delegation: towns
    # first, then areas.
    order = sorted(visits, key=lambda visit: (visit.host_place is None, _by_area(visit)))
    for item in order:
        twin = next((known for known in merged if _same_visit(known, item, same)), None)
        if twin is None:
            merged.append(item)
        else:
            _absorb_visit(twin, item)
    return merged


def _by_area(visit: Visit) -> bool:
    return visit.from_place is not None and visit.from_place.kind in AREAS


def _same_visit(known: Visit, item: Visit, same: dict[str, str]) -> bool:
    if _visit_origin(known) != _visit_origin(item) and not _of_its_area(known, item):
        return False
    if known.host_place is None or item.host_place is None:
        return True
    return same[place_key(known.host_place)] == same[place_key(item.host_place)]


def _of_its_area(known: Visit, item: Visit) -> bool:
    """Whether the item's visitors come from the country or the region of the known visit's
    town, to the same host: one delegation named by its town and by its country or region."""
    town, area = known.from_place, item.from_place
    if town is None or area is None or area.kind not in AREAS or town.kind in AREAS:
        return False
    if known.host_place is None or item.host_place is None:
        return False
    return lies_in_area(town, area)


def _absorb_visit(known: Visit, item: Visit) -> None:
    for name in ("from_organisation", "host_place", "start", "end", "date_text"):
        if getattr(known, name) is None:
            setattr(known, name, getattr(item, name))
    for name in ("duration_days", "participants"):
        if getattr(known, name) is None:
            setattr(known, name, getattr(item, name))
    hosts = {fold(host.name): host for host in [*known.host_officials, *item.host_officials]}
    leaders = {fold(leader.name): leader for leader in [*known.leaders, *item.leaders]}
    known.host_officials = list(hosts.values())
    # A person one report puts on the host's side is no leader of the visitors.
    known.leaders = [leader for key, leader in leaders.items() if key not in hosts]
    known.topics = _union(known.topics, item.topics)
    known.evidence = _union_spans(known.evidence, item.evidence)


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
