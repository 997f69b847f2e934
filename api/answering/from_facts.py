"""Answers read off the stored facts, with no model call.

Some questions ask for a field of a fact: who led a visit, where the visitors came from,
which partner towns a place has, who joined an alliance and when, when an alliance was
founded, which members it has. The extraction has already checked those values against their
sentences, so code answers them and cites the fact's evidence. Every other question, and one
that the facts do not answer, goes to the model (api/answering/answerer.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from api.answering.parts import Part, parts_of
from api.knowledge.relations import Knowledge, StoredFact
from api.language import dates
from api.language.lexicon import (
    ARTICLES,
    JOINING,
    POLAR_OPENING,
    STOPWORDS,
    TITLES_IN_ENGLISH,
    TOWN_PARTNERSHIP,
    WANTS_PLACE,
    base_title,
    has_trigger,
    nominative_role,
    title_ending,
    word_pattern,
)
from api.language.names import acronyms, alliance_key, fold, mentions, word_stems
from api.language.numbers import numbers_in, relation_age
from api.language.place_names import POSSESSIVE, places_named, towns_of_adjectives
from api.language.placehood import DEGREE
from api.language.places import (
    core_name,
    countries_in,
    country_name,
    resolve_place,
    where_written,
)
from api.language.text import is_heading, split_sentences
from api.storage.facts import FactFilter
from api.storage.search import search_terms
from api.storage.store import Store
from schemas.contract import Span
from schemas.knowledge import MergedPartnership
from schemas.knowledge import Source as RelationSource

# At most this many facts are read per question, and this many items named in an answer.
FACTS = 50
ITEMS = 12
# What a question asks for, matched on its folded text.
LEADERS = re.compile(
    r"\b(?:wer (?:leitete|leitet|fuehrte|fuehrt)|angefuehrt|geleitet|who (?:led|leads|headed)"
    r"|led by|headed by)\b"
)
# Verbs of receiving visitors (folded), in any person and voice.
_RECEIVED = (
    r"empfing|empfingen|empfangen|empfaengt|begruesste|begruessten|begruesst|hiess|hiessen"
    r"|willkommen|bewirtete|received|receives|welcomed|welcomes|greeted|greets|hosted|hosts"
)
# What asks who received the visitors on the host's side: a question word that is the
# subject or agent of a verb of receiving ("Wer empfing die Gäste?", "Von wem wurden sie
# begrüßt?", "Who welcomed the delegation?", "By whom were they received?"), or the agent
# asked after the verb ("empfangen von wem?", "received by whom?"). Not "Wer wurde
# empfangen?", "Who was welcomed?": those ask for the guests.
HOSTS = re.compile(
    r"\b(?:wer\b(?!\s+(?:wurde|wurden|wird|werden|war|waren|ist|sind)\b)|von wem\b"
    rf"|who\b(?!\s+(?:was|were|is|are|has been|had been|have been)\b)|by whom\b)[^?]*?\b(?:{_RECEIVED})\b"
    r"|\b(?:empfangen|begruesst) von\b|\b(?:received|welcomed|hosted|greeted) by\b"
)
# Whom the question says was received: visitors, or a pronoun for them ("Who received the
# plaque?" asks of a thing given).
RECEIVED_PEOPLE = re.compile(
    r"\b(?:delegation\w*|delegierte\w*|gaeste\w*|gast|besucher\w*|vertreter\w*|abordnung\w*"
    r"|gruppe\w*|schueler\w*|buergermeister\w*|visitors?|delegates?|guests?|group|party|team"
    r"|students?|pupils?|mayors?|officials|representatives|sie|ihn|them|him|her)\b"
)
# What asks who invited the visitors ("Auf wessen Einladung kamen sie?"), folded.
INVITER = re.compile(
    r"\b(?:auf wessen einladung|auf einladung von wem|wer (?:lud|hatte|hat) \w+(?: \w+)* ein\b"
    r"|at whose invitation|who invited|invited by whom)"
)
# The inviter named in a sentence: "auf Einladung von Oberbürgermeister X", "at the
# invitation of Mayor X", "invited by X" (folded), with the words up to the name.
INVITED_BY = re.compile(
    r"\b(?:(?:auf|nach) einladung (?:von|des|der)|at the invitation of|invited by) (.*)$"
)
# Words of receiving visitors, in a sentence (folded).
RECEIVING = re.compile(rf"\b(?:empf\w+|begruess\w+|bewirte\w*|{_RECEIVED})\b")
# Words of leading a group, in a sentence (folded).
LEADING = re.compile(
    r"\b(?:angefuehrt\w*|gefuehrt|geleitet\w*|leitung|fuehrung|leiter\w*|leitete\w*|fuehrte\w*"
    r"|led|leads|headed|leader|leaders)\b"
)
WHICH = re.compile(r"\b(?:welche\w*|which|what|nenn\w*|list\w*)\b")
# "An welchem Tag", "in which year": a which-question that asks when.
WHICH_TIME = re.compile(
    r"\b(?:an |in |on |at )?(?:welche[mnrs]?|which|what) (?:\w+ )?(?:tag|datum|\w*jahr|monat"
    r"|zeitpunkt|day|date|year|month|time)\b"
)
# A network the question refers to by a noun, not by its name ("the network", "das Bündnis").
NETWORK_REFERENCE = re.compile(
    r"\b(?:the|this|das|die|dem|der|dieses|diese[mnr]?) (?:network|alliance|organi[sz]ation"
    r"|netzwerk\w*|allianz|buendnis\w*|organisation)\b"
)
# The nouns that ask for a place's partners, coordinated ones too: "Partner- und
# Freundschaftsstädte" (folded "partner und freundschaftsstaedte"), "sister and friendship
# cities", "Partnerstädte und Freundschaften".
_PARTNER_KIND = r"(?:twin|sister|partner|friendship)"
PARTNERS = re.compile(
    r"\b(?:partnerstaedte\w*|partnerstadt|staedtepartnerschaft\w*|partnerschaften"
    r"|freundschaftsstaedte\w*|staedtefreundschaft\w*|freundschaften"
    rf"|{_PARTNER_KIND}(?: (?:and|or|&) {_PARTNER_KIND})? (?:towns?|cities)"
    r"|partner (?:und|oder) freundschaftsstaedte\w*)\b"
)
# A place the question sets apart from the partners it asks for: "Welche Partnerstädte hatte
# X schon vor Y?", "Which sister cities did X have before adding Y?", "außer Y", "besides Y"
# (the text before Y's name, folded). "vor"/"before" asks for those that came earlier.
SET_APART = re.compile(
    r"\b(?P<word>vor|before|ausser|besides|other than|apart from|neben|zusaetzlich zu"
    r"|in addition to)(?:\s+\w+ing(?:\s+with)?)?\s+(?:der |dem |the )?$"
)
EARLIER = frozenset({"vor", "before"})
# Which towns a place is twinned with, asked by the verb: "Which towns is X twinned with?",
# "Mit welchen Städten ist X verschwistert?", "... partnerschaftlich verbunden?".
TOWNS_TWINNED = re.compile(
    r"\b(?:towns|cities|places|staedten?|orten?|gemeinden)\b.*"
    r"\b(?:twinned|verschwistert|partnerschaftlich verbunden)\b"
)
# Joining asked by the verb or by its noun ("Which cities' admission did ... approve?",
# "die Neuaufnahme welcher Städte").
JOINED = re.compile(
    r"\b(?:beigetreten|beitritt\w*|trat\w*|aufgenommen|(?:neu)?aufnahmen?|joined|join|admitted"
    r"|admissions?|accession)\b"
)
WHEN = re.compile(r"\b(?:wann|when|seit wann)\b|" + WHICH_TIME.pattern)
FOUNDED = re.compile(r"\b(?:gegruendet|gruendung\w*|founded|founding|established)\b")
MEMBERS = re.compile(r"\b(?:mitglied\w*|members?)\b")
TOGETHER = re.compile(r"\b(?:zusammen mit|ausser|neben|together with|besides|apart from)\b")
ORIGIN = re.compile(
    r"\b(?:woher|aus welche[mnrs]? (?:land|stadt|ort|region|staat)|from which (?:country|city|town)"
    r"|where did .+ come from|where was .+ from|where were .+ from)\b"
)
# The words that ask where a visit came from, with the verb of coming after them
# ("aus welchem Land kam", "woher kamen"): they do not say which visit is meant.
ASKING_ORIGIN = re.compile(
    ORIGIN.pattern + r"(?:\s+(?:kam|kamen|kommt|kommen|stammt\w*|reist\w*|came|come|travel\w*))?"
)
# An origin question about several groups wants them all: the model's passages list them.
SEVERAL = re.compile(r"\b(?:delegationen|delegations|gruppen|groups|kamen|were)\b")
HOW_MANY = re.compile(r"\b(?:wie viele|wieviele|how many|number of|anzahl)\b")
# What a question asks of a visit besides who led it: how long it lasted ("wie viele Tage"
# asks that too), when it was (not "seit wann": since when something recurs), and how many
# people came ("wie viele Personen", "how many youth players", "wie viele kamen").
HOW_LONG = re.compile(
    r"\b(?:wie lange|how long|(?:wie viele|how many) (?:tage|naechte|days|nights))\b"
)
# How old a relation is, or was: answered by the age a source states ("36-jährige").
HOW_OLD = re.compile(r"\b(?:wie alt|how old|seit wie vielen jahren|how many years)\b")
SINCE_WHEN = re.compile(r"\b(?:seit wann|since when)\b")
PEOPLE = (
    r"(?:personen|menschen|leute|teilnehmer\w*|gaeste|delegierte\w*|mitglieder\w*|vertreter\w*"
    r"|besucher\w*|spieler\w*|schueler\w*|stadtraet\w*|gemeinderaet\w*|people|persons"
    r"|participants|delegates|members|guests|visitors|players|students|pupils|councillors"
    r"|councilors|officials|representatives)"
)
PARTICIPANTS = re.compile(
    rf"\b(?:(?:wie viele|wieviele|how many) (?:\w+ )?{PEOPLE}"
    r"|(?:wie viele|wieviele|how many) (?:kamen|reisten|came|travelled|traveled|took part)"
    r"|wie gross war die (?:delegation|gruppe)|how (?:big|large) was the (?:delegation|group))\b"
)
# Who came, and coming or expected to (folded word starts): counted, they are a visit's
# travellers ("Wie viele Stadträte werden erwartet?", "How many councillors are expected?").
TRAVELLING = word_pattern(
    (
        "gaeste",
        "besucher",
        "delegierte",
        "guests",
        "visitors",
        "delegates",
        "kamen",
        "reisten",
        "erwartet",
        "came",
        "travelled",
        "traveled",
        "expected",
    )
)
# A date asked of a signing, a founding or a joining is not the date of the visit at which it
# happened ("Wann wurde die Partnerschaft beim Besuch in Lyon unterzeichnet?").
SIGNED = re.compile(
    r"\b(?:unterzeichn\w*|unterschrieb\w*|besiegelt\w*|geschlossen|signed|sign|sealed)\b"
)
# Words of a partnership's beginning: "Wann wurde die Partnerschaft geschlossen?" asks since
# when it is, as "Seit wann?" does. (A signing may be a renewal: "unterzeichnet" is not here.)
BEGUN = re.compile(
    r"\b(?:gegruendet|geschlossen|begruendet|besiegelt|eingegangen|begonnen|established"
    r"|founded|formed|began|begun|started|entered)\b"
)
SINCE = {"de": "seit", "en": "since"}
UNDATED = {"de": "ohne Datum", "en": "no date given"}
# Prepositions of time that open a question ("Seit wann …?") and are no stop words of search:
# not the towns of that name ("Seit" is one in the Philippines).
OPENING_PREPOSITIONS = frozenset({"seit", "ab", "since", "until", "till"})
# The word before a place's name that makes it a visit's origin ("aus Lyon", "from Lyon") or
# its host ("nach Lyon", "in Lyon", "to Lyon"), on folded text.
FROM_BEFORE = re.compile(r"\b(?:aus|from)\s+(?:der |dem |the )?$")
TO_BEFORE = re.compile(r"\b(?:nach|in|bei|to|at)\s+(?:der |dem |die |the )?$")
# Words of a twinning in a question ("verschwistert", "twinned with", "Partnerstadt").
TWINNED = re.compile(r"\b(?:twin\w*|sister|partner\w*|verschwister\w*|staedtepartnerschaft\w*)\b")
# Questions about several things at once ("in both articles") are the model's, unless they
# ask for a partner that places share.
COMPARING = re.compile(r"\b(?:sowohl|both|gemeinsam|in common)\b")
AND = {"de": "und", "en": "and"}
# A question that picks one partner by its order or newness ("eine zweite Partnerschaft", "its
# newest twin town") is not answered by the list of all: the facts hold no order.
PICKING_ONE = re.compile(
    r"\b(?:erste[mnrs]?|zweite[mnrs]?|dritte[mnrs]?|neue[mnrs]?|neueste[mnrs]?|juengste[mnrs]?"
    r"|first|second|third|new|newest|latest|most recent)\b"
)
# A role of at most this many words is a title that stands before the name.
TITLE_WORDS = 2


@dataclass(frozen=True)
class Source:
    """A cited evidence span; its text was checked against the stored document at extraction."""

    document_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FactAnswer:
    """An answer whose statements end with [n] markers; [n] cites sources[n - 1]."""

    answer: str
    sources: list[Source]


Fact = tuple[str, dict[str, Any]]


class Citer:
    """Numbers the evidence spans an answer cites, each once, in the order first cited."""

    def __init__(self) -> None:
        self.sources: list[Source] = []

    def mark(self, document_id: str, spans: list[dict[str, Any]]) -> str:
        return self.marks(self.numbers(document_id, spans))

    def numbers(self, document_id: str, spans: list[dict[str, Any]]) -> list[int]:
        numbers = []
        for span in spans:
            source = Source(document_id, span["start"], span["end"], span["text"])
            if source not in self.sources:
                self.sources.append(source)
            numbers.append(self.sources.index(source) + 1)
        return numbers

    @staticmethod
    def marks(numbers: list[int]) -> str:
        return "".join(f"[{n}]" for n in dict.fromkeys(numbers))


# "What kind of relationship did A have with B?", "Welche Art von Beziehung verbindet A und
# B?", "Was für eine Partnerschaft ...?" (folded): the kind of the partnership joining two.
KIND_ASKED = re.compile(
    r"\b(?:(?:what|which)\s+(?:kind|sort|type)\s+of|welche\s+art\s+(?:von|der)"
    r"|was\s+fuer\s+eine?)\s+(?:\w+\s+)?(?:relationship|relation|partnership|link|ties"
    r"|connection|beziehung|partnerschaft|verbindung|verbundenheit)\b"
)


async def answer_from_facts(
    store: Store,
    question: str,
    language: str,
    document_ids: list[str] | None,
    context: str | None = None,
) -> FactAnswer | None:
    """The answer the stored facts give to the question, or None when they give none;
    `context`: the whole question a part of it leans on ("..., and when was the network
    founded?" asks of the network the whole question names)."""
    text = fold(question)
    asks_which = WHICH.search(WHICH_TIME.sub(" ", text)) is not None
    parts = parts_of(question, language)
    asks_one_thing = len(parts) == 1
    written = await _places_written(store, question)
    places = list(dict.fromkeys(written.values()))
    countries = countries_in(question)
    if TWINNED.search(text) and asks_which and len(countries) == 2:
        # "Which German towns are twinned with a Chinese town?": across all articles.
        return await _partners_between(store, countries, language, document_ids)
    if COMPARING.search(text):
        if TWINNED.search(text) and len(places) >= 2:
            # "Which town is twinned with both A and B?": across all articles.
            return await _partner_of_all(store, places, language, document_ids)
        if MEMBERS.search(text):
            # "Which members does both the one and the other article name?"
            alliances = await _alliances_named(store, question, document_ids)
            return _members_in_every_article(alliances, language)
        if FOUNDED.search(text) and WHEN.search(text) and asks_one_thing:
            # "Which founding year do both articles give?": each article's, with its source.
            alliances = await _network_asked(store, question, document_ids, context)
            return _founded(alliances, language) if alliances else None
        return None
    asked = _asked_of_a_visit(question, language)
    if asked and places:
        visits = await _all_facts(store, "visit", places, document_ids)
        return _visit_fields(visits, asked, _ends(question, written), language)
    if (
        POLAR_OPENING.match(question)
        and TWINNED.search(text)
        and len(places) == 2
        and asks_one_thing
    ):
        # "Ist Huangshan eine Partnerstadt von Stralsund?": yes where a fact joins the two;
        # else the model's, under its checks (that the articles name no such partnership
        # is no "no").
        return await _partners_indeed(store, places, language, document_ids)
    kind_asked = KIND_ASKED.search(text)
    if kind_asked and asks_one_thing:
        # "What kind of relationship did A have with B?": the partnership that joins them
        # ("Art" in "Welche Art von Beziehung" is no town).
        joined = [place for place in places if fold(place) not in kind_asked.group(0).split()]
        if len(joined) == 2:
            return await _partners_indeed(store, joined, language, document_ids, polar=False)
    if TWINNED.search(text) and len(places) == 2 and asks_one_thing:
        if HOW_LONG.search(text) or HOW_OLD.search(text):
            aged = await _twinned_for(store, places, language, document_ids)
            if aged or HOW_OLD.search(text):
                return aged
        ongoing = SINCE_WHEN.search(text) or HOW_LONG.search(text)
        if ongoing or (WHEN.search(text) and BEGUN.search(text)):
            return await _twinned_since(store, places, bool(ongoing), language, document_ids)
    if ORIGIN.search(text) and not SEVERAL.search(text) and asks_one_thing:
        visits = await _all_facts(store, "visit", places, document_ids)
        return _origin(visits, question, places)
    if PARTNERS.search(text) and HOW_MANY.search(text) and len(places) == 1 and asks_one_thing:
        return await _partner_count(store, places[0], language, document_ids)
    picking = PICKING_ONE.search(text)
    picks_one = picking is not None
    if picking and PARTNERS.search(text) and asks_which and len(places) == 1 and asks_one_thing:
        # "Mit welcher Stadt ging X eine zweite Städtepartnerschaft ein?": the partner a
        # sentence calls so.
        partnerships = await _facts(store, "partnership", places[0], document_ids)
        return _picked_partner(partnerships, places[0], picking.group(0), language)
    apart = _set_apart(text, written) if len(places) == 2 else None
    if (
        (PARTNERS.search(text) or TOWNS_TWINNED.search(text))
        and asks_which
        and (len(places) == 1 or apart is not None)
        and asks_one_thing
        and not picks_one
    ):
        place = apart.place if apart is not None else places[0]
        partnerships = await _facts(store, "partnership", place, document_ids)
        return _partners(partnerships, place, language, apart, sister="sister" in text)
    alliances = await _network_asked(store, question, document_ids, context)
    if not alliances:
        return None
    where = WANTS_PLACE.search(question) is not None
    if JOINED.search(text) and _asks_beyond(parts, JOINED):
        return None  # "Which cities joined X, and when was it founded?": a part at a time
    if JOINED.search(text) and (WHEN.search(text) or (where and places)):
        # "When did X join?", "Wo trat X bei?"; "Which cities joined, and when?" (a country's
        # adjective in the alliance's name, "Chinese-German", names no place that joined)
        answered = _joined_when(alliances, places, language, where) if places else None
        if answered is not None and not asks_one_thing and not _when_and_where(question, language):
            return None  # the facts tell when and where, not the rest it asks ("wann und wie")
        if answered is not None or not asks_which:
            return answered
        return _every_joining(alliances, language)
    if JOINED.search(text) and asks_which:
        besides = places if TOGETHER.search(text) else []
        return _joined(alliances, besides, language)
    if FOUNDED.search(text) and WHEN.search(text) and not _asks_beyond(parts, FOUNDED):
        return _founded(alliances, language, where)
    if MEMBERS.search(text) and asks_which and not _asks_beyond(parts, MEMBERS):
        return _members(alliances, language)
    return None


async def _partner_of_all(
    store: Store, places: list[str], language: str, document_ids: list[str] | None
) -> FactAnswer | None:
    """The places twinned with every place the question names, from the partnerships of
    all articles merged (api/knowledge/relations.py), each cited to a source of each twinning."""
    knowledge = await _knowledge(store, "partnership", document_ids)
    asked = [_ids_of(knowledge, name) for name in places]
    if not all(asked):
        return None
    partners_of = [
        {
            other.id: partnership
            for partnership in knowledge.partnerships
            if _joins(partnership, ids)
            for other in partnership.places
            if other.id not in ids
        }
        for ids in asked
    ]
    common = set.intersection(*(set(partners) for partners in partners_of))
    citer, statements = Citer(), []
    for partner_id in sorted(common):
        marks = ""
        for partners in partners_of:
            names = _place_names(partners[partner_id])
            source = _best_source(partners[partner_id].sources, names)
            marks += citer.mark(source.document_id, _stating(source, names))
        statements.append(f"{knowledge.places.places[partner_id].name} {marks}")
    return _answer(statements[:ITEMS], citer, language=language)


KIND_WORDS = {
    "de": {"friendship": "Freundschaft", "cooperation": "Kooperation"},
    "en": {"friendship": "friendship", "cooperation": "cooperation"},
}


# What two places are to each other, by the partnership's kind.
PARTNERS_SAID = {
    "de": {
        "twinning": "{} und {} sind Partnerstädte",
        "friendship": "{} und {} verbindet eine Freundschaft",
        "cooperation": "{} und {} verbindet eine Kooperation",
    },
    "en": {
        "twinning": "{} and {} are twin towns",
        "friendship": "{} and {} are friendship cities",
        "cooperation": "{} and {} cooperate",
    },
}
# ... where the partnership has ended, or is planned.
PARTNERS_SAID_OF_STATUS = {
    "de": {
        "ended": "{} und {} waren Partnerstädte; die Partnerschaft ist beendet",
        "planned": "{} und {} planen eine Partnerschaft",
    },
    "en": {
        "ended": "{} and {} were twin towns; the link has ended",
        "planned": "{} and {} plan a partnership",
    },
}
YES = {"de": "Ja, ", "en": "Yes, "}
SINCE_SAID = {"de": " (seit {})", "en": " (since {})"}


async def _partners_indeed(
    store: Store,
    places: list[str],
    language: str,
    document_ids: list[str] | None,
    polar: bool = True,
) -> FactAnswer | None:
    """What the two places are to each other, with every source that states it, when a
    partnership merged across articles joins them: its kind, its status where it has ended
    or is planned, the year it began where a source gives one; "yes" before it when the
    question is `polar` ("Ist A eine Partnerstadt von B?"), not for "Welche Art von
    Beziehung ...?". None when no partnership joins them."""
    knowledge = await _knowledge(store, "partnership", document_ids)
    asked = [_ids_of(knowledge, name) for name in places]
    citer = Citer()
    for partnership in knowledge.partnerships:
        if not all(_joins(partnership, ids) for ids in asked):
            continue
        one, other = sorted(partnership.places, key=lambda place: place.id not in asked[0])
        marks = ""
        for source in partnership.sources:
            spans = [span.model_dump() for span in source.evidence]
            marks += citer.mark(source.document_id, _naming(spans, [other.name]))
        said = PARTNERS_SAID_OF_STATUS[language].get(partnership.status) or PARTNERS_SAID[
            language
        ].get(partnership.kind, PARTNERS_SAID[language]["twinning"])
        statement = said.format(one.name, other.name)
        if polar and partnership.status not in PARTNERS_SAID_OF_STATUS[language]:
            statement = YES[language] + statement  # an ended one is no "yes"
        elif partnership.since:
            statement += SINCE_SAID[language].format(spoken_date(partnership.since, language))
        return _answer([f"{statement} {marks}"], citer)
    return None


async def _partners_between(
    store: Store, countries: list[set[str]], language: str, document_ids: list[str] | None
) -> FactAnswer | None:
    """The partnerships between a place in one group of countries and a place in the other,
    merged across articles, each with its kind where it is not a twinning and cited to its
    first source."""
    first, second = countries
    knowledge = await _knowledge(store, "partnership", document_ids)
    citer, statements = Citer(), []
    for partnership in knowledge.partnerships:
        one, other = partnership.places
        if one.country in second and other.country in first:
            one, other = other, one
        if one.country not in first or other.country not in second:
            continue
        source = _best_source(partnership.sources, [one.name, other.name])
        marks = citer.mark(source.document_id, _stating(source, [one.name, other.name]))
        kind = KIND_WORDS[language].get(partnership.kind)
        sentences = [span.text for source in partnership.sources for span in source.evidence]
        ends = [_placed(place.name, place.geonames_id, sentences) for place in (one, other)]
        statements.append(f"{' – '.join(ends)}{f' ({kind})' if kind else ''} {marks}")
    return _answer(statements[:ITEMS], citer, language=language)


async def _twinned_since(
    store: Store, places: list[str], ongoing: bool, language: str, document_ids: list[str] | None
) -> FactAnswer | None:
    """Since when the two places are partners, merged across articles: each date a source
    states, with that source (two articles that give different years are both given). Said
    with "seit"/"since" when the question asks how long it has lasted."""
    citer, statements = Citer(), dict[str, list[int]]()
    for partnership in await _partnerships_joining(store, places, document_ids):
        for source in partnership.sources:
            if not source.stated_date:
                continue
            year = source.stated_date[:4]
            spans = [span.model_dump() for span in source.evidence]
            stating = [span for span in spans if year in span["text"]] or spans
            said = spoken_date(source.stated_date, language)
            said = f"{SINCE[language]} {said}" if ongoing else said
            statements.setdefault(said, []).extend(citer.numbers(source.document_id, stating[:1]))
    return _stated(statements, citer)


async def _twinned_for(
    store: Store, places: list[str], language: str, document_ids: list[str] | None
) -> FactAnswer | None:
    """How many years the two places have been partners, as their sources' sentences state
    it ("eine 36-jährige Städtepartnerschaft", "the 20th anniversary of twinning"), merged
    across articles: each age with the sentence that states it (two articles that give
    different ages are both given, each as of its own day)."""
    citer, statements = Citer(), dict[str, list[int]]()
    knowledge = await _knowledge(store, "partnership", document_ids)
    for partnership in _joining(knowledge, places):
        for source in partnership.sources:
            aged = [(relation_age(fold(span.text)), span) for span in source.evidence]
            years, span = next(((y, s) for y, s in aged if y), (None, None))
            if years is None or span is None:
                text = (await store.documents.get(source.document_id)).text
                later = _age_said_after(text, source.document_id, partnership, knowledge)
                years, span = later or (None, None)
            if years is None or span is None:
                continue
            said = f"{years} {YEARS[language][years != 1]}"
            numbers = citer.numbers(source.document_id, [span.model_dump()])
            statements.setdefault(said, []).extend(numbers)
    return _stated(statements, citer)


# A relation spoken of by a definite noun phrase ("die seit 20 Jahren dauernde
# Städtepartnerschaft", "this long friendship"), folded.
DEFINITE_RELATION = re.compile(
    r"\b(?:die|diese|unsere|the|this|our)\s+(?:[\w\-]+\s+){0,4}?"
    r"(?:\w*partnerschaft|\w*freundschaft|twinning|partnership|friendship)\b"
)


def _age_said_after(
    text: str, document_id: str, partnership: MergedPartnership, knowledge: Knowledge
) -> tuple[int, Span] | None:
    """The partnership's age as a later sentence of the article (`text`, of `document_id`)
    states it of "the partnership" without naming a place ("In einer Art Staatsakt wurde die
    seit 20 Jahren dauernde Städtepartnerschaft erneuert"): a definite noun phrase refers to
    the relation of its kind the text named last, which must be this one. A sentence that
    names a place of another relation speaks of that one."""
    named = [
        (span.start, other.id == partnership.id)
        for other in knowledge.partnerships
        for source in other.sources
        if source.document_id == document_id
        for span in source.evidence
    ]
    own = {place.id for place in partnership.places}
    for sentence in split_sentences(text):
        folded = fold(sentence.text)
        years = relation_age(folded)
        if not years or not DEFINITE_RELATION.search(folded):
            continue
        if any(_ids_of(knowledge, name) - own for name in places_named(sentence.text)):
            continue
        before = [(start, this) for start, this in named if start < sentence.start]
        last = max((start for start, _ in before), default=None)
        if {this for start, this in before if start == last} == {True}:
            return years, Span(start=sentence.start, end=sentence.end, text=sentence.text)
    return None


def _joining(knowledge: Knowledge, places: list[str]) -> list[MergedPartnership]:
    """The merged partnerships that join all the places."""
    asked = [_ids_of(knowledge, name) for name in places]
    return [p for p in knowledge.partnerships if all(_joins(p, ids) for ids in asked)]


async def _partnerships_joining(
    store: Store, places: list[str], document_ids: list[str] | None
) -> list[MergedPartnership]:
    """The merged partnerships that join all the places."""
    return _joining(await _knowledge(store, "partnership", document_ids), places)


def _stated(statements: dict[str, list[int]], citer: Citer) -> FactAnswer | None:
    """Each thing said with the marks of the sources that state it, one after the other."""
    marked = [f"{said} {citer.marks(numbers)}" for said, numbers in statements.items()]
    return _answer(marked, citer, "; ")


async def _partner_count(
    store: Store, place: str, language: str, document_ids: list[str] | None
) -> FactAnswer | None:
    """How many partners the articles name for a place, merged across articles, each
    partner cited; the count is of what the articles state, which the answer says."""
    knowledge = await _knowledge(store, "partnership", document_ids)
    ids = _ids_of(knowledge, place)
    partners = {}
    for partnership in knowledge.partnerships:
        if _joins(partnership, ids):
            for other in partnership.places:
                if other.id not in ids:
                    source = _best_source(partnership.sources, _place_names(partnership))
                    partners[other.id] = (other.name, source, partnership)
    if not partners:
        return None
    citer = Citer()
    named = [
        f"{name} {citer.mark(source.document_id, _stating(source, _place_names(partnership)))}"
        for name, source, partnership in list(partners.values())[:ITEMS]
    ]
    lead = {"de": "Die Artikel nennen", "en": "The articles name"}[language]
    return FactAnswer(
        answer=f"{lead} {len(partners)}: {listing(named, language)}", sources=citer.sources
    )


def _ids_of(knowledge: Knowledge, name: str) -> set[str]:
    """The ids of the merged places that go by exactly this name."""
    return {place.id for place in knowledge.find_places(name, exact=True)}


def _joins(partnership: MergedPartnership, ids: set[str]) -> bool:
    """Whether one of the partnership's places is one of these."""
    return bool(ids & {place.id for place in partnership.places})


async def _knowledge(store: Store, kind: str, document_ids: list[str] | None) -> Knowledge:
    """The merged facts of a kind, of the given documents (all without)."""
    return Knowledge(
        [
            StoredFact(document_id, fact_type, payload)
            for document_id, fact_type, payload in await store.facts.served()
            if fact_type == kind and (not document_ids or document_id in document_ids)
        ]
    )


async def _places_written(store: Store, question: str) -> dict[str, str]:
    """The question's places, each name as written -> its folded canonical name as the facts
    store it: what the gazetteer resolves, and a name it does not know that a stored fact
    names as a place ("Hennersdorf", "East Rouen"). A stored place whose name the question
    writes in full is one place, not the towns its words name ("San Damiano d'Asti", with
    its lower-case "d'", is not "San" and "Asti"). A town's adjective names the town ("die
    Kaiserslauterer Delegation")."""
    folded, found = fold(question), {}
    named = places_named(question, OPENING_PREPOSITIONS)
    for name in named:
        longer = await _stored_name_in(store, fold(name), folded)
        if longer is not None:
            found[longer] = longer
    # A stored name of several words, lower-case ones among them ("Chateau du Loir"), that
    # the question writes in full: one place, not the towns its words may name ("Loir").
    for word in NAME_WORD.findall(question):
        longer = await _stored_name_in(store, fold(word), folded)
        if longer is not None and " " in longer and not any(_writes(k, longer) for k in found):
            found[longer] = longer
    for name in named:
        if any(_writes(key, fold(name)) for key in found):
            continue  # a word of a longer name found
        town = await _known_town(store, [name])
        if town is not None:
            found[name] = town
    for adjective, towns in towns_of_adjectives(question):
        if adjective not in found:
            town = await _known_town(store, towns)
            if town is not None:
                found[adjective] = town
    for word in await stored_place_words(store, question, named):
        if not any(_writes(key, fold(word)) for key in found.values()):
            found[word] = fold(word)
    return found


async def stored_place_words(store: Store, question: str, named: list[str]) -> list[str]:
    """The question's capitalised words, but the `named` places, that a stored fact names as
    a place: names no gazetteer knows ("Rangitīkei", "Tempelhof-Schöneberg")."""
    found = []
    for word in NAME_WORD.findall(question):
        word = POSSESSIVE.sub("", word)  # "Rangitīkei's"
        if word in named or word.lower() in STOPWORDS:
            continue
        if await store.facts.documents_with(fold(word)):
            found.append(word)
    return found


# A capitalised word, hyphenated compounds whole ("Tempelhof-Schöneberg").
NAME_WORD = re.compile(r"\b[A-ZÄÖÜ][\w\-’']+")


async def _known_town(store: Store, names: list[str]) -> str | None:
    """The first of the names that is a place (the gazetteer's, or one a stored fact names),
    as its folded canonical name."""
    for name in names:
        place = resolve_place(name)
        if place is not None:
            return _name(place.model_dump())
        if await store.facts.documents_with(fold(name)):
            return fold(name)
    return None


async def _stored_name_in(store: Store, first: str, question: str) -> str | None:
    """The longest place name stored facts use that starts with the word(s) `first` and
    that the (folded) question writes."""
    keys = await store.facts.place_keys_starting(first)
    return max((key for key in keys if _writes(question, key)), key=len, default=None)


def _writes(text: str, name: str) -> bool:
    """Whether the folded text writes the folded name as whole words."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


async def _facts(store: Store, kind: str, place: str, document_ids: list[str] | None) -> list[Fact]:
    facts, _ = await store.facts.page(FactFilter(type=kind, place=place), FACTS, 0)
    return [fact for fact in facts if not document_ids or fact[0] in document_ids]


async def _all_facts(
    store: Store, kind: str, places: list[str], document_ids: list[str] | None
) -> list[Fact]:
    """The facts of a kind naming one of the places, or all of them if the question names none."""
    if not places:
        facts, _ = await store.facts.page(FactFilter(type=kind), FACTS, 0)
        return [fact for fact in facts if not document_ids or fact[0] in document_ids]
    found = [fact for place in places for fact in await _facts(store, kind, place, document_ids)]
    # A fact naming two of the places is read twice: once is enough.
    return list({(fact[0], json.dumps(fact[1], sort_keys=True)): fact for fact in found}.values())


def _name(place: dict[str, Any] | None) -> str:
    """The folded name a place is compared by: a country by its one name in the vocabulary,
    whichever the article used ("Volksrepublik China" is China)."""
    if not place:
        return ""
    if place.get("kind") == "country" and place.get("country"):
        return fold(country_name(place["country"]) or place["name"])
    return fold(place["name"])


def listing(names: list[str], language: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {AND[language]} {names[-1]}"


def _naming(evidence: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    """The evidence span that names most of the names (for a partnership, a sentence naming
    both places before one naming one), a sentence of the body before a headline (which sums
    up what the body states), the first of equals; the first span if none names any. One
    sentence per answer item keeps the citations to what states it."""

    spans = _spans_naming(evidence, names)
    ranked = sorted(spans, key=lambda span: _naming_rank(span, names))
    return ranked[:1] or sorted(evidence, key=lambda span: is_heading(span["text"]))[:1]


def _naming_rank(span: dict[str, Any], names: list[str]) -> tuple[int, bool, bool]:
    """Sorts first the span naming most of the names; of equals, one where a partner word
    binds the names (`_bound`); then a sentence of the body before a headline."""
    text = span["text"]
    named = sum(mentions(text, name) for name in names)
    return -named, not _bound(text, names), is_heading(text)


# The words before and after a partner word that it binds: "Stralsunds Partnerstadt
# Huangshan", "die Partnerstädte Nottingham und Karlsruhe", "twinned with Lyon in 1980".
WORDS_BEFORE_PARTNER_WORD = re.compile(r"(?:\S+\s+){0,3}\S*$")
WORDS_AFTER_PARTNER_WORD = re.compile(r"\S*(?:\s+\S+){0,4}")


def _bound(text: str, names: list[str]) -> bool:
    """Whether a partner word stands near each of two or more names: the sentence states
    their relation ("Gespräche mit Vertretern von Stralsunds Partnerstadt Huangshan"), not
    only names them ("... der Partnerstadt Huangshan, die anlässlich der Eröffnung des
    Stralsunder Konfuzius-Instituts ...", where the second name qualifies an institute)."""
    if len(names) < 2:
        return False
    return any(
        all(mentions(around, name) for name in names) for around in _around_partner_words(text)
    )


def _around_partner_words(text: str) -> Iterator[str]:
    """The words around each partner word of the text, folded: those it binds."""
    folded = fold(text)
    for word in TOWN_PARTNERSHIP.finditer(folded):
        before = WORDS_BEFORE_PARTNER_WORD.search(folded[: word.start()])
        after = WORDS_AFTER_PARTNER_WORD.match(folded, word.end())
        yield f"{before.group() if before else ''} {after.group() if after else ''}"


def _stating_partner(
    evidence: list[dict[str, Any]], partner: str, owner: list[str]
) -> list[dict[str, Any]]:
    """The sentence that states a partner of a place: one where a partner word binds both
    ("die Städtepartnerschaft zwischen Ravensburg und Viborg"), else one where a partner word
    stands by the partner's name ("die dänische Partnerstadt Viborg"), before one that only
    names both (a visit's report); then as `_naming`."""
    spans = _spans_naming(evidence, [partner])

    def rank(span: dict[str, Any]) -> tuple[bool, bool, tuple[int, bool, bool]]:
        text = span["text"]
        both = bool(owner) and _bound(text, [partner, *owner])
        return not both, not _by_a_partner_word(text, partner), _naming_rank(span, [partner])

    return sorted(spans, key=rank)[:1] or evidence[:1]


def _by_a_partner_word(text: str, name: str) -> bool:
    """Whether a partner word stands within a few words of the name ("Partnerstadt Viborg",
    "Partnerschaften mit der Stadt Nottingham")."""
    return any(mentions(around, name) for around in _around_partner_words(text))


def _best_source(sources: list[RelationSource], names: list[str]) -> RelationSource:
    """Of a merged relation's sources, the one with the sentence that names most of the
    names (`_naming`); the first of equals. A relation one article states twice has a source
    for each fact: "die Partnerstadt Huangshan" and "Stralsunds Partnerstadt Huangshan"."""

    def rank(source: RelationSource) -> tuple[int, bool, bool]:
        stating = _stating(source, names)
        return _naming_rank(stating[0], names) if stating else (0, True, True)

    return min(sources, key=rank)


def _place_names(partnership: MergedPartnership) -> list[str]:
    return [place.name for place in partnership.places]


def _stating(source: RelationSource, names: list[str]) -> list[dict[str, Any]]:
    """The sentence of a merged relation's source that names most of the names."""
    return _naming([span.model_dump() for span in source.evidence], names)


def _listing_member(alliance: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The evidence span that states a member's membership: of those naming it, the one that
    names most of the alliance's members (the list, not a headline about one of them)."""
    evidence: list[dict[str, Any]] = alliance["evidence"]
    spans = _spans_naming(evidence, [name])
    if not spans:
        return evidence[:1]
    members = [place["name"] for place in alliance["members"]]

    def members_named(span: dict[str, Any]) -> int:
        return sum(mentions(span["text"], member) for member in members)

    return [max(spans, key=members_named)]


def _spans_naming(evidence: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    return [span for span in evidence if any(mentions(span["text"], n) for n in names)]


def _asked_of_a_visit(question: str, language: str) -> list[str] | None:
    """The fields of a visit a question asks for, in its order: 'leaders', 'hosts',
    'inviter', 'duration', 'date', 'participants'; a question that asks several things ("Wer
    leitete sie, und wie lange blieb sie?", api/answering/parts.py) asks one per part. None
    when it asks of no visit, or one part asks for something else."""
    text = fold(question)
    asks_of_people = LEADERS.search(text) or HOSTS.search(text) or INVITER.search(text)
    # "How many guests came from A to B?": English "came" is no visit word on its own (ideas
    # come too), but people counted who came are travellers.
    counts_travellers = PARTICIPANTS.search(text) and TRAVELLING.search(text)
    if not (asks_of_people or counts_travellers or has_trigger(question, "visit")):
        return None
    asked = [_field_asked(fold(part.asked)) for part in parts_of(question, language)]
    if not all(asked) or (SIGNED.search(text) and "date" in asked):
        return None
    return [field for field in asked if field]


def _field_asked(part: str) -> str | None:
    if INVITER.search(part):
        return "inviter"
    if LEADERS.search(part):
        return "leaders"
    if HOSTS.search(part) and RECEIVED_PEOPLE.search(part):
        return "hosts"
    if HOW_LONG.search(part):
        return "duration"
    if WHEN.search(part) and not SINCE_WHEN.search(part):
        return "date"
    if PARTICIPANTS.search(part):
        return "participants"
    return None


def _ends(question: str, written: dict[str, str]) -> dict[str, str]:
    """Which end of a visit each place of the question is, where the word before its name
    says so: folded canonical name -> 'from' or 'to'."""
    text, ends = fold(question), {}
    for name, place in written.items():
        at = text.find(fold(name))
        before = text[:at] if at >= 0 else ""
        if FROM_BEFORE.search(before):
            ends[place] = "from"
        elif TO_BEFORE.search(before):
            ends[place] = "to"
        else:
            ends.setdefault(place, "")
    return ends


def _visit_fields(
    visits: list[Fact], asked: list[str], ends: dict[str, str], language: str
) -> FactAnswer | None:
    """The asked fields of the visits between the question's places: a visit with a place of
    the question at one end (at both when it names two or more), at the end its words give.
    A visit that leaves an asked field empty says nothing; visits that say the same are one
    statement with the sources of each."""
    citer, statements = Citer(), dict[str, list[int]]()
    for document_id, visit in visits:
        said = [_said(field, visit, language) for field in asked]
        if not _between(visit, ends) or None in said:
            continue
        fields = [value for value in said if value is not None]
        text = "; ".join(words for words, _ in fields)
        spans = [span for _, stating in fields for span in stating]
        statements.setdefault(text, []).extend(citer.numbers(document_id, spans))
    marked = [f"{text} {citer.marks(numbers)}" for text, numbers in statements.items()]
    return _answer(marked, citer, "; ")


def _between(visit: dict[str, Any], ends: dict[str, str]) -> bool:
    origin, host = _end_named(visit["from_place"], ends), _end_named(visit["host_place"], ends)
    named = [end for end in (origin, host) if end]
    if not named or (len(ends) >= 2 and len(named) < 2):
        return False
    return ends.get(origin) != "to" and ends.get(host) != "from"


def _end_named(place: dict[str, Any] | None, ends: dict[str, str]) -> str:
    """The question's name for a visit's end: the place's own, also with or without a word
    of district before it ("im Landkreis Emmendingen" asks of a visit to Emmendingen, as the
    district takes its seat's name), or its country's ("Wann kam die Gruppe aus Aue in
    Deutschland an?" asks of a visit to a German town); "" when the question names none."""
    name = _name(place)
    if name in ends:
        return name
    same_seat = [asked for asked in ends if core_name(asked) == core_name(name) != ""]
    if same_seat:
        return same_seat[0]
    country = place and place.get("kind") != "country" and country_name(place.get("country") or "")
    return fold(country) if country and fold(country) in ends else ""


def _said(
    field: str, visit: dict[str, Any], language: str
) -> tuple[str, list[dict[str, Any]]] | None:
    """A field of a visit in words, with the evidence spans that state it; None when empty."""
    evidence = visit["evidence"]
    if field in ("leaders", "hosts"):
        people = visit["leaders" if field == "leaders" else "host_officials"]
        naming = _spans_naming(evidence, [person["name"] for person in people])
        # A sentence that names them but speaks of no visit, leading or receiving ("signed by
        # the mayors and X") does not say they led it: the model reads the passages instead.
        stating = [span for span in naming if _speaks_of_the_visit(span["text"])]
        if not people or not stating:
            return None
        said = stating[0]["text"]
        named = [titled(person, language, said) for person in people]
        return listing(named, language), stating[:1]
    if field == "inviter":
        return _inviter(visit, language)
    if field == "date":
        if not visit["start"]:
            return None
        # The sentence of the date's words that states the date, else one that states it: a
        # relative time ("letztes Wochenende") is dated by the day another sentence gives.
        naming = [s for s in evidence if visit["date_text"] and visit["date_text"] in s["text"]]
        dated = [s for s in evidence if visit["start"] in _dates_stated(s)]
        stating = [s for s in naming if s in dated] or dated or naming or evidence
        said = _spoken_range(visit["start"], visit["end"], language)
        if not visit["end"] or visit["end"] == visit["start"]:
            said = _with_time_of_day(said, visit["start"], stating[0]["text"], language)
        return said, stating[:1]
    count = visit["duration_days" if field == "duration" else "participants"]
    if not count and field == "duration":
        return _days_between(visit, language)
    if not count:
        return None
    stating = [span for span in evidence if count in numbers_in(span["text"])]
    unit = UNITS[language][field][count != 1]
    return f"{count} {unit}", (stating or evidence)[:1]


def _days_between(visit: dict[str, Any], language: str) -> tuple[str, list[dict[str, Any]]] | None:
    """How long a visit lasted where the text gives no length but its first and last day
    ("vom 3. bis 6. Juni 2024": 4 days, the days counted as the calendar has them), with the
    range it is counted from and the sentence that states it; None for a visit of one day,
    or of days without their year."""
    start, end = visit["start"], visit["end"]
    day = r"\d{4}-\d{2}-\d{2}"
    if not (start and end and re.fullmatch(day, start) and re.fullmatch(day, end)) or end <= start:
        return None
    days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
    stating = [span for span in visit["evidence"] if start in _dates_stated(span)]
    unit = UNITS[language]["duration"][True]
    said = f"{days} {unit} ({_spoken_range(start, end, language)})"
    return said, (stating or visit["evidence"])[:1]


def _with_time_of_day(said: str, day: str, sentence: str, language: str) -> str:
    """A day as the sentence that states it gives it: with the weekday it writes before the
    date and the part of the day its clause gives ("Am Freitag, 24.6.2016 sind wir bereits am
    Vormittag gelandet": "Freitag, 24. Juni 2016, am Vormittag")."""
    for phrase in dates.find_date_expressions(sentence):
        if dates.parse_date_expression(phrase)[0] != day:
            continue
        weekday = dates.weekday_written(phrase, day, language)
        part = dates.day_part_with(sentence, phrase, language)
        return ", ".join(word for word in (weekday, said, part) if word)
    return said


def _inviter(visit: dict[str, Any], language: str) -> tuple[str, list[dict[str, Any]]] | None:
    """The person a sentence of the visit names as the one who invited the visitors ("Auf
    Einladung von Oberbürgermeister X besuchte eine Delegation ..."), host or leader, with
    that sentence; None when no sentence says who invited them."""
    for person in visit["host_officials"] + visit["leaders"]:
        for span in visit["evidence"]:
            text = fold(span["text"])
            at = text.find(fold(person["name"]))
            invited = INVITED_BY.search(text[:at]) if at >= 0 else None
            if invited and _titles_only(invited.group(1).split()):
                return titled(person, language, span["text"]), [span]
    return None


def _titles_only(words: list[str]) -> bool:
    """Whether the words between a phrase and a name are only its article and titles ("the
    Lord Mayor", "Oberbürgermeister Dr."): then the name is the phrase's."""
    return all(w in ARTICLES or base_title(w) or DEGREE.fullmatch(w) for w in words)


YEARS = {"de": ("Jahr", "Jahre"), "en": ("year", "years")}
UNITS = {
    "de": {"duration": ("Tag", "Tage"), "participants": ("Person", "Personen")},
    "en": {"duration": ("day", "days"), "participants": ("person", "people")},
}


def _speaks_of_the_visit(sentence: str) -> bool:
    folded = fold(sentence)
    return has_trigger(sentence, "visit") or any(
        pattern.search(folded) for pattern in (LEADING, RECEIVING)
    )


def _spoken_range(start: str, end: str | None, language: str) -> str:
    """'2013-04-21' to '2013-04-25' as '21. bis 25. April 2013' ('21 to 25 April 2013');
    one day, or days of different months, each spoken whole."""
    if not end or end == start:
        return spoken_date(start, language)
    to = {"de": "bis", "en": "to"}[language]
    month = _month_of_day(start)
    if month is not None and month == _month_of_day(end):
        day = int(start[-2:])
        return f"{day}{'.' if language == 'de' else ''} {to} {spoken_date(end, language)}"
    return f"{spoken_date(start, language)} {to} {spoken_date(end, language)}"


def _month_of_day(date: str) -> str | None:
    """The month of a day: "2013-04" of "2013-04-21", "--04" of "--04-21" (a day the text
    gives no year); None for a date that is no day ("2013-04")."""
    day = re.fullmatch(r"(\d{4}|-)-(\d\d)-\d\d", date)
    return f"{day.group(1)}-{day.group(2)}" if day else None


def titled(person: dict[str, Any], language: str = "de", said: str = "") -> str:
    """A person with the role the text gives them, as news write it: a title before the name
    ("Bürgermeister Tom Kurz", "Lord Mayor Ann Lee"), a longer description after it in
    parentheses. The role was checked against the evidence at extraction; a name that holds
    it stays as it is. A German title in an English answer is said in English, with the
    text's word after the name ("Mayor Tom Kurz (Bürgermeister)"). The academic degrees the
    sentence `said` writes before the name are part of it ("Dr. Kurt Kliem")."""
    role, name = person.get("role"), _with_degrees(str(person["name"]), said)
    if not role or fold(role) in fold(name):
        return name
    head, *rest = role.split()
    base, ending = base_title(head), title_ending(head)
    if ending:
        # A title as the genitive or dative writes it: "des Bürgermeisters", "dem Präsidenten".
        role = " ".join([head[: len(head) - ending], *rest])
    # The article the sentence writes before the role shows its gender ("dem Vorsitzenden").
    article = re.search(rf"(\w+)\s+{re.escape(head)}\b", said)
    role = " ".join(
        nominative_role(word, article.group(1) if article and not at else "")
        for at, word in enumerate(role.split())
    )
    if language == "en" and base in TITLES_IN_ENGLISH:
        return f"{TITLES_IN_ENGLISH[base]} {name} ({role})"
    return f"{role} {name}" if len(role.split()) <= TITLE_WORDS else f"{name} ({role})"


def _with_degrees(name: str, said: str) -> str:
    """A name with the academic degrees that stand right before it in a sentence ("Prof. Dr.
    Anna Roth", "Dr.-Ing. Tom Kurz"): news name a person with them. The name itself when
    the sentence gives none, or gives the name with them already."""
    degrees = re.search(rf"(?<![\w.-])((?:{DEGREE.pattern}\s+)+){re.escape(name)}\b", said)
    return degrees.group(1) + name if degrees else name


def _origin(visits: list[Fact], question: str, places: list[str]) -> FactAnswer | None:
    """Where the one visit the question describes came from: the visit whose topics and
    evidence share the most with the question (between equals, the one whose topics share
    more), if no other shares as much.

    The words that ask ("aus welchem Land kam") say nothing of which visit is meant, and a
    word few of the visits share says more than one most of them do: each shared word
    counts one over the number of visits that have it."""
    asked = set(search_terms(ASKING_ORIGIN.sub(" ", fold(question))))
    candidates = []
    for document_id, visit in visits:
        if visit["from_place"] is None or _name(visit["from_place"]) in places:
            continue
        said = " ".join([*visit["topics"], *(span["text"] for span in visit["evidence"])])
        about = asked & set(search_terms(" ".join(visit["topics"])))
        candidates.append((asked & set(search_terms(said)), about, document_id, visit))
    having = Counter(word for shared, _, _, _ in candidates for word in shared)
    # Equal shares: the visit whose topics (what it was about) name more of the words is meant.
    scored = [
        ((sum(1 / having[word] for word in shared), len(about)), document_id, visit)
        for shared, about, document_id, visit in candidates
    ]
    scored.sort(key=lambda item: item[0], reverse=True)
    if not scored or scored[0][0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    _, document_id, visit = scored[0]
    citer, origin = Citer(), visit["from_place"]["name"]
    spans = _naming(visit["evidence"], [origin])
    return _answer([f"{origin} {citer.mark(document_id, spans)}"], citer)


@dataclass(frozen=True)
class SetApart:
    """The place whose partners a question asks for, and the partner it sets apart
    (`SET_APART`); `earlier`: it asks for those that came before that one."""

    place: str
    apart: str
    earlier: bool


def _set_apart(text: str, written: dict[str, str]) -> SetApart | None:
    """Of the two places a (folded) question names, the one a preposition such as "vor",
    "außer", "before" or "besides" governs, set apart from the other's partners."""
    governed: dict[str, str] = {}
    for name, place in written.items():
        at = text.find(fold(name))
        preposition = SET_APART.search(text[:at]) if at >= 0 else None
        if preposition is not None:
            governed[place] = preposition.group("word")
    if len(governed) != 1:
        return None
    [(apart, word)] = governed.items()
    others = list(dict.fromkeys(other for other in written.values() if other != apart))
    return SetApart(others[0], apart, word in EARLIER) if len(others) == 1 else None


# How a list of partners of several kinds names each kind: {language: {kind: (one, several)}}.
KIND_HEADINGS = {
    "de": {
        "twinning": ("Partnerstadt", "Partnerstädte"),
        "friendship": ("Freundschaft", "Freundschaften"),
        "cooperation": ("Kooperation", "Kooperationen"),
    },
    "en": {
        "twinning": ("twin town", "twin towns"),
        "friendship": ("friendship city", "friendship cities"),
        "cooperation": ("cooperation", "cooperations"),
    },
}
SISTER_CITIES = ("sister city", "sister cities")
ENDED = {"de": "beendet", "en": "ended"}


def _partners(
    partnerships: list[Fact],
    place: str,
    language: str,
    apart: SetApart | None = None,
    sister: bool = False,
) -> FactAnswer | None:
    """The place's partners, each cited to a sentence naming it; where they are of several
    kinds, under a heading for each ("Partnerstädte: A [1] und B [1]; Freundschaft: C [2]"),
    and an ended partnership said to be so. A partnership that several articles state is
    cited from the article that states the most of the partnerships listed: the list is
    cited to the text that gives it whole, not pieced from others. `apart`: the partner the
    question sets apart, left out; asked for those before it, also every partner it dates
    later than that one. `sister`: the question calls twin towns sister cities."""
    if apart is not None:
        partnerships = _without(partnerships, apart)
    stated = Counter(
        document_id
        for document_id, _ in {
            (document_id, _name(other))
            for document_id, partnership in partnerships
            for other in partnership["places"]
            if _name(other) != place
        }
    )
    citer, partners, kinds = Citer(), {}, {}
    for document_id, partnership in sorted(partnerships, key=lambda fact: -stated[fact[0]]):
        owner = [own["name"] for own in partnership["places"] if _name(own) == place]
        for other in partnership["places"]:
            if _name(other) != place and _name(other) not in partners:
                spans = _stating_partner(partnership["evidence"], other["name"], owner)
                sentences = [span["text"] for span in partnership["evidence"]]
                named = _placed(other["name"], other.get("geonames_id"), sentences)
                ended = f" ({ENDED[language]})" if partnership.get("status") == "ended" else ""
                partners[_name(other)] = f"{named}{ended} {citer.mark(document_id, spans)}"
                kinds[_name(other)] = partnership.get("kind") or "twinning"
    listed = list(partners)[:ITEMS]
    if len({kinds[name] for name in listed}) < 2:
        return _answer([partners[name] for name in listed], citer, language=language)
    headings = dict(KIND_HEADINGS[language])
    if sister and language == "en":
        headings["twinning"] = SISTER_CITIES
    groups = []
    for kind, (one, several) in headings.items():
        names = [partners[name] for name in listed if kinds[name] == kind]
        if names:
            groups.append(f"{one if len(names) == 1 else several}: {listing(names, language)}")
    groups[0] = groups[0][:1].upper() + groups[0][1:]
    return _answer(groups, citer, "; ", language)


def _placed(name: str, geonames_id: int | None, sentences: list[str]) -> str:
    """A place's name, and where the sentences say it lies when the gazetteer does not know
    it, so the reader can tell ("Panketal in Brandenburg", "East Rouen in Normandy")."""
    where = where_written(sentences, name) if geonames_id is None else None
    return f"{name} {where}" if where else name


def _without(partnerships: list[Fact], apart: SetApart) -> list[Fact]:
    """The partnerships but those with the place set apart; asked for those before it, also
    those the facts date later than it."""
    joining = [
        partnership
        for _, partnership in partnerships
        if any(_name(other) == apart.apart for other in partnership["places"])
    ]
    kept = [fact for fact in partnerships if fact[1] not in joining]
    since = min((p["since"] for p in joining if p.get("since")), default=None)
    if not apart.earlier or since is None:
        return kept
    return [fact for fact in kept if not fact[1].get("since") or fact[1]["since"][:4] < since[:4]]


def _picked_partner(
    partnerships: list[Fact], place: str, word: str, language: str
) -> FactAnswer | None:
    """The one partner whose partnership a sentence naming it states with the question's
    picking word, inflected or not ("einer zweiten Städtepartnerschaft ... mit X" for "eine
    zweite Städtepartnerschaft", "its newest twin town, X" for "newest"): the facts hold no
    order, the sentence does. None when no partner or more than one is so called."""
    stem = re.sub(r"(?:e|en|er|es|em|s)$", "", word) if len(word) > 4 else word
    picking = re.compile(rf"\b{re.escape(stem)}(?:e|en|er|es|em|n|s)?\b")
    citer = Citer()
    picked: dict[str, str] = {}
    for document_id, partnership in partnerships:
        for other in partnership["places"]:
            if _name(other) == place:
                continue
            spans = [
                span
                for span in partnership["evidence"]
                if mentions(span["text"], other["name"]) and picking.search(fold(span["text"]))
            ]
            if spans:
                picked.setdefault(_name(other), f"{other['name']} {citer.mark(document_id, spans)}")
    if len(picked) != 1:
        return None
    return _answer(list(picked.values()), citer, language=language)


# A part of a question that is only a question word, leaning on the part before it ("...,
# und wann?", "and by whom?", "and in which year?").
BARE_PART = re.compile(
    r"^\W*(?:(?:und|and)\s+)?(?:(?:seit|bis|von|mit|an|in|zu|since|until|from|by|with|for|in"
    r"|on|at)\s+)?(?:wann|wo|wie|wer|wem|wen|wessen|warum|when|where|how|who|whom|whose|why"
    r"|(?:welche[mnrs]?|which|what)\s+(?:tag|datum|jahr|monat|day|date|year|month|time))\W*$",
    re.IGNORECASE,
)


def _asks_beyond(parts: list[Part], topic: re.Pattern[str]) -> bool:
    """Whether a question of several parts (`parts_of`) asks, in one of them, of something
    other than the topic its answer from the facts is about ("Which cities joined X, and
    when was it founded?" asks beyond joining): the facts would answer it in part, so its
    parts are asked one at a time. A part that is only a question word leans on the one before it
    ("Which cities joined X, and when?")."""
    return any(
        not topic.search(fold(part.asked)) and not BARE_PART.match(part.asked) for part in parts
    )


def refers_to_a_network(question: str) -> bool:
    """Whether the question refers to a network by a noun ("the network", "das Bündnis")."""
    return NETWORK_REFERENCE.search(fold(question)) is not None


async def _network_asked(
    store: Store, question: str, document_ids: list[str] | None, context: str | None
) -> list[Fact]:
    """The alliances the question names; for a part that refers to a network by a noun ("the
    network") and names none, those the whole question (`context`) names."""
    named = await _alliances_named(store, question, document_ids)
    if named or not context or not refers_to_a_network(question):
        return named
    return await _alliances_named(store, context, document_ids)


async def _alliances_named(
    store: Store, question: str, document_ids: list[str] | None
) -> list[Fact]:
    """The stored alliances the question names: by name, by an acronym any article defines
    ("die ISA" is one alliance in every article), or by all but one of the words of a name
    of three or more (a translated adjective: "Chinese-German" for "Chinesisch-Deutsche")."""
    facts, _ = await store.facts.page(FactFilter(type="alliance"), FACTS, 0)
    facts = [fact for fact in facts if not document_ids or fact[0] in document_ids]
    # Words of hyphenated compounds count on their own: "ISA-Mitglieder" names the ISA.
    asked = word_stems(question)
    defined: dict[str, str] = {}
    for document_id in dict.fromkeys(document_id for document_id, _ in facts):
        defined |= acronyms((await store.documents.get(document_id)).text)
    long_names = [long for short, long in defined.items() if short in asked]
    expanded = {word[:6] for long in long_names for word in fold(long).split()}
    named = []
    for document_id, alliance in facts:
        key = set(alliance_key(alliance["name"], {}).split())
        missing = len(key - (asked | expanded))
        if key and (missing == 0 or (len(key) >= 3 and missing == 1)):
            named.append((document_id, alliance))
    return named


def _joined_when(
    alliances: list[Fact], places: list[str], language: str, where: bool = False
) -> FactAnswer | None:
    """When and at which occasion the question's places joined; `where`: only joinings
    whose occasion is known."""
    citer, statements = Citer(), []
    for document_id, joining, spans, said in _joinings(alliances, language):
        # "When": a date; an occasion alone ("has joined the network") does not say when.
        known = joining["event"] if where else (said if joining["date"] else None)
        if _name(joining["place"]) in places and known:
            statements.append(
                f"{joining['place']['name']}: {said} {citer.mark(document_id, spans)}"
            )
    return _answer(statements, citer, "; ")


def _stating_joining(alliance: dict[str, Any], joining: dict[str, Any]) -> list[dict[str, Any]]:
    """The evidence that states a joining: the sentence that gives its date (one naming the
    place, the body's before a headline) and the one that names its occasion; and, where
    neither names the place, a sentence that reports its joining, as the one sentence cited
    when no date is stated ("Die offizielle Aufnahme ... am 24. April 2017" says when, not
    who: "Köln ist der Allianz beigetreten" says who)."""
    evidence: list[dict[str, Any]] = alliance["evidence"]
    name = joining["place"]["name"]
    dated = [
        span for span in evidence if joining["date"] and joining["date"] in _dates_stated(span)
    ]
    spans = _naming(dated, [name]) if dated else []
    event = joining["event"]
    naming_event = [span for span in evidence if event and fold(event) in fold(span["text"])]
    spans += [span for span in naming_event[:1] if span not in spans]
    if any(mentions(span["text"], name) for span in spans):
        return spans
    reporting = [span for span in evidence if JOINING.search(fold(span["text"]))]
    stating = _naming(reporting or evidence, [name])
    if not spans:
        return stating
    return spans + [span for span in stating if mentions(span["text"], name)]


def _dates_stated(span: dict[str, Any]) -> set[str | None]:
    """The dates a span states, parsed."""
    expressions = dates.find_date_expressions(span["text"])
    return {dates.parse_date_expression(expression)[0] for expression in expressions}


def _when_and_where(question: str, language: str) -> bool:
    """Whether each part of the question asks when or where (a joining's date and occasion
    answer both)."""
    return all(
        WHEN.search(fold(part.asked)) or WANTS_PLACE.search(part.asked)
        for part in parts_of(question, language)
    )


def _every_joining(alliances: list[Fact], language: str) -> FactAnswer | None:
    """Every place whose joining the articles report, each with its date and occasion where
    they state them (the dated first, places of one date and occasion together), and those
    they state none for said to be undated."""
    # date and occasion as said -> place -> (document, name as written, evidence)
    dated: dict[str, dict[str, tuple[str, str, list[dict[str, Any]]]]] = {}
    undated: dict[str, tuple[str, str, list[dict[str, Any]]]] = {}
    for document_id, joining, spans, said in _joinings(alliances, language):
        place = _name(joining["place"])
        if said:
            dated.setdefault(said, {}).setdefault(
                place, (document_id, joining["place"]["name"], spans)
            )
        else:
            undated.setdefault(place, (document_id, joining["place"]["name"], spans))
    citer = Citer()
    statements = []
    for said, places in dated.items():
        numbers = [
            n
            for document_id, _, spans in places.values()
            for n in citer.numbers(document_id, spans)
        ]
        names = [name for _, name, _ in places.values()]
        statements.append(f"{listing(names, language)}: {said} {citer.marks(numbers)}")
    known = {place for places in dated.values() for place in places}
    rest = [
        f"{name} {citer.mark(document_id, spans)}"
        for place, (document_id, name, spans) in undated.items()
        if place not in known
    ][:ITEMS]
    if rest:
        statements.append(f"{listing(rest, language)} ({UNDATED[language]})")
    return _answer(statements, citer, "; ")


def _joinings(
    alliances: list[Fact], language: str
) -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]], str]]:
    """(document, joining, the evidence that states it, its date and occasion as said or "")
    of every joining."""
    for document_id, alliance in alliances:
        for joining in alliance["joined"]:
            spans = _stating_joining(alliance, joining)
            occasion = _occasion(joining["event"], spans)
            said = ", ".join(
                part for part in (spoken_date(joining["date"], language), occasion) if part
            )
            yield document_id, joining, spans, said


def _joined(alliances: list[Fact], besides: list[str], language: str) -> FactAnswer | None:
    """The places whose joining the articles report, other than those the question names;
    those joined together with them ("zusammen mit X") where it names some: in an article
    that reports their joining, on their date where one is stated."""
    citer, joined = Citer(), {}
    occasions = {
        (document_id, joining["date"])
        for document_id, alliance in alliances
        for joining in alliance["joined"]
        if _name(joining["place"]) in besides
    }
    together = {document_id for document_id, _ in occasions}
    for document_id, alliance in alliances:
        for joining in alliance["joined"]:
            place = joining["place"]
            if _name(place) in besides or _name(place) in joined:
                continue
            dated_apart = joining["date"] and (document_id, joining["date"]) not in occasions
            if besides and (document_id not in together or dated_apart):
                continue
            spans = _stating_joining(alliance, joining)
            joined[_name(place)] = f"{place['name']} {citer.mark(document_id, spans)}"
    return _answer(list(joined.values())[:ITEMS], citer, language=language)


def _founded(alliances: list[Fact], language: str, where: bool = False) -> FactAnswer | None:
    """When (and at which occasion) the alliance was founded, as each article says it: one
    statement a date, with every article that gives it and the first occasion one names
    ("1982, by the mayor of Hiroshima [1][2]"); articles that give other dates each their
    own ("April 2016 [1]; 2016, im Rahmen der Hannover-Messe [2]"). Asked also `where`: with
    the town its sentence names it founded in where it names no occasion ("2011, in Brest");
    None where a date has neither, as the facts answer only half of the question."""
    citer = Citer()
    occasions: dict[str, str | None] = {}
    numbers: dict[str, list[int]] = {}
    for document_id, alliance in alliances:
        if not alliance["founded"]:
            continue
        date = spoken_date(alliance["founded"], language)
        year = alliance["founded"][:4]
        spans = [span for span in alliance["evidence"] if year in span["text"]][:1]
        occasion = _occasion(alliance["founding_event"], spans + alliance["evidence"])
        if where and not occasion:
            occasion = _town_founded_in(spans)
        occasions[date] = occasions.get(date) or occasion
        numbers.setdefault(date, [])
        numbers[date] += citer.numbers(document_id, spans or alliance["evidence"][:1])
    if where and not all(occasions.values()):
        return None
    statements = [
        f"{', '.join(part for part in (date, occasions[date]) if part)} {citer.marks(cited)}"
        for date, cited in numbers.items()
    ]
    return _answer(statements, citer, "; ")


# A town after "in" or "at" ("gegründet 2011 in Brest", "founded in 2011 in Brest").
IN_A_TOWN = re.compile(
    r"\b(?:in|at)\s+([A-ZÄÖÜ][\w\-]*(?:\s+(?:am|an der|upon|on)?\s*[A-ZÄÖÜ][\w\-]*)?)"
)


def _town_founded_in(spans: list[dict[str, Any]]) -> str | None:
    """Where the founding's sentence says it happened: "in" or "at" a town ("The network was
    founded in 2011 in Brest" gives "in Brest"); None where it names none."""
    for span in spans:
        for match in IN_A_TOWN.finditer(span["text"]):
            place = resolve_place(match.group(1))
            if place is not None and place.kind in ("city", "district"):
                return match.group()
    return None


def _occasion(event: str | None, evidence: list[dict[str, Any]]) -> str | None:
    """The event with the words that attach it in the evidence ("im Rahmen der Messe")."""
    return event and dates.occasion_phrase(event, [span["text"] for span in evidence])


def _members(alliances: list[Fact], language: str) -> FactAnswer | None:
    citer, members = Citer(), {}
    for document_id, alliance in alliances:
        for place in alliance["members"]:
            if _name(place) not in members:
                spans = _listing_member(alliance, place["name"])
                members[_name(place)] = f"{place['name']} {citer.mark(document_id, spans)}"
    if len(members) > ITEMS:
        return None  # a list longer than an answer: the model's passages are better read
    return _answer(list(members.values()), citer, language=language)


def _members_in_every_article(alliances: list[Fact], language: str) -> FactAnswer | None:
    """The members of the named alliance that every article reporting it names (at least
    two articles), each cited in each article."""
    by_document: dict[str, dict[str, tuple[dict[str, Any], dict[str, Any]]]] = {}
    for document_id, alliance in alliances:
        members = by_document.setdefault(document_id, {})
        for place in alliance["members"]:
            # One town under two names ("Rüsselsheim", "Rüsselsheim am Main"): its GeoNames id.
            key = f"geonames:{place['geonames_id']}" if place.get("geonames_id") else _name(place)
            members.setdefault(key, (place, alliance))
    if len(by_document) < 2:
        return None
    common = set.intersection(*(set(members) for members in by_document.values()))
    citer, statements = Citer(), []
    first = next(iter(by_document.values()))
    for key in sorted(common, key=lambda k: first[k][0]["name"]):
        marks = ""
        for document_id, members in by_document.items():
            place, alliance = members[key]
            marks += citer.mark(document_id, _listing_member(alliance, place["name"]))
        statements.append(f"{first[key][0]['name']} {marks}")
    return _answer(statements[:ITEMS], citer, language=language)


def _answer(
    statements: list[str], citer: Citer, separator: str = "", language: str = "de"
) -> FactAnswer | None:
    if not statements:
        return None
    text = separator.join(statements) if separator else listing(statements, language)
    return FactAnswer(answer=text, sources=citer.sources)


def spoken_date(iso: str | None, language: str) -> str:
    """'2017-04-24' as '24. April 2017' (German) or '24 April 2017'; '--04-23' without a year."""
    if not iso:
        return ""
    match = re.fullmatch(r"(\d{4}|-)-?(\d{2})?-?(\d{2})?", iso)
    if match is None:
        return iso
    year, month, day = match.groups()
    year = "" if year == "-" else year
    if not month:
        return year
    words = [dates.month_name(int(month), language), year]
    if day:
        words.insert(0, f"{int(day)}." if language == "de" else str(int(day)))
    return " ".join(word for word in words if word)


# Prepositions that make a date the answer to "when": by what the date gives (a day, a month,
# a year).
WHEN_PREPOSITIONS = {
    "de": {"day": "am", "month": "im", "year": "im Jahr"},
    "en": {"day": "on", "month": "in", "year": "in"},
}


def spoken_when(iso: str, language: str) -> str:
    """A date as the answer to "when": "am 3. Juli 1999", "im Februar", "im Jahr 1999" (German);
    "on 3 July 1999", "in February", "in 1999"."""
    match = re.fullmatch(r"(\d{4}|-)-?(\d{2})?-?(\d{2})?", iso)
    unit = "year" if match is None or not match.group(2) else "month"
    if match is not None and match.group(3):
        unit = "day"
    return f"{WHEN_PREPOSITIONS[language][unit]} {spoken_date(iso, language)}"
