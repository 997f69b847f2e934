"""Grounding: check every value the model returned against the article, and keep only what it states.

The model answers with sentence numbers and names. Here, deterministic code decides which
sentences are evidence, computes their spans from the stored text, resolves places, parses
dates and numbers from the evidence itself, and drops (and counts) whatever the text does
not support. Nothing the model copied is returned unchecked.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from api.language import dates, numbers
from api.language.lexicon import (
    ARTICLES,
    BOTH_TOWNS,
    CEREMONY,
    FOUNDED,
    FOUNDING_TOLD,
    JOINING,
    KIND_WORDS,
    MEDIA_WORDS,
    NOT_TITLES,
    RESIDENTS,
    TITLES,
    TOWN_NOUNS,
    TRIGGERS,
    VISITORS,
    base_title,
    binds_other_parties,
    states_kind,
    title_ending,
)
from api.language.membership import (
    BARE_NETWORK_NOUN,
    apposed_name,
    as_written,
    denies_membership,
    is_authority,
    joining_subjects,
    member_subjects,
    names_a_partnership,
    nominal_joinings,
    of_other_members,
    refers_back_to_joining,
    states_membership,
)
from api.language.names import (
    acronyms,
    alliance_key,
    contains_phrase,
    fold,
    mentions,
    names_as_one,
    word_stems,
)
from api.language.place_names import places_named, towns_named, whole_name
from api.language.placehood import (
    DEGREE,
    is_person_name,
    lower_case_words,
    person_name_words,
    presents_place,
)
from api.language.places import (
    AREAS,
    country_attached,
    demonym_pattern,
    lies_in_area,
    lookup,
    names_by_demonym,
    region_attached,
    resolve_place,
    town_in_country,
)
from api.language.roles import (
    accompanies,
    is_host_official,
    joined_people,
    led_people,
    listed_people,
    only_present,
    received_people,
)
from api.language.text import Sentence
from schemas.contract import (
    Alliance,
    DroppedValue,
    FactType,
    Joining,
    Leader,
    Partnership,
    Place,
    Span,
    Visit,
)
from schemas.llm import AllianceMention, LeaderMention, PartnershipMention, VisitMention

OCCASION = re.compile(
    r"\b(?:im Rahmen|anlässlich|auf|bei|at|during)\s+(?:der|des|dem|the)\s+"
    r"((?:[A-ZÄÖÜ][\w\-]*)(?:[\s\-][A-ZÄÖÜ][\w\-]*)*)"
)


def occasion(sentence: str) -> str | None:
    """The named occasion a sentence places an event at: 'im Rahmen der Hannover Messe'."""
    match = OCCASION.search(sentence)
    return match.group(1) if match else None


MAX_TOPIC_WORDS = 6


@dataclass
class Drops:
    """What verification removed, for the response's diagnostics."""

    values: list[DroppedValue] = field(default_factory=list)
    items: int = 0

    def value(self, kind: FactType, name: str, value: str, reason: str) -> None:
        if value:
            self.values.append(DroppedValue(type=kind, field=name, value=value, reason=reason))

    def item(self, kind: FactType, value: str, reason: str) -> None:
        self.items += 1
        self.value(kind, "item", value or "(empty)", reason)


class Verifier:
    """Checks model answers against one document's sentences (only the ones the model saw)."""

    def __init__(
        self,
        text: str,
        shown: list[Sentence],
        published_at: dt.date | None,
        home: Place | None = None,
    ) -> None:
        self.text = text
        self.home = home  # the article's own place (api/extraction/passing.py), where one is clear
        self.shown = {sentence.index: sentence for sentence in shown}
        self.order = [sentence.index for sentence in shown]
        self.published_at = published_at
        self.common = lower_case_words(text)
        self.people = person_name_words(text)
        self.drops = Drops()

    # Evidence

    def evidence(self, numbers_cited: list[int], kind: FactType, names: list[str]) -> list[int]:
        """Cited sentences that were shown and state a fact of this kind; else sentences naming it."""
        cited = [number for number in dict.fromkeys(numbers_cited) if number in self.shown]
        for number in numbers_cited:
            if number not in self.shown:
                self.drops.value(kind, "sentences", str(number), "sentence number not shown")
        stating = [number for number in cited if self._states(number, kind)]
        if stating:
            return sorted(cited)
        named = [
            index
            for index in self.order
            if self._states(index, kind) and self._names_one_of(index, names)
        ]
        return named[:3]

    def window(self, evidence: list[int], kind: FactType, names: list[str]) -> list[int]:
        """Where the values of a fact may stand, in the order they are searched: its evidence;
        other sentences that state a fact of this kind and name one of its places; then one
        shown sentence either side (where 'the city' of the evidence is named by name)."""
        related = [
            index
            for index in self.order
            if self._states(index, kind) and self._names_one_of(index, names)
        ]
        positions = {self.order.index(number) for number in evidence}
        around = {p + step for p in positions for step in (-1, 1)}
        near = [self.order[p] for p in sorted(around) if 0 <= p < len(self.order)]
        return list(dict.fromkeys([*evidence, *related, *near]))

    def focus(self, cited: list[int], used: list[int], names: list[str]) -> list[int]:
        """Evidence that is about this item: cited sentences naming one of its places, and the
        sentences its values were found in; the model's citations alone if none name it."""
        naming = [n for n in cited if any(mentions(self.shown[n].text, name) for name in names)]
        found = [n for n in used if n not in cited]
        return sorted(set(naming + found)) or cited

    def restating(self, kind: FactType, *parties: list[str]) -> list[int]:
        """Shown sentences that state a fact of this kind and name every party (each party by
        one of its names): where an article states a relation again ("signed the twinning
        agreement with X" after "the X twinning delegation"), each statement is evidence."""
        return [
            index
            for index in self.order
            if self._states(index, kind)
            and all(self._names_one_of(index, names) for names in parties)
        ]

    def spans(self, numbers_used: list[int]) -> list[Span]:
        spans = []
        for number in sorted(set(numbers_used)):
            sentence = self.shown[number]
            span = Span(start=sentence.start, end=sentence.end, text=sentence.text)
            assert self.text[span.start : span.end] == span.text
            spans.append(span)
        return spans

    def first_date(self, number: int) -> str | None:
        """The first date a sentence states, parsed; None when it states none."""
        for expression in dates.find_date_expressions(self.shown[number].text):
            start, _ = dates.parse_date_expression(expression, self.published_at)
            if start:
                return start
        return None

    def founding_sentence(self, candidates: list[int]) -> int | None:
        """The first of these sentences that reports a founding and gives a date."""
        for number in dict.fromkeys(candidates):
            if FOUNDED.search(fold(self.shown[number].text)) and self.first_date(number):
                return number
        return None

    def reports_joining(self, number: int) -> bool:
        """Whether a sentence reports someone joining (not merely being a member)."""
        return JOINING.search(fold(self.shown[number].text)) is not None

    def stating(self, kind: FactType) -> list[int]:
        """Every shown sentence with a word that signals a fact of this kind."""
        return [index for index in self.order if self._states(index, kind)]

    def _states(self, number: int, kind: FactType) -> bool:
        return states_kind(self.shown[number].text, kind)

    def _names_one_of(self, number: int, names: list[str]) -> bool:
        return any(name.strip() and mentions(self.shown[number].text, name) for name in names)

    # Values

    def find(self, value: str, window: list[int]) -> int | None:
        """The first sentence of the window that mentions the value, or None."""
        for number in window:
            if mentions(self.shown[number].text, value):
                return number
        return None

    def find_person(self, name: str, window: list[int]) -> int | None:
        """The first sentence of the window that writes the person's name as one name
        (`names_as_one`), or None."""
        return next((n for n in window if names_as_one(self.shown[n].text, name)), None)

    def place(
        self, kind: FactType, slot: str, value: str, window: list[int], used: list[int]
    ) -> Place | None:
        if not value.strip():
            return None
        # The model may give only the start of a name: "Mollet" of "Mollet del Vallès".
        wholes = (whole_name(self.shown[number].text, value.strip()) for number in window)
        value = next((whole for whole in wholes if whole is not None), value)
        if is_person_name(value.strip(), self.people) and not self._presented_place(value, window):
            # "Cllr Preston": the text gives the name to a person and never presents it as a
            # place, whatever town of that name a gazetteer holds.
            self.drops.value(kind, slot, value, "a person's name, not a place")
            return None
        place = (
            resolve_place(value)
            or self._genitive_of_a_place(value)
            or self._presented_place(value, window)
            or self.own_place(value)
            or self._presented_place(value, [n for n in self.shown if n not in window])
        )
        if place is None:
            self.drops.value(kind, slot, value, "not a place")
            return None
        if place.kind == "city" and place.name == value.strip():  # a nickname takes an article
            towns = [n for n in window if not names_a_thing(self.shown[n].text, value)]
            if len(towns) < len(window) and self.find(value, towns) is None:
                self.drops.value(kind, slot, value, "a thing of that name, not the town")
                return None
            window = towns
        found = self.find(value, window)
        if found is None and place.name != value:
            found = self.find(place.name, window)
        if found is None and place.kind == "country":
            by_adjective = (n for n in window if names_by_demonym(self.shown[n].text, place.name))
            found = next(by_adjective, None)
        if found is None:
            self.drops.value(kind, slot, value, "not stated in the evidence")
            return None
        used.append(found)
        return self._with_country(place, value, window)

    def _with_country(self, place: Place, value: str, window: list[int]) -> Place:
        """A place no gazetteer gives a country takes the one its sentences attach to it ("the
        13 French mayors of East Rouen", "X in Frankreich"). A town the gazetteer places in
        another country than the sentence does is another town of that name ("Elgin
        (Scotland)" is not the American Elgin); so is a town the gazetteer knows only by
        another name of it, where the sentence puts it in a region of another country
        ("Neumarkt in der Oberpfalz" is not Târgu Mureș, "Neumarkt" in German). Such a town
        is the gazetteer's most populous town of that name in the stated country ("die
        dänische Partnerstadt Viborg" is Viborg in Denmark, not Vyborg in Russia), or keeps
        its name, in the stated country, with no gazetteer id where it knows none there."""
        if place.kind != "city" and place.country is not None:
            return place
        for number in window:
            sentence = self.shown[number].text
            for name in dict.fromkeys((value.strip(), place.name)):
                country = country_attached(sentence, name)
                if country is None and _known_by_another_name(place):
                    country = region_attached(sentence, name)
                if country is None or country == place.country:
                    continue
                return town_in_country(place, country)
        return place

    def own_place(self, value: str) -> Place | None:
        """The article's own place, which its dateline presents, wherever the text names it
        ("BELLMONT, Ohio - ... Bellmont is a member of ..."), however small it is."""
        if self.home is not None and fold(value.strip()) == fold(self.home.name):
            return self.home
        return None

    def _genitive_of_a_place(self, value: str) -> Place | None:
        """The place a name is the genitive of, where the article writes that place's name
        on its own too: "Weitere Partnerstädte Lüneburgs sind ..." presents Lüneburg, not a
        town "Lüneburgs"; "Ashby's twin town" presents Ashby."""
        name = value.strip()
        for ending in GENITIVE_ENDINGS:
            stem = name[: -len(ending)]
            if name.endswith(ending) and re.search(rf"(?<!\w){re.escape(stem)}(?!\w)", self.text):
                return _genitive_owner(name)
        return None

    def _presented_place(self, value: str, window: list[int]) -> Place | None:
        """The place a name is where a sentence of the window presents it as one ("die
        Partnergemeinde X", "aus X"): small towns and places no gazetteer knows. A name the
        article presents as a place anywhere is one wherever it names it: one text, one
        referent ("Harwick's twin town X ... X became a member of the network")."""
        sentences = (self.shown[number].text for number in window)
        if any(presents_place(sentence, value.strip(), self.common) for sentence in sentences):
            return resolve_place(value, presented=True)
        return None

    def phrase(self, kind: FactType, slot: str, value: str, window: list[int]) -> str | None:
        """The value if it stands (case-insensitively) in the window, else None."""
        value = value.strip(" ,.;:")
        if not value:
            return None
        if any(contains_phrase(self.shown[number].text, value) for number in window):
            return value
        self.drops.value(kind, slot, value, "not stated in the evidence")
        return None

    def topics(self, kind: FactType, values: list[str]) -> list[str]:
        """Topics the article states anywhere it was shown (details often follow the event)."""
        kept = []
        for value in dict.fromkeys(value.strip() for value in values):
            if len(value.split()) > MAX_TOPIC_WORDS:
                self.drops.value(kind, "topics", value, "a sentence, not a topic")
            elif dates.is_only_a_date(value):
                self.drops.value(kind, "topics", value, "a date, not a topic")
            elif value and self.find(value, self.order) is not None:
                kept.append(value)
            else:
                self.drops.value(kind, "topics", value, "not stated in the evidence")
        return kept

    def date(
        self, kind: FactType, slot: str, value: str, window: list[int]
    ) -> tuple[str | None, str | None, str | None]:
        """(date_text, start, end) from the model's words for a date, when the window states them."""
        value = value.strip()
        if not value:
            return None, None, None
        for number in window:
            sentence = self.shown[number].text
            expressions = dates.find_date_expressions(sentence)
            for at, expression in enumerate(expressions):
                if contains_phrase(value, expression) or contains_phrase(expression, value):
                    expression = _dated_by_the_next(sentence, expression, expressions[at + 1 :])
                    start, end = dates.parse_date_expression(expression, self.published_at)
                    return expression, start, end
        self.drops.value(kind, slot, value, "no date stated in the evidence")
        return None, None, None

    def telling_date(
        self, kind: FactType, evidence: list[int]
    ) -> tuple[str | None, str | None, str | None]:
        """(date_text, start, end) of the first date phrase in the first evidence sentence
        that tells of the fact (with a word of its kind): a report's own sentence carries
        its time ("Vom 4. bis 12. März reiste eine Delegation ..."). Later sentences are
        not read: their dates often belong to something else ("der im Oktober gewählte
        Bürgermeister"). A "seit" phrase is a relation's start, not an event's time."""
        telling = [number for number in sorted(evidence) if self._states(number, kind)]
        if not telling:
            return None, None, None
        for expression in dates.find_date_expressions(self.shown[telling[0]].text):
            if not dates.opens_a_period(expression):
                start, end = dates.parse_date_expression(expression, self.published_at)
                return expression, start, end
        return None, None, None

    def anchoring_day(self, evidence: list[int]) -> str | None:
        """The first calendar day the evidence states ("Am Freitag, 24.6.2016 sind wir
        gelandet", "empfing die Delegation am 12. September"): the day a report anchors its
        relative time by ("letztes Wochenende"). A month or a year anchors nothing: it is
        as likely to be another event's time; "seit" opens a period."""
        for number in sorted(evidence):
            for expression in dates.find_date_expressions(self.shown[number].text):
                start, _ = dates.parse_date_expression(expression, self.published_at)
                if start and dates.is_day(start) and not dates.opens_a_period(expression):
                    return start
        return None

    def joined_text(self, numbers_used: list[int]) -> str:
        return " ".join(self.shown[number].text for number in sorted(set(numbers_used)))


def _dated_by_the_next(sentence: str, expression: str, following: list[str]) -> str:
    """A relative time that the calendar dates right after it stands for that date: "the
    long weekend of 3 to 6 May 2024", "am Wochenende vom 3. bis 6. Mai" are those days."""
    if not following or any(char.isdigit() for char in expression):
        return expression
    pattern = (
        rf"{re.escape(expression)}\s+(?:of|vom|von|from)\s+(?:the\s+)?{re.escape(following[0])}"
    )
    return following[0] if re.search(pattern, sentence) else expression


def verify_partnership(verifier: Verifier, mention: PartnershipMention) -> Partnership | None:
    kind: FactType = "partnership"
    names = [mention.place_a, mention.place_b]
    evidence = verifier.evidence(mention.sentences, kind, names)
    if not evidence:
        verifier.drops.item(kind, " / ".join(names), "no shown sentence states it")
        return None
    if binds_other_parties(verifier.joined_text(evidence)):
        verifier.drops.item(kind, " / ".join(names), "a partnership of schools or clubs")
        return None
    window, used = verifier.window(evidence, kind, names), list(evidence)
    place_a = verifier.place(kind, "places", mention.place_a, window, used)
    place_b = verifier.place(kind, "places", mention.place_b, window, used)
    if place_a is None or place_b is None or fold(place_a.name) == fold(place_b.name):
        verifier.drops.item(kind, " / ".join(names), "needs two different places the text names")
        return None
    if "country" in (place_a.kind, place_b.kind):
        # Twinning, friendship and cooperation agreements bind municipalities and regions.
        verifier.drops.item(kind, " / ".join(names), "a country is not a partner municipality")
        return None
    since_text, since, _ = verifier.date(kind, "since", mention.since, window)
    return Partnership(
        places=[place_a, place_b],
        kind=_partnership_kind(
            verifier.joined_text(used), mention.kind, [*names, place_a.name, place_b.name]
        ),
        status=mention.status,
        since=since if since_text else None,
        topics=verifier.topics(kind, mention.topics),
        # The names as written too: a cited sentence may name a place only by its nickname.
        evidence=verifier.spans(
            [
                *verifier.focus(evidence, used, [*names, place_a.name, place_b.name]),
                *verifier.restating(
                    kind, [mention.place_a, place_a.name], [mention.place_b, place_b.name]
                ),
            ]
        ),
    )


def _partnership_kind(evidence_text: str, proposed: str, names: list[str]) -> str:
    """The kind the evidence's own words name: the word bound to one of the places where one
    is ("Freundschaftsstadt Mannheims und Partnerstadt der Metropolregion" is a friendship
    with Mannheim), else the first kind any word names; the model's choice only when they name
    none."""
    folded = fold(evidence_text)
    bound = bound_kind(folded, [fold(name) for name in names if name.strip()])
    if bound is not None:
        return bound
    for kind, words in KIND_WORDS.items():
        if any(word in folded for word in words):
            return kind
    return "cooperation" if proposed == "twinning" else proposed


# What binds a kind noun to the place it names: a genitive right after it ("Partnerstadt
# Mannheims"), or a preposition ("Partnerschaft mit Lyon", "twin town of Leeds").
_BINDING = r"\w*\s+(?:(?:von|of|mit|with|zwischen|between|zu|to)\s+(?:der |dem |den |des |the )?)?"


def bound_kind(folded: str, places: list[str]) -> str | None:
    """The kind of the first kind noun (folded text) that is bound to one of the places."""
    found = []
    for kind, words in KIND_WORDS.items():
        for word in words:
            for place in places:
                binding = re.search(rf"{re.escape(word)}{_BINDING}{re.escape(place)}", folded)
                if binding is not None:
                    found.append((binding.start(), kind))
    return min(found)[1] if found else None


def verify_visit(verifier: Verifier, mention: VisitMention) -> Visit | None:
    kind: FactType = "visit"
    label = f"{mention.from_place or mention.from_organisation} -> {mention.host_place}"
    names = [mention.from_place, mention.host_place, mention.from_organisation]
    evidence = verifier.evidence(mention.sentences, kind, names)
    if not evidence:
        verifier.drops.item(kind, label, "no shown sentence states it")
        return None
    window, used = verifier.window(evidence, kind, names), list(evidence)
    # Where visitors came from is said where the visit is; the host may be named elsewhere.
    near = verifier.window(evidence, kind, [])
    from_place = verifier.place(kind, "from_place", mention.from_place, near, used)
    from_place = _origin_of_the_visit(verifier, evidence, mention.from_place, from_place, used)
    host_place = verifier.place(kind, "host_place", mention.host_place, window, used)
    organisation = verifier.phrase(kind, "from_organisation", mention.from_organisation, window)
    host_place = _host_of_occasion(verifier, evidence, mention.host_place, host_place, used)
    if host_place and from_place and fold(host_place.name) == fold(from_place.name):
        if _travelled_to(verifier, window, mention.from_place, from_place):
            # One place as both ends, and the text says the visitors were there: it is the
            # host, and the model knew no origin.
            verifier.drops.value(kind, "from_place", mention.from_place, "same as host_place")
            from_place = None
        else:
            verifier.drops.value(kind, "host_place", mention.host_place, "same as from_place")
            host_place = None
    returning = _a_return_visit(verifier, evidence, from_place, host_place)
    if (
        host_place
        and not returning
        and _stated_as_origin(verifier, evidence, mention.host_place, host_place)
    ):
        if from_place and _travelled_to(verifier, evidence, mention.from_place, from_place):
            # "Eine Delegation aus B besuchte die Freunde in A", given as A -> B: reversed.
            verifier.drops.value(kind, "from_place", mention.from_place, "the visit reversed")
            from_place, host_place = host_place, from_place
        else:
            # "Gäste aus A und B kamen": B sent visitors too; it did not receive A's.
            verifier.drops.value(kind, "host_place", mention.host_place, "visitors came from it")
            host_place = None
    if host_place is None:
        host_place = _destination(verifier, evidence, from_place, used)
    home = verifier.home
    if host_place is None and home and from_place and fold(home.name) != fold(from_place.name):
        # A report that names no destination tells of visitors to the article's own town.
        host_place = home
    if organisation is not None and _is_person(verifier, organisation, mention):
        verifier.drops.value(
            kind, "from_organisation", organisation, "a person, not an organisation"
        )
        organisation = None
    if organisation is not None and _is_place_name(organisation):
        # "USA", "Denver": a place is no organisation; where they came from is from_place.
        verifier.drops.value(
            kind, "from_organisation", organisation, "a place, not an organisation"
        )
        organisation = None
    if organisation is not None and is_media(organisation):
        # A paper or broadcaster reports the visit; it is not the party that travelled.
        verifier.drops.value(kind, "from_organisation", organisation, "a medium that reported it")
        organisation = None
    if from_place is None and organisation is None:
        verifier.drops.item(kind, label, "no place or organisation the visitors came from")
        return None
    if (
        from_place
        and from_place.kind == "country"
        and _country_of_a_town(evidence, verifier, from_place)
    ):
        # "Besuch aus ungarischer Partnerstadt": the adjective says where the town is.
        verifier.drops.item(kind, label, "the country of a town, not the visitors' origin")
        return None
    if (
        from_place
        and not returning
        and _travelled_to(verifier, evidence, mention.from_place, from_place)
    ):
        # "reiste in die Volksrepublik China": where they went is not where they came from;
        # the travellers are the article's own town's, if it has one.
        home = verifier.home
        if home is None or fold(home.name) == fold(from_place.name):
            verifier.drops.item(kind, label, "where the visitors went, not whence")
            return None
        verifier.drops.value(kind, "from_place", mention.from_place, "where the visitors went")
        if host_place is None or fold(host_place.name) == fold(home.name):
            host_place = from_place
        from_place = home
    if _returns_home(verifier, evidence, host_place):
        verifier.drops.item(kind, label, "a return home, not a visit")
        return None
    if binds_other_parties(verifier.joined_text(evidence)):
        verifier.drops.item(kind, label, "a visit of a school, club or company")
        return None
    if from_place and host_place and _within_one_country(from_place, host_place):
        # A town's people in their own country, or a country's in one of its towns: no
        # relation between places.
        verifier.drops.item(kind, label, "a visit within the visitors' own country")
        return None
    if from_place is None and organisation is None:
        verifier.drops.item(kind, label, "no place or organisation the visitors came from")
        return None
    if from_place and from_place.kind == "country" and _one_of_many_countries(verifier, evidence):
        # "Delegates from Bulgaria, Croatia, Germany and Lithuania": a gathering of many
        # countries' people, not one place's delegation.
        verifier.drops.item(kind, label, "one of many countries' visitors")
        return None
    if from_place and host_place and from_place.kind == host_place.kind == "country":
        # State visits are relations of states; this service reports those of cities.
        verifier.drops.item(kind, label, "a visit between two countries")
        return None
    # The sentence that speaks of the travelling party again and says who led it tells of
    # this visit too: its leader, its size, and the day a relative time is dated by.
    origins = [mention.from_place, from_place.name if from_place else None]
    led = _party_said_after(verifier, evidence, origins, lambda s: led_people(s, verifier.common))
    telling = [*evidence, led] if led is not None else evidence
    if led is not None:
        window, used = [*window, led], [*used, led]
    # ... who received it ("They were welcomed at the Town Hall by the Mayor, X"), and how
    # long it stayed ("Die Gäste blieben drei Tage").
    received = _party_said_after(
        verifier, telling, origins, lambda s: received_people(s, verifier.common)
    )
    if received is not None:
        telling, used = [*telling, received], [*used, received]
    stayed = _party_said_after(verifier, telling, origins, numbers.stay_length)
    date_text, start, end = verifier.date(kind, "date_text", mention.date_text, window)
    if date_text is None:
        # The model's words for the date, if any, are not in the text; the text may still
        # state it where it tells of the visit.
        date_text, start, end = verifier.telling_date(kind, evidence)
    if date_text and start is None:
        # A relative time the publication day does not resolve ("letztes Wochenende") is
        # the days around the calendar day the report gives: that day starts the visit,
        # its end is not said.
        start = verifier.anchoring_day(telling)
    people = _leaders(verifier, mention.leaders, window, used, (host_place, from_place))
    people += _people_in(verifier, led_people, telling, [p.name for p, _ in people], hosts=False)
    people += _people_in(
        verifier, received_people, telling, [p.name for p, _ in people], hosts=True
    )

    # The cited sentences first; else the sentences the visit's places and people were found
    # in, which tell of this visit too ("Angeführt wurde die 18-köpfige Gruppe von X"). Not
    # a sentence that tells of the visit the other way: its size and length are that one's.
    def this_way(numbers: list[int]) -> list[int]:
        texts = verifier.shown
        return [n for n in numbers if not _the_other_way(texts[n].text, host_place, from_place)]

    stated, found_in = (
        verifier.joined_text(this_way(evidence)),
        verifier.joined_text(this_way(used)),
    )
    duration = numbers.duration_days(stated) or numbers.duration_days(found_in)
    if duration is None and stayed is not None:
        duration = numbers.stay_length(verifier.shown[stayed].text)
        used = [*used, stayed]
    if duration and duration > 1 and end == start:
        # One day and a stay of several ("am 14. Juni zu einem viertägigen Besuch
        # eingetroffen"): the day is when the visit began; its last day is not said.
        end = None
    return Visit(
        from_place=from_place,
        from_organisation=organisation,
        host_place=host_place,
        start=start,
        end=end,
        date_text=date_text,
        duration_days=duration,
        participants=numbers.count_of_people(stated) or numbers.count_of_people(found_in),
        leaders=[leader for leader, hosts in people if not hosts],
        host_officials=[leader for leader, hosts in people if hosts],
        topics=verifier.topics(kind, mention.topics),
        evidence=verifier.spans(used),
    )


# Whence visitors came, before the place's name: "aus", "from", with at most four words
# between ("aus der dänischen Partnerstadt X", "from the twin town of X"), none of them one
# of the `{names}` (in "aus X und Y" Y is no place visitors came from).
FROM_WORDS = r"\b(?i:aus|from)\s+(?:(?!(?i:{names})\b)\S+\s+){{0,4}}?"


def _the_other_way(sentence: str, host: Place | None, origin: Place | None) -> bool:
    """Whether the sentence tells of visitors from the visit's host, and not from its origin:
    "Eine Delegation aus Viborg hat Ravensburg besucht" tells of the other way of a visit
    from Ravensburg to Viborg (the return visit an article announces after it). The owner
    of a partner town they came from is not whence they came ("from Harwick's twin town X")."""
    if host is None:
        return False
    names = [re.escape(place.name) for place in (host, origin) if place is not None]
    before = FROM_WORDS.format(names="|".join(names))

    def whence(place: Place | None) -> bool:
        if place is None:
            return False
        pattern = before + rf"(?i:{re.escape(place.name)})\b(?!{OWNS_A_PARTNER})"
        return re.search(pattern, sentence) is not None

    return whence(host) and not whence(origin)


# Travel back home (folded): "kehrten zurück", "zurückkehrten", "heimkehren", "returned".
RETURNING = re.compile(
    r"\b(?:zurueckkehr\w*|kehrt\w*\s+(?:\w+\s+){0,4}zurueck|heimkehr\w*|return(?:ed|s|ing)?\s+home)\b"
)


def _origin_of_the_visit(
    verifier: Verifier, evidence: list[int], written: str, origin: Place | None, used: list[int]
) -> Place | None:
    """Whence the visitors came. Named in the visit's own sentences, the model's origin stands
    where one of them tells of a visit or says whence visitors came. Found only in a
    neighbouring sentence, it gives way to the one origin the visit's own sentences state
    ("Vertreter kanadischer Unternehmen reisten ins Ruhrgebiet"); else it counts only where
    that neighbour states it as whence visitors came ("Gäste aus X"), not as part of a body's
    name ("Julia Jäger von der Wirtschaftsförderung X"), or where the visit's sentence refers
    to it by a description ("aus dem asiatischen Stadtstaat")."""
    if origin is None:
        return origin
    for number in evidence:
        owned = OWNED_ORIGIN.search(verifier.shown[number].text)
        if owned and fold(owned["owner"]) in (fold(written), fold(origin.name)):
            town = resolve_place(owned["town"])
            if town is not None and town.kind != "country":
                # "from Leeds's twin town, Lille": Lille is whence they came; Leeds owns it.
                verifier.drops.value("visit", "from_place", written, "owns the visitors' town")
                used.append(number)
                return town
    towns = [
        (number, place)
        for number, place in (_origins_stated(verifier, evidence) if origin.kind in AREAS else [])
        if lies_in_area(place, origin) and place.kind in ("city", "district")
    ]
    if len(towns) == 1:
        # "Delegation from Brittany visits Exeter. A delegation from Rennes visited ...": the
        # one town of that area the visit's sentences say the visitors came from.
        number, town = towns[0]
        verifier.drops.value("visit", "from_place", written, "the visit's sentence names its town")
        used.append(number)
        return town
    naming = [n for n in evidence if verifier._names_one_of(n, [written, origin.name])]
    if naming:
        names = [written, origin.name]
        if any(
            verifier._states(n, "visit") or states_origin(verifier.shown[n].text, names)
            for n in naming
        ):
            return origin
        verifier.drops.value("visit", "from_place", written, "named only where no visit is told")
        return None
    stated = _origins_stated(verifier, evidence)
    if len(stated) == 1 and not _lies_in(origin, stated[0][1]):
        number, place = stated[0]
        verifier.drops.value("visit", "from_place", written, "the visit's sentence says whence")
        used.append(number)
        return place
    source = used[-1]
    sentence = verifier.shown[source].text
    names = [name for name in dict.fromkeys([written.strip(), origin.name]) if name]
    if _states_whence(sentence, names, origin):
        return origin
    if any(DESCRIBED_ORIGIN.search(verifier.shown[number].text) for number in evidence):
        return origin  # "aus dem asiatischen Stadtstaat": the place named before
    verifier.drops.value("visit", "from_place", written, "not presented as a place where named")
    used.pop()
    return None


# Visitors "from X's twin town, Y", "aus Xs französischer Partnerstadt Y", "aus Leeds'
# Partnerstadt Y": the possessor X owns the town they came from; Y, in apposition to the
# partner noun, is that town.
PARTNER_TOWN = (
    r"(?i:(?:twin|sister|partner)[\s-]+(?:town|city)|partnerstadt|partnergemeinde|schwesterstadt)"
)
OWNED_ORIGIN = re.compile(
    r"\b(?:aus|from)\s+(?P<owner>[A-ZÄÖÜ][\w\-]*?)(?:['’]s?|s)\s+(?:[\w\-]+\s+)?"
    + PARTNER_TOWN
    + r",?\s+(?P<town>[A-ZÄÖÜ][\w\-’'.]*(?:\s+[A-ZÄÖÜ][\w\-’'.]*)?)"
)
# What follows the owner of such a town (its genitive ending consumed or not).
OWNS_A_PARTNER = rf"(?:['’]s?)?\s+(?:[\w\-]+\s+)?{PARTNER_TOWN}"
# An origin given by a description, which refers to a place named before: "aus dem
# asiatischen Stadtstaat", "aus der Partnerstadt", "from the French town".
DESCRIBED_ORIGIN = re.compile(
    rf"\b(?:aus\s+(?:dem|der|den)|from\s+(?:the|our|their))\s+(?:[a-zäöüß][\w\-]*\s+){{0,2}}"
    rf"(?i:{TOWN_NOUNS}|stadtstaat\w*|land|country|nation|region)\b"
)


def _states_whence(sentence: str, names: list[str], place: Place) -> bool:
    """Whether the sentence says visitors came from the place: "aus X", "the X delegation",
    or a country's adjective qualifying the visitors."""
    if states_origin(sentence, names, adjectives=False):
        return True
    return place.kind == "country" and _visitors_by_adjective(sentence, place.name)


def _origins_stated(verifier: Verifier, evidence: list[int]) -> list[tuple[int, Place]]:
    """The places the sentences say visitors came from ("aus X", "the X delegation", a
    country's adjective), one per place, with the sentence that says it."""
    found: dict[str, tuple[int, Place]] = {}
    for number in evidence:
        sentence = verifier.shown[number].text
        for name in places_named(sentence):
            place = resolve_place(name)
            if place is not None and _states_whence(sentence, [name], place):
                found.setdefault(fold(place.name), (number, place))
    return list(found.values())


# VISITORS over folded text ("gaeste"), each word with its endings ("Delegationen").
FOLDED_VISITORS = (
    "(?:"
    + "|".join(
        rf"{fold(word)}\w*" for word in VISITORS.removeprefix("(?i:").removesuffix(")").split("|")
    )
    + ")"
)


def _visitors_by_adjective(sentence: str, country: str) -> bool:
    """Whether a country's adjective qualifies the visitors ("die ungarischen Gäste", "a
    Canadian delegation") or what they represent ("Vertreter kanadischer Unternehmen"); not
    any other noun ("der Deutschen Selbstverwaltung")."""
    pattern = demonym_pattern(country)
    if pattern is None:
        return False
    qualifying = re.compile(
        rf"(?:{pattern.pattern})\s+{FOLDED_VISITORS}|{FOLDED_VISITORS}\s+(?:{pattern.pattern})\s+\w+"
    )
    return qualifying.search(fold(sentence)) is not None


# A list of names after "aus"/"from", each perhaps with an article before it or its country in
# parentheses after it: "from Bulgaria, Croatia and the Republic of Ireland", "delegates from
# Denver (USA) and Kunming (China)", "Gäste aus Lyon und Turin".
_LISTED_NAME = (
    r"(?:(?:the|der|den|dem)\s+)?[A-ZÄÖÜ][\w\-’']*(?:\s+(?:of\s+)?[A-ZÄÖÜ][\w\-’']*)*"
    r"(?:\s*\([^()]*\))?"
)
ORIGIN_LIST = re.compile(
    rf"\b(?:aus|from)\s+({_LISTED_NAME}(?:(?:,\s*|\s+(?:und|sowie|and)\s+){_LISTED_NAME})+)"
)
MANY = 3


def listed_origins(sentence: str) -> list[list[str]]:
    """The names of each list of origins in the sentence, without articles and parentheses."""
    return [
        [
            re.sub(r"^(?:the|der|den|dem)\s+|\s*\([^()]*\)", "", name).strip()
            for name in re.split(r",\s*|\s+(?:und|sowie|and)\s+", match.group(1))
        ]
        for match in ORIGIN_LIST.finditer(sentence)
    ]


def _one_of_many_countries(verifier: Verifier, evidence: list[int]) -> bool:
    """Whether a sentence of the visit says visitors came from three or more countries."""
    for number in evidence:
        for names in listed_origins(verifier.shown[number].text):
            places = [resolve_place(name) for name in names]
            if sum(1 for place in places if place and place.kind == "country") >= MANY:
                return True
    return False


def _within_one_country(origin: Place, host: Place) -> bool:
    """Whether one side is a country and the other a place in it ("aus Ulm nach
    Deutschland", "from China to Huangshan")."""
    if (origin.kind == "country") == (host.kind == "country"):
        return False
    return origin.country is not None and origin.country == host.country


def _returns_home(verifier: Verifier, evidence: list[int], host: Place | None) -> bool:
    """Whether every sentence of the visit that names its host tells of people going back
    where they live ("die Familien kehrten nach Portugal zurück")."""
    naming = [n for n in evidence if host and mentions(verifier.shown[n].text, host.name)]
    return bool(naming) and all(RETURNING.search(fold(verifier.shown[n].text)) for n in naming)


def _country_of_a_town(evidence: list[int], verifier: Verifier, country: Place) -> bool:
    """Whether the evidence names the country only by its adjective before a noun for a
    town ("aus der ungarischen Partnerstadt"), never by its name."""
    pattern = demonym_pattern(country.name)
    if pattern is None:
        return False
    texts = [fold(verifier.shown[number].text) for number in evidence]
    if any(re.search(rf"\b{re.escape(fold(country.name))}\b", text) for text in texts):
        return False
    qualifying = re.compile(rf"(?:{pattern.pattern})\s+{TOWN_NOUNS}\b")
    return any(qualifying.search(text) for text in texts)


# A visit in return for another, which goes the other way: "Gegenbesuch", "a return visit".
RETURN_VISIT = re.compile(r"\b(?:gegenbesuch\w*|rueckbesuch\w*|return (?:visit|trip)s?)\b")
# A place that receives, as the subject opening a sentence: "Harwick welcomes delegation from
# ...", "Ulm empfing die Gäste".
RECEIVING_SUBJECT = (
    r"^\W*(?:{name})\s+(?:welcomes|welcomed|welcome|hosts|hosted|receives|received|empfängt"
    r"|empfing|begrüßt|begrüßte|begrüßten|empfangen)\b"
)


def _a_return_visit(
    verifier: Verifier, evidence: list[int], origin: Place | None, host: Place | None
) -> bool:
    """Whether a sentence of the visit tells of a return visit the way it goes: from its
    origin ("einer Ravensburger Delegation", "by Harwick residents") to its host ("in
    Viborg"). Such a visit is the return visit, whatever other sentences say of the first
    one; the other way round it is not."""
    if origin is None or host is None:
        return False
    for number in evidence:
        sentence = verifier.shown[number].text
        if not RETURN_VISIT.search(fold(sentence)) or not states_origin(sentence, [origin.name]):
            continue
        place = destination(sentence, origin)
        # By name too: the sentence alone does not tell which of the towns so named it is.
        if place is not None and (fold(place.name) == fold(host.name) or _lies_in(place, host)):
            return True
    return False


def _travelled_to(verifier: Verifier, evidence: list[int], written: str, origin: Place) -> bool:
    """Whether the visit's sentences say the travellers went to its origin ("nach X", "in die
    X", "visited X", "X welcomes ...") and none says they came from it. A sentence of a
    return visit tells of the other way, and is not read."""
    sentences = [
        verifier.shown[number].text
        for number in evidence
        if not RETURN_VISIT.search(fold(verifier.shown[number].text))
    ]
    names = [name for name in dict.fromkeys([written, origin.name]) if name.strip()]
    if any(states_origin(sentence, names, adjectives=False) for sentence in sentences):
        return False
    receiving = RECEIVING_SUBJECT.format(name="|".join(re.escape(name) for name in names))
    return any(
        re.search(receiving, sentence) is not None
        or ((place := destination(sentence, None)) is not None and _lies_in(place, origin))
        for sentence in sentences
    )


def _lies_in(place: Place, area: Place) -> bool:
    """Whether the place is the area, or a town of the country or region that the area is
    ("in Peking" is in China, "in Rennes" in the Bretagne)."""
    return same_place(place, area) or lies_in_area(place, area)


def _is_person(verifier: Verifier, organisation: str, mention: VisitMention) -> bool:
    """Whether the 'organisation' is a person: the model also named it a leader, or the text
    writes a title before it ("Bürgermeister Christof Sommer", "Mayor Jane Doe")."""
    key = fold(organisation)
    if key in {fold(leader.name) for leader in mention.leaders}:
        return True
    titles = "|".join(sorted(TITLES, key=len, reverse=True))
    return re.search(rf"\b(?:{titles})\s+{re.escape(key)}\b", fold(verifier.text)) is not None


# A town named by a noun for a town before its name: "Partnerstadt Schio", "der
# italienischen Partnerstadt Schio", "Stadt Lyon", "the City of Leeds".
TOWN_BY_NOUN = re.compile(
    r"^(?:(?:die|der|the)\s+)?(?:[^\W\d_]+\s+)?(?:"
    r"(?:partner|schwester)?(?:stadt|gemeinde|kommune)"
    r"|(?:twin\s+|sister\s+|partner\s+)?(?:town|city|village|municipality)(?:\s+of)?"
    r")\s+(?P<name>.+)$",
    re.IGNORECASE,
)


def _known_by_another_name(place: Place) -> bool:
    """Whether the gazetteer's place for this name goes by another name there: the name is
    an exonym or alias of it ("Neumarkt" for Târgu Mureș)."""
    entry = lookup(place.name)
    return entry is not None and fold(entry.name) != fold(place.name)


# A town described by its relation, in English lower case, as no organisation's name is
# written: "Bellmont's sister city in Japan", "our twin town".
DESCRIBED_TOWN = re.compile(r"\b(?:sister|twin|partner|friendship)[\s-]+(?:city|town)\b")


def _is_place_name(organisation: str) -> bool:
    """Whether the name is a country's or a town's own name, not an organisation's, also
    after a noun for a town ("Partnerstadt Schio"), or a town described by its relation
    ("Bellmont's sister city in Japan")."""
    if DESCRIBED_TOWN.search(organisation):
        return True
    by_noun = TOWN_BY_NOUN.match(organisation)
    if by_noun is not None and _is_place_name(by_noun.group("name")):
        return True
    place = resolve_place(organisation)
    return (
        place is not None
        and place.kind in ("country", "city")
        and (place.kind == "country" or fold(place.name) == fold(organisation))
    )


def same_place(one: Place, other: Place) -> bool:
    """One GeoNames place, one country ("Volksrepublik China" is China), or one name."""
    if one.geonames_id and other.geonames_id:
        return one.geonames_id == other.geonames_id
    if one.kind == other.kind == "country":
        return one.country == other.country
    return fold(one.name) == fold(other.name)


def _stated_as_origin(verifier: Verifier, evidence: list[int], written: str, host: Place) -> bool:
    """Whether the visit's own sentences say visitors came from its host ("aus A und B"),
    and none says anyone went there ("nach B", "in B")."""
    sentences = [verifier.shown[number].text for number in evidence]
    names = [name for name in dict.fromkeys([written, host.name]) if name.strip()]
    came_from = any(states_origin(sentence, names) for sentence in sentences)
    went_to = any(
        (place := destination(sentence, None)) is not None and fold(place.name) == fold(host.name)
        for sentence in sentences
    )
    return came_from and not went_to


def _host_of_occasion(
    verifier: Verifier, evidence: list[int], written: str, host: Place | None, used: list[int]
) -> Place | None:
    """The host as the visit's own sentences state it. When they do not name the model's
    host but place the visit at a named occasion ("im Rahmen der Hannover Messe"), the town
    of that occasion is where the visitors went."""
    names = [name for name in (written, host.name if host else "") if name.strip()]
    naming = [n for n in evidence if verifier._names_one_of(n, names)]
    # Where the host was found: in the evidence, else beside it.
    found_at = naming or [n for n in used if verifier._names_one_of(n, names)]
    telling = [n for n in dict.fromkeys([*evidence, *found_at]) if verifier._states(n, "visit")]
    if found_at and telling and not set(found_at) & set(telling):
        # Named only in a sentence that tells of no visit ("Bedford is also twinned with
        # Bourges"), beside the sentences that tell of it: not where the visitors went, which
        # those sentences say, or else is the article's own town ("visited the town").
        went_to = _destination(verifier, telling, None, used) or verifier.home
        if went_to is not None:
            verifier.drops.value("visit", "host_place", written, "named where no visit is told")
            return went_to
    if naming:
        return host
    for number in evidence:
        venue = occasion(verifier.shown[number].text)
        place = resolve_place(venue) if venue else None
        if place is not None:
            if host is not None:
                verifier.drops.value("visit", "host_place", written, "not where the evidence says")
            used.append(number)
            return place
    return host


def is_media(organisation: str) -> bool:
    """Whether an organisation's name is a medium's: 'Mittelbayerische Zeitung', 'BBC News'."""
    return MEDIA_WORDS.search(fold(organisation)) is not None


# What may stand between "aus"/"from" and the place: lower-case words ("dem französischen",
# "the city of") and the nouns for a kind of place ("aus der Partnerstadt Lyon").
BEFORE_ORIGIN = (
    r"(?:[a-zäöüß][\w\-]*|(?i:stadt|partnerstadt|hauptstadt|region|provinz|bezirk\w*|kreis)"
    r"|[IVXLC]{1,6}\.|\d{1,3}\.)"  # an ordinal: "aus dem II. Bezirk X", "aus dem 3. Bezirk"
)


# Names listed before the one looked for: "aus A, B und X", "from A and X".
LISTED_BEFORE = r"(?:[A-ZÄÖÜ][\w\-’'.]*(?:\s+[A-ZÄÖÜ][\w\-’'.]*)?(?:,\s*|\s+(?:und|sowie|and)\s+))"


def states_origin(sentence: str, names: list[str], adjectives: bool = True) -> bool:
    """Whether the sentence says the visitors came from one of these names: "aus X",
    "from X", "aus A, B und X", "the X delegation", "die Xer Delegation", or a country's
    adjective."""
    for name in filter(None, (name.strip() for name in names)):
        if adjectives and names_by_demonym(sentence, name):
            return True
        written = r"\s+".join(re.escape(word) for word in name.split())
        origin = (
            rf"\b(?:aus|from)\s+(?:{BEFORE_ORIGIN}\s+){{0,3}}{LISTED_BEFORE}{{0,4}}"
            rf"(?i:{written})\w{{0,3}}\b(?!{OWNS_A_PARTNER})"
        )
        group = rf"\b(?i:{written})(?:er|erin|ern)?\s+{VISITORS}"
        if re.search(origin, sentence) or re.search(group, sentence):
            return True
    return False


# Where a sentence says travellers went or were: "kam in die Fächerstadt", "reisten ins
# Ruhrgebiet", "zu Gast in Lyon", "travelled to Leeds".
DESTINATION = re.compile(
    r"\b(?:nach|in|ins|im|in die|in den|in das|in der|zur|zum|to|into|visited|visiting"
    r"|besuchte|besuchten)\s+"
    r"([A-ZÄÖÜ][\w\-’']*(?:\s+[A-ZÄÖÜ][\w\-’']*){0,2})"
)


def _destination(
    verifier: Verifier, evidence: list[int], origin: Place | None, used: list[int]
) -> Place | None:
    """The host when the model named none: the place the visit's own sentences go to."""
    for number in evidence:
        place = destination(verifier.shown[number].text, origin)
        if place is not None:
            used.append(number)
            return place
    return None


def destination(sentence: str, origin: Place | None) -> Place | None:
    """The first place, other than the origin, that the sentence travels to or stays in."""
    for match in DESTINATION.finditer(sentence):
        if RESIDENTS.search(fold(sentence[: match.start()])):
            continue  # "members in X": where they live
        words = match.group(1).split()
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size])
            place = resolve_place(name)
            if place is None and (size < len(words) or name.endswith(("'s", "’s"))):
                place = _genitive_owner(name)  # "in Chinas Hauptstadt" is in China
            if place is None or place.kind == "other":
                continue
            # A nickname takes its article ("in die Fächerstadt"); a town's name does not.
            if place.kind == "city" and place.name == name and names_a_thing(sentence, name):
                continue
            if origin is None or fold(place.name) != fold(origin.name):
                return place
    return None


GENITIVE_ENDINGS = ("’s", "'s", "s", "’", "'")


def _genitive_owner(name: str) -> Place | None:
    """The place a genitive before a noun names: "Chinas", "China's", "Davos’"."""
    for ending in GENITIVE_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending) + 2:
            place = resolve_place(name[: -len(ending)])
            if place is not None:
                return place
    return None


def _leaders(
    verifier: Verifier,
    leaders: list[LeaderMention],
    window: list[int],
    used: list[int],
    sides: tuple[Place | None, Place | None],
) -> list[tuple[Leader, bool]]:
    """The people the model named that the window names, and the people their sentences put
    beside them, each with whether the text puts them on the host's side
    (api/language/roles.py); `sides` is (host, origin)."""
    kept: dict[str, tuple[Leader, bool]] = {}
    beside: dict[int, list[tuple[str, bool]]] = {}  # by sentence, the people named in it
    names = [split_title(leader.name.strip())[1] for leader in leaders]
    for leader in leaders:
        title, name = split_title(leader.name.strip())
        found = verifier.find_person(name, window) if _looks_like_person(name) else None
        if found is None:
            verifier.drops.value("visit", "leaders", name, "no person of that name in the evidence")
            continue
        sentence = verifier.shown[found].text
        if only_present(sentence, name):
            verifier.drops.value("visit", "leaders", name, "present, not leading")
            continue
        if accompanies(sentence, name, verifier.common):
            verifier.drops.value("visit", "leaders", name, "accompanying, not leading")
            continue
        used.append(found)
        others = {fold(word) for other in names if other != name for word in other.split()}
        role = _role(verifier, leader.role, window, [role_near(sentence, name), title], others)
        role = role and role_in_full(role, sentence, name)
        hosts = is_host_official(sentence, name, role, *sides)
        kept.setdefault(fold(name), (Leader(name=name, role=role), hosts))
        beside.setdefault(found, []).append((name, hosts))
    for found, people in beside.items():
        for (role, name), hosts in _people_beside(
            verifier.shown[found].text, people, verifier.common
        ):
            kept.setdefault(fold(name), (Leader(name=name, role=role), hosts))
    return list(kept.values())


# The travelling party spoken of again by a definite noun: "The group of nine", "Die
# Delegation", "the visitors".
PARTY_AGAIN = re.compile(
    r"\b(?i:the|this|die|diese)\s+(?:[\w\-]+\s+)?(?i:group|delegation|party|team|visitors|guests"
    r"|gruppe|reisegruppe|g(?:ä|ae)ste|besucher)\b"
    # or by a plural pronoun opening a sentence: "They were welcomed by ...", "Sie blieben ..."
    r"|^\W*(?:They|Sie)\s+(?:were|wurden|stayed|blieben|spent|verbrachten)\b"
)
# How many sentences after the visit's own such a sentence may stand.
PARTY_DISTANCE = 3


def _party_said_after(
    verifier: Verifier,
    evidence: list[int],
    origins: list[str | None],
    says: Callable[[str], object],
) -> int | None:
    """The sentence after the visit's own that speaks of its travelling party by a definite
    noun and `says` something of it ("A delegation from Dortmund visited Leeds. ... The group
    of nine was led by Deputy Mayor X", "Die Gäste blieben drei Tage in der Stadt"), before
    another sentence tells of a visit; none that says the party came from elsewhere."""
    last = verifier.order.index(max(evidence))
    for number in verifier.order[last + 1 : last + 1 + PARTY_DISTANCE]:
        sentence = verifier.shown[number].text
        if PARTY_AGAIN.search(sentence) and says(sentence):
            whence = [place.name for _, place in _origins_stated(verifier, [number])]
            known = [fold(name) for name in origins if name]
            return None if whence and not any(fold(w) in known for w in whence) else number
        if verifier._states(number, "visit"):
            return None
    return None


def _people_in(
    verifier: Verifier,
    read: Callable[[str, frozenset[str]], list[tuple[str | None, str]]],
    evidence: list[int],
    named: list[str],
    *,
    hosts: bool,
) -> list[tuple[Leader, bool]]:
    """The people whom the language rules `read` (api/language/roles.py) find in the visit's
    own sentences and the model did not name, on the host's side or not:
    who the words of leading govern ("Um dies zu ändern, reiste eine Delegation angeführt
    von Bürgermeister X ... an"), or who received the visitors ("Die Gäste wurden von
    Bürgermeister Y im Rathaus empfangen")."""
    known = [fold(name) for name in named]
    found: list[tuple[Leader, bool]] = []
    for number in evidence:
        for role, name in read(verifier.shown[number].text, verifier.common):
            # The model may have named them in full or in part ("Marie Le Goff", "Le Goff").
            if not any(fold(name) in other or other in fold(name) for other in known):
                known.append(fold(name))
                found.append((Leader(name=name, role=role), hosts))
    return found


def _people_beside(
    sentence: str, people: list[tuple[str, bool]], common: frozenset[str]
) -> list[tuple[tuple[str | None, str], bool]]:
    """The people a sentence puts beside those the model named there (api/language/roles.py:
    joined to one by "gemeinsam mit", "together with"; listed with two or more of them), on
    their side; none from a list whose named people stand on both sides."""
    found = [
        (person, hosts)
        for name, hosts in people
        for person in joined_people(sentence, name, common)
    ]
    sides = {hosts for _, hosts in people}
    if len(sides) == 1:
        side = sides.pop()
        listed = listed_people(sentence, [n for n, _ in people], common)
        found += [(person, side) for person in listed]
    return found


def _role(
    verifier: Verifier,
    stated: str,
    window: list[int],
    written: list[str | None],
    others: set[str],
) -> str | None:
    """A leader's role: the model's where the window states it and it is a role (`is_a_role`),
    else the first of the roles the text writes beside the name that is one."""
    role = verifier.phrase("visit", "leaders.role", stated, window)
    if role and not is_a_role(role, others):
        verifier.drops.value("visit", "leaders.role", role, "another person's name or a degree")
        role = None
    return role or next((r for r in written if r and is_a_role(r, others)), None)


def split_title(name: str) -> tuple[str | None, str]:
    """'Councillor Jane Doe' -> ('Councillor', 'Jane Doe'), 'Dr.-Ing. Hans Kleinert' ->
    ('Dr.-Ing.', 'Hans Kleinert'): titles (also with a prefix of rank or time,
    "Vizebürgermeisterin", `title_ending`) and academic degrees are no part of a name (a
    degree is no role either: `is_a_role`)."""
    parts = name.split()
    titles = []
    while len(parts) > 2 and (title_ending(parts[0]) is not None or DEGREE.fullmatch(parts[0])):
        titles.append(parts.pop(0))
    return (" ".join(titles) or None), " ".join(parts)


APPOSITION_ARTICLE = re.compile(r", (?:der|die|des|dem|den|the) ")
APPOSITION_END = re.compile(r"\s+(?:sowie|und|and|as well as)\s+|[,;(]|\.(?:\s|$)")


# A role before a name and its comma, from the article or preposition that opens it: a noun
# with up to two complements in the genitive or with "of", "für" ("Vorsitzenden des
# Komitees", "Mayor of Hereford").
ROLE_BEFORE_COMMA = re.compile(
    r"(?:^|\b(?:dem|der|den|des|die|the|von|mit|by|with)\s+)"
    r"(?P<role>[A-ZÄÖÜ][\w\-]*(?:\s+(?:des|der|of|of\s+the|für|for)\s+[A-ZÄÖÜ][\w\-]*){0,2}),\s+$"
)


def role_near(sentence: str, name: str) -> str | None:
    """A person's function as the sentence states it: 'Name, Function', 'Name, the Function'
    or 'Title Name'."""
    at = sentence.find(name)
    if at < 0:
        return None
    after = sentence[at + len(name) :]
    # "Name, der Bürgermeisterin von X", "Name, the Governor of X": an apposition whose
    # article opens a title.
    article = APPOSITION_ARTICLE.match(after)
    if article and base_title(after[article.end() :].split(" ", 1)[0].strip(",;.")):
        after = ", " + after[article.end() :]
    if after.startswith(", ") and after[2:3].isupper():
        rest = after[2:]
        end = APPOSITION_END.search(rest)
        role = (rest[: end.start()] if end else rest).strip()
        if 1 <= len(role.split()) <= 8:
            return role
    # A role set off before the name by a comma: "dem Vorsitzenden des Komitees, Marco
    # Bertoldi", "the Mayor of Hereford, Sarah Jenkins".
    fronted = ROLE_BEFORE_COMMA.search(sentence[:at])
    if fronted and resolve_place(fronted.group("role")) is None:
        return fronted.group("role")
    # A degree stands between a title and the name: "des Oberbürgermeisters Dr.-Ing. Hans Kleinert"
    before = list(itertools.dropwhile(DEGREE.fullmatch, reversed(sentence[:at].split())))
    if before and before[0][:1].isupper() and fold(before[0]) not in NOT_TITLES:
        word = before[0].strip(",;:")
        return word if resolve_place(word) is None else None  # "aus Lyon, Tom Kurz ..."
    return None


# A role's complement goes on past "und" to the next noun ("Bürgermeisterin für internationale
# Beziehungen und Außenhandel"), unless a name follows ("... für Kultur und Anna Berg").
ROLE_COORDINATED = re.compile(
    r"\s+(?:und|and)\s+(?:[a-zäöüß][\w\-]*\s+){0,2}[A-ZÄÖÜ][\w\-]*(?![\w\-])(?!\s+[A-ZÄÖÜ])"
)
# A role's office is held for a town, named in the genitive ("... der Stadt Qingdao", "des
# Landkreises Kassel", "of the City of Leeds").
ROLE_GENITIVE = re.compile(
    r"\s+(?:der|des|of\s+the)\s+(?:Stadt|Gemeinde|Hansestadt|Landkreises|Kreises|Bezirks|City"
    r"|Town|Borough|Municipality)\s+(?:of\s+)?[A-ZÄÖÜ][\w\-]*(?:\s+[A-ZÄÖÜ][\w\-]*)?(?![\w\-])"
)
# Prepositions that open a role's complement ("für", "for", "of").
ROLE_COMPLEMENT = re.compile(r"\b(?:für|fuer|for|of)\b")


def role_in_full(role: str, sentence: str, name: str) -> str:
    """The role as the sentence writes it after the name, in full: a complement coordinated
    with "und" and the town whose office it is, which a short reading of the apposition
    leaves out ("Zhang Hui, der Bürgermeisterin für internationale Beziehungen und
    Außenhandel der Stadt Qingdao"). A title before the name stays as it is."""
    named = sentence.find(name)
    at = sentence.find(role, named + len(name)) if named >= 0 else -1
    if at < 0:
        return role
    end = at + len(role)
    coordinated = ROLE_COORDINATED.match(sentence, end)
    if coordinated and ROLE_COMPLEMENT.search(role):
        end = coordinated.end()
    genitive = ROLE_GENITIVE.match(sentence, end)
    if genitive:
        end = genitive.end()
    return " ".join(sentence[at:end].split())


def is_a_role(role: str, others: set[str]) -> bool:
    """Whether a phrase can be a person's role: not a word of the other people's names
    (`others`, folded: in a list of names the next one is no role of the one before) and not
    academic degrees alone ("Dr.-Ing." is no office)."""
    parts = role.split()
    if all(DEGREE.fullmatch(part) for part in parts):
        return False
    return not any(fold(part) in others for part in parts)


def _looks_like_person(name: str) -> bool:
    parts = name.split()
    return 2 <= len(parts) <= 5 and all(part[:1].isupper() for part in parts[-2:])


def verify_alliance(verifier: Verifier, mention: AllianceMention) -> Alliance | None:
    kind: FactType = "alliance"
    name = _named_network(verifier, mention, " ".join(mention.name.split()))
    evidence = verifier.evidence(mention.sentences, kind, [name])
    # What the article says about the name anywhere it speaks of networks, not only where
    # the model pointed ("X ist Netzwerk ..." may stand apart from "trat X bei").
    named = _names_an_alliance(name) or any(
        states_membership(verifier.shown[number].text, name)
        for number in dict.fromkeys([*evidence, *verifier.stating(kind)])
    )
    if not evidence or not named:
        verifier.drops.item(kind, name, "no shown sentence states a named alliance")
        return None
    if of_other_members(name):
        verifier.drops.item(kind, name, "a network of companies, media, schools or clubs")
        return None
    if names_a_partnership(name):
        verifier.drops.item(kind, name, "a partnership, not a network")
        return None
    name = as_written(name, verifier.text)
    window, used = verifier.window(evidence, kind, [name]), list(evidence)
    if verifier.find(name, window) is None:
        verifier.drops.item(kind, name, "the alliance's name is not in the evidence")
        return None
    # A founding date stands in a sentence that reports the founding: "X joined the network
    # in 2021" dates a joining.
    founding_window = [n for n in window if FOUNDING_TOLD.search(fold(verifier.shown[n].text))]
    founded_text, founded, _ = verifier.date(kind, "founded", mention.founded_text, founding_window)
    if founded_text is not None:
        # The sentence that states the founding date is evidence: an answer cites it.
        used += [n for n in window if founded_text in verifier.shown[n].text][:1]
    founding = verifier.founding_sentence(window + verifier.stating("alliance"))
    if founding is not None and founded is None:
        founded_text = founded = verifier.first_date(founding)
        used.append(founding)
    # Member lists often stand in sentences of their own ("Members are: ...").
    membership = list(dict.fromkeys([*window, *verifier.stating("alliance")]))
    joined = _joinings(verifier, mention, membership, used)
    listed_members, listed_joined = _listed(verifier, membership, used)
    joined = _union_places(joined, listed_joined)
    # A joining may stand in any sentence that names the alliance ("Ulm tritt dem X bei").
    key = alliance_key(name, {})
    shorts = {
        short for short, long in acronyms(verifier.text).items() if alliance_key(long, {}) == key
    }
    naming = [n for n, s in verifier.shown.items() if _names_alliance(s.text, key, shorts)]
    joined = _union_places(joined, _subject_joinings(verifier, naming, used))
    stating_it = list(dict.fromkeys([*evidence, *naming]))
    joined = _union_places(joined, _nominal_joinings(verifier, stating_it, used))
    joined = [_at_the_ceremony(verifier, joining, used) for joining in joined]
    joined = _joined_alongside(verifier, joined, used)
    # A member stands in a sentence that speaks of networks, not in one beside it ("a
    # friendship agreement with X. Ulm is a member of Y": X is no member of Y).
    speaking = [n for n in membership if states_kind(verifier.shown[n].text, kind) or n in naming]
    members = _members(verifier, mention.members, speaking, used, [j.place for j in joined])
    stated = _subject_members(verifier, naming, used)
    members = list({fold(p.name): p for p in [*members, *listed_members, *stated]}.values())
    if not listed_members and not joined and not _belonging_stated(verifier, name):
        # "Inter Region Economic Network hosted delegates from A and B": a body with a network
        # word in its name, of which no place is said to be a member; places named near it
        # are not members for that.
        verifier.drops.item(kind, name, "no place is said to belong to it")
        return None
    return Alliance(
        name=name,
        founded=founded if founded_text else None,
        founding_event=verifier.phrase(kind, "founding_event", mention.founding_event, window)
        or (occasion(verifier.shown[founding].text) if founding is not None else None),
        members=members,
        joined=joined,
        evidence=verifier.spans(used),
    )


def _belonging_stated(verifier: Verifier, name: str) -> bool:
    return any(states_membership(sentence.text, name) for sentence in verifier.shown.values())


def _named_network(verifier: Verifier, mention: AllianceMention, name: str) -> str:
    """The network's name: where the model gave only a network's common noun ("Städteverbund"),
    the name that noun stands before in its sentences ("der Städteverbund die Hanse"); the
    noun itself where they give it no name."""
    cited = [number for number in mention.sentences if number in verifier.shown]
    if not BARE_NETWORK_NOUN.fullmatch(name):
        return name
    for number in cited:
        apposed = apposed_name(verifier.shown[number].text)
        if apposed is not None:
            verifier.drops.value("alliance", "name", name, "a network's noun, not its name")
            return apposed
    return name


# An article right before a name: "beim Send", "im Münster", "the Send".
_ARTICLE_BEFORE = re.compile(
    r"(?<!\w)(?:beim|zum|zur|vom|im|am|ins|ans|der|die|das|dem|den|des|the)\s+$", re.IGNORECASE
)


def names_a_thing(sentence: str, name: str) -> bool:
    """Whether every use of the name is a thing called so ("beim Send", a fair; "im Münster",
    a cathedral): after an article and before no other name. Towns take no article, and a name
    followed by another ("zur Hannover Messe") stays a town; a title after it starts a person
    ("in der Mitte Dr. Weber"), not a longer name."""
    uses = list(re.finditer(rf"(?<!\w){re.escape(name.strip())}(?!\w)", sentence))
    return bool(uses) and all(
        _ARTICLE_BEFORE.search(sentence, max(0, use.start() - 8), use.start())
        and not _name_continues(sentence[use.end() :])
        for use in uses
    )


def _name_continues(after: str) -> bool:
    """Whether the text after a name goes on with another name (not with a person's title)."""
    after = after.lstrip()
    word = re.match(r"\w+", after)
    return after[:1].isupper() and not (word is not None and fold(word.group()) in TITLES)


def _names_an_alliance(name: str) -> bool:
    """An alliance name is a proper name of a network, not a topic or a single place."""
    if len(name) < 3 or not any(char.isupper() for char in name):
        return False
    folded = fold(name)
    alliance_words = TRIGGERS["alliance"] + ("cities", "staedte", "forum", "liga", "ring", "bund")
    # Anywhere in the name, so the trigger words' "~" (inside a compound) adds nothing here.
    return any(word.lstrip("~") in folded for word in alliance_words) or name.isupper()


def _members(
    verifier: Verifier, names: list[str], window: list[int], used: list[int], joined: list[Place]
) -> list[Place]:
    """The alliance's members the window names. A country is none: a network of towns counts
    towns and regions ("mayors of cities in Morocco and Iran have joined the network" makes
    no state a member)."""
    members: dict[str, Place] = {}
    for name in (part for value in names for part in member_names(value)):
        place = verifier.place("alliance", "members", name, window, used)
        # Said outright to be no member, it is none, wherever else the text names it.
        naming = [verifier.shown[n].text for n in window if mentions(verifier.shown[n].text, name)]
        if place is not None and any(denies_membership(text, name) for text in naming):
            verifier.drops.value("alliance", "members", name, "said to be no member")
        elif place is not None and place.kind == "country":
            verifier.drops.value("alliance", "members", name, "a country, not a member town")
        elif place is not None:
            members.setdefault(fold(place.name), place)
    for place in joined:
        members.setdefault(fold(place.name), place)
    return list(members.values())


def member_names(value: str) -> list[str]:
    """'Region X (A/B)' is the region; 'Network „N“ (A/B/C)' stands for its member places."""
    head, _, inner = value.partition("(")
    if not inner or resolve_place(head.strip()) is not None:
        return [head.strip() or value]
    parts = re.split(r"\s*(?:/|,|;|\bund\b|\band\b)\s*", inner.rstrip(") "))
    return [part for part in parts if part]


LIST_SEPARATORS = re.compile(r"\s*(?:[,;:()/„“\"]|\bund\b|\bsowie\b|\band\b|\boder\b)\s*")
CAPITALISED = re.compile(r"^[A-ZÄÖÜ][\w\-’']*$")


def listed_places(sentence: str) -> list[Place]:
    """The places a sentence lists ('A, B, C und D'): empty unless it lists at least three."""
    places: dict[str, Place] = {}
    for chunk in LIST_SEPARATORS.split(PARENTHESIS.sub(_resolve_parenthesis, sentence)):
        place = _place_in_chunk(chunk.strip(" .!?").split())
        if place is not None and place.kind != "country":
            places.setdefault(fold(place.name), place)
    return list(places.values()) if len(places) >= 3 else []


PARENTHESIS = re.compile(r"([^,;:()]+?)\s*\(([^()]*)\)")


def _resolve_parenthesis(match: re.Match[str]) -> str:
    """'Region X (A/B)' names the region; 'Netzwerk N (A/B/C)' stands for A, B and C."""
    head, inner = match.group(1), match.group(2)
    return head if _place_in_chunk(head.split()) is not None else f"{head}, {inner}"


def _place_in_chunk(tokens: list[str]) -> Place | None:
    while tokens and (not CAPITALISED.match(tokens[0]) or tokens[0].lower() in ARTICLES):
        tokens = tokens[1:]
    while tokens and not CAPITALISED.match(tokens[-1].rstrip(".")):
        tokens = tokens[:-1]
    # The whole chunk ("Rüsselsheim am Main"), else its last word ("... sind Ulm").
    candidates = [" ".join(tokens)] if 0 < len(tokens) <= 4 else []
    candidates += [tokens[-1]] if tokens else []
    for candidate in candidates:
        place = resolve_place(candidate.rstrip("."))
        if place is not None:
            return place
    return None


def _listed(
    verifier: Verifier, sentences: list[int], used: list[int]
) -> tuple[list[Place], list[Joining]]:
    """Members and joinings from sentences that list places (beyond what the model named)."""
    members: list[Place] = []
    joinings: list[Joining] = []
    for number in sentences:
        places = listed_places(verifier.shown[number].text)
        if not places:
            continue
        used.append(number)
        if verifier.reports_joining(number):
            date = verifier.first_date(number)
            joinings += [Joining(place=place, date=date) for place in places]
        members += places
    return members, joinings


def _union_places(first: list[Joining], second: list[Joining]) -> list[Joining]:
    """Each place once, `first`'s joining before `second`'s; where `first`'s leaves its date
    or its occasion empty, `second`'s for the place fills it."""
    joinings = {fold(j.place.name): j for j in second}
    for joining in first:
        known = joinings.get(fold(joining.place.name))
        if known is not None:
            filled = {"date": joining.date or known.date, "event": joining.event or known.event}
            joining = joining.model_copy(update=filled)
        joinings[fold(joining.place.name)] = joining
    return list(joinings.values())


def _names_alliance(sentence: str, key: str, acronyms_of_it: set[str]) -> bool:
    """Whether a sentence names the alliance of this key (`alliance_key`): every word of its
    name, inflected as the case wants ("der Chinesisch-Deutschen Allianz"), or an acronym the
    article defines for it."""
    written = word_stems(sentence)
    return bool(key) and (set(key.split()) <= written or bool(acronyms_of_it & written))


def _at_the_ceremony(verifier: Verifier, joining: Joining, used: list[int]) -> Joining:
    """A dated joining with no occasion takes that of a ceremony the article dates on the same
    day ("Die feierliche Zeremonie fand am 23. April im Rahmen der Hannover Messe statt")."""
    if joining.date is None or joining.event is not None:
        return joining
    for number, sentence in verifier.shown.items():
        venue = occasion(sentence.text)
        if (
            venue
            and CEREMONY.search(fold(sentence.text))
            and _one_date(verifier, number) == joining.date
        ):
            used.append(number)
            return joining.model_copy(update={"event": venue})
    return joining


# Words that put one joining beside another (folded): "X joined in 2021, alongside Y",
# "Zusätzlich zu X wurden auch Y und Z aufgenommen".
ALONGSIDE = re.compile(
    r"\b(?:alongside|along with|together with|zusammen mit|gemeinsam mit|zusaetzlich zu|neben)\b"
)


def _joined_alongside(verifier: Verifier, joined: list[Joining], used: list[int]) -> list[Joining]:
    """An undated joining that a sentence reports beside a dated one ("Ulm joined the league
    in 2021, alongside Aue"; "Zusätzlich zu Ulm wurden am Montag auch Aue und Jena
    aufgenommen", Ulm's day stated elsewhere) took place with it: it takes its date and
    occasion, where the sentence states no other date."""
    dated = [joining for joining in joined if joining.date is not None]
    return [
        _dated_beside(verifier, joining, dated, used) if joining.date is None else joining
        for joining in joined
    ]


def _dated_beside(
    verifier: Verifier, joining: Joining, dated: list[Joining], used: list[int]
) -> Joining:
    for number, sentence in verifier.shown.items():
        text = sentence.text
        if not (
            ALONGSIDE.search(fold(text))
            and verifier.reports_joining(number)
            and mentions(text, joining.place.name)
        ):
            continue
        stated = {dates.parse_date_expression(e)[0] for e in dates.find_date_expressions(text)}
        other = next((d for d in dated if mentions(text, d.place.name)), None)
        if other is not None and stated - {None} <= {other.date}:
            used.append(number)
            return joining.model_copy(update={"date": other.date, "event": other.event})
    return joining


# How many sentences that report a joining again may stand between it and a sentence that
# refers back to it.
RESTATEMENTS = 1


def _subject_joinings(verifier: Verifier, sentences: list[int], used: list[int]) -> list[Joining]:
    """Places a sentence gives as the subject of a joining ("Ulm tritt der Allianz bei", "Im
    Mai trat Ulm ... bei", "Leeds joined ..."), dated by a membership since a date ("Ulm ist
    seit 2010 Mitglied"), else by the sentence's one date; else dated, and placed at its
    occasion, by a following sentence that refers back to the joining ("Die offizielle
    Aufnahme findet am 24. April auf der Messe statt")."""
    joinings: list[Joining] = []
    for number in sentences:
        for name, since in joining_subjects(verifier.shown[number].text):
            date = dates.parse_date_expression(since, verifier.published_at)[0] if since else None
            if BOTH_TOWNS.fullmatch(name):
                # "Beide Städte gehören seit 2019 dem Netzwerk an": the two towns named before.
                pair = _two_towns_before(verifier, number, used)
                joinings += [
                    Joining(place=town, date=date or _one_date(verifier, number)) for town in pair
                ]
                continue
            # "Das Bezirksamt ist beigetreten": the town of the article joined.
            home = verifier.home if is_authority(name) else None
            place = home or _place_at_start(verifier, name, number, used)
            if place is None:
                continue
            if home is not None:
                used.append(number)
            joining = Joining(place=place, date=date or _one_date(verifier, number))
            back = _referring_back(verifier, number) if joining.date is None else None
            date_back = _one_date(verifier, back) if back is not None else None
            if back is not None and date_back:
                used.append(back)
                joining.date = date_back
                joining.event = occasion(verifier.shown[back].text)
            joinings.append(joining)
    return joinings


def _nominal_joinings(verifier: Verifier, sentences: list[int], used: list[int]) -> list[Joining]:
    """Places that sentences about the alliance (its evidence, and those naming it) give as
    joining by the noun of the joining ("die Neuaufnahme der Städte Ipswich sowie Tiel",
    "the admission of Leeds"), dated by the sentence's one date."""
    joinings = []
    for number in sentences:
        for name, presented in nominal_joinings(verifier.shown[number].text):
            place = _place_at_start(verifier, name, number, used)
            if place is None and presented:
                # "der Städte A sowie B und C": the noun presents each as a town.
                place = resolve_place(name, presented=True)
                used.append(number)
            if place is not None:
                joinings.append(Joining(place=place, date=_one_date(verifier, number)))
    return joinings


def _referring_back(verifier: Verifier, number: int) -> int | None:
    """A following sentence that opens by referring back to the joining, past sentences that
    report the same joining again ("Köln tritt ... bei. Köln ist ... beigetreten. Die
    offizielle Aufnahme findet am 24. April statt."): none that names another place joining."""
    following = number + 1
    while following in verifier.shown and following <= number + RESTATEMENTS + 1:
        text = verifier.shown[following].text
        if refers_back_to_joining(text):
            return following
        if not verifier.reports_joining(following) or _joining_places(text):
            return None
        following += 1
    return None


def _joining_places(sentence: str) -> list[str]:
    """The places a sentence gives as joining, as written."""
    named = (_place_written_first(name) for name, _ in joining_subjects(sentence))
    return [name for name in named if name is not None]


def _subject_members(verifier: Verifier, sentences: list[int], used: list[int]) -> list[Place]:
    """Places that sentences naming the alliance give as its members, undated ("Bellmont is
    a member of Sister Cities International", "Ulm gehört dem Netzwerk X an"); "beide
    Städte" are the two towns named before (`_two_towns_before`)."""
    members: list[Place] = []
    for number in sentences:
        for name in member_subjects(verifier.shown[number].text):
            if BOTH_TOWNS.fullmatch(name):
                members += _two_towns_before(verifier, number, used)
                continue
            place = _place_at_start(verifier, name, number, used)
            if place is not None and place.kind != "country":
                members.append(place)
    return members


# How many sentences back "beide Städte" may find the two towns it refers to.
BOTH_TOWNS_REACH = 4


def _two_towns_before(verifier: Verifier, number: int, used: list[int]) -> list[Place]:
    """The two towns that "beide Städte", "both towns" in sentence `number` refers to: those
    of the nearest sentence before it that names exactly two (the reference presupposes a
    pair; a sentence naming three is passed over), within `BOTH_TOWNS_REACH` sentences. Both
    sentences become evidence. None where no such sentence is near."""
    for before in range(number - 1, max(-1, number - 1 - BOTH_TOWNS_REACH), -1):
        sentence = verifier.shown.get(before)
        if sentence is None:
            continue
        towns = towns_named(sentence.text, verifier.common)
        if len(towns) == 2:
            used += [before, number]
            return towns
    return []


def _place_at_start(verifier: Verifier, name: str, number: int, used: list[int]) -> Place | None:
    """The place a joining's subject names (`_place_written_first`), checked as the model's
    places are; None when it names none."""
    written = _place_written_first(name) or (name if verifier.own_place(name) else None)
    if written is None:
        return None
    return verifier.place("alliance", "joined", written, [number], used)


def _place_written_first(name: str) -> str | None:
    """The name, or the longest run of its first words, that is a place ("Ulm im Rahmen" is
    Ulm); None when none is."""
    words = name.split()
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size])
        if resolve_place(candidate) is not None:
            return candidate
    return None


def _one_date(verifier: Verifier, number: int) -> str | None:
    """The sentence's date where it states exactly one."""
    expressions = dates.find_date_expressions(verifier.shown[number].text)
    if len(expressions) != 1:
        return None
    return dates.parse_date_expression(expressions[0], verifier.published_at)[0]


def _joinings(
    verifier: Verifier, mention: AllianceMention, window: list[int], used: list[int]
) -> list[Joining]:
    joinings: dict[str, Joining] = {}
    joining_sentences = [number for number in window if verifier.reports_joining(number)]
    for joining in mention.joined:
        place = verifier.place("alliance", "joined", joining.place, joining_sentences, used)
        if place is None:
            continue
        _, date, _ = verifier.date("alliance", "joined.date", joining.date_text, window)
        event = verifier.phrase("alliance", "joined.event", joining.event, window)
        joinings.setdefault(fold(place.name), Joining(place=place, date=date, event=event))
    return list(joinings.values())
