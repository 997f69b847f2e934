"""The checks an answer written by the model must pass before it is returned: it may state
no date, number or name that its cited sources do not hold, carry no markup, and stay on the
question. A failed check turns the answer into a refusal with the reason.

An answer may quote the sentence that states it: an extractive answer is an answer."""

from __future__ import annotations

import re

from api.language.dates import find_date_expressions, is_calendar_word
from api.language.lexicon import (
    ENGLISH,
    GERMAN,
    POLAR_OPENING,
    STOPWORDS,
    TOWN_NOUNS,
    TOWN_PARTNERSHIP,
    UNBOUNDED,
    VENUES,
    WANTS_PLACE,
    binds_other_parties,
    language_of,
)
from api.language.names import fold, mentions, words
from api.language.numbers import numbers_in
from api.language.place_names import places_named, towns_of_adjectives
from api.language.places import AREAS, countries_in, resolve_place
from api.storage.search import search_terms
from schemas.contract import Place

WANTS_DATE = re.compile(r"\b(wann|seit wann|when|what year|which year|in welchem jahr)\b", re.I)
WANTS_NUMBER = re.compile(r"\b(wie viele|wie lange|wieviele|how many|how long|how much)\b", re.I)
WANTS_DURATION = re.compile(r"\b(wie lange|how long)\b", re.I)
# A span of time back from now, which answers "when" ("vor 20 Jahren", "three years ago").
AGO = re.compile(
    r"\bvor\s+\w+\s+(?:jahr|monat|woche|tag)\w*|\b\w+\s+(?:year|month|week|day)s?\s+ago\b", re.I
)
CAPITALISED_WORD = re.compile(r"\b[A-ZÄÖÜ][\w\-’']+")
# "Aus welcher italienischen Stadt", "which French town": the answer must name a town.
WANTS_TOWN = re.compile(
    r"\b(?:welche[mnrs]?|which|what)\s+(?:\w+\s+)?(?:stadt|gemeinde|ortschaft|ort|city|town"
    r"|municipality|village)\b",
    re.I,
)
# "Wer", "who", "what is the name of": the answer must name someone.
WANTS_PERSON = re.compile(
    r"^\W*(?:wer|who|whom)\b|\b(?:von wem|by whom|what is the name|wie hei(?:ss|ß)t)\b", re.I
)

# Verbs whose doer may be a town as well as a person (folded): a town receives, hosts or
# invites guests and joins a network ("Wer empfing die Delegation?" - "Kriens"), where it
# does not lead a delegation.
TOWN_AS_AGENT = re.compile(
    r"\b(?:empf(?:ing|ingen|aengt|angen)|begruess\w*|lud|luden|eingeladen|trat|traten"
    r"|beigetreten|received|receives|welcomed|welcomes|hosted|hosts|invited|joined)\b"
)

# "Wie", "warum", "zu welchem Zweck", "what happened": a manner, a reason, a purpose or an
# event is asked for, which a bare name, date or number does not give.
WANTS_CLAUSE = re.compile(
    r"^\W*(?:wie|warum|wieso|weshalb|wozu|how|why)\b(?!\s+(?:viele|lange|alt|oft|many|long|much"
    r"|old|often)\b)|\b(?:zu welchem zweck|for what purpose|was geschah|was passierte"
    r"|what happened)\b",
    re.I,
)

MARKER_FREE = re.compile(r"\[\d+\]")
# Tags, script URLs and event handlers: an answer is plain text, and a client may render it.
MARKUP = re.compile(r"<\s*/?\s*[a-z][^<>]*>|\bjavascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)


def other_parties(question: str, cited: list[str]) -> str | None:
    """Why sources do not answer a question about a partnership of towns: they (read with
    their articles' other retrieved sentences) speak of one of clubs or schools only ("Seit
    wann besteht eine Städtepartnerschaft?" is not answered by "die Vereinsfreundschaft
    besteht seit 2004"). None when the question asks of no twinning, or they name one."""
    if TOWN_PARTNERSHIP.search(fold(question)) and binds_other_parties(" ".join(cited)):
        return "the sources speak of a partnership of clubs or schools, not of the towns"
    return None


def own_words(answer: str, question: str) -> set[str]:
    """The search terms of the answer that the question does not already have."""
    return set(search_terms(answer)) - set(search_terms(question))


def unsupported(answer: str, sources: str, question: str, asked: str | None = None) -> str | None:
    """Why the cited sources do not support the answer, or None when they do; `asked` is the
    part of the question the answer is for (what kind of thing it must give), when not all."""
    asked = asked or question
    markup = set(MARKUP.findall(answer)) - set(MARKUP.findall(sources))
    if markup:
        return f"the answer contains markup its sources do not: {sorted(markup)[:3]}"
    invented = numbers_in(answer) - numbers_in(sources) - numbers_in(question)
    if invented:
        return f"the answer states numbers its sources do not: {sorted(invented)}"
    lacking = _lacking(answer, question, asked)
    if lacking:
        return lacking
    stated = own_words(answer, question) & set(search_terms(sources)) or numbers_in(
        answer
    ) & numbers_in(sources)
    if not stated:
        return "the answer adds nothing its sources state"
    # Function and calendar words that are also towns ("Am", "Mai") are no place's name.
    for word in CAPITALISED_WORD.findall(answer):
        if word.lower() in STOPWORDS or is_calendar_word(word):
            continue
        place = resolve_place(word)
        if place is not None and not (
            mentions(sources + " " + question, word) or mentions(sources, place.name)
        ):
            return f"the answer names a place its sources do not: {word}"
    return None


def _lacking(answer: str, question: str, asked: str) -> str | None:
    """Why the answer does not give the kind of thing the question (of it: `asked`) asks for:
    a date for "wann", a number for "wie viele" ("unbefristet" for "wie lange"), a person, a
    town or a place (`_unnamed`); None when it does."""
    if WANTS_DATE.search(asked) and not _dated(answer):
        return "the question asks when, and the answer gives no date"
    if WANTS_NUMBER.search(asked) and not (
        numbers_in(answer) or (WANTS_DURATION.search(asked) and UNBOUNDED.search(answer))
    ):
        return "the question asks how many or how long, and the answer gives no number"
    return _unnamed(answer, question, asked)


# A passage this long copied whole into an answer is a copy, not a quoted name or phrase.
COPIED_PASSAGE_CHARACTERS = 40


def copies_passages(answer: str, passages: list[str]) -> str | None:
    """Why an answer that strings two or more passages together word for word answers
    nothing (it hands the reader the search results; quoting the one sentence that states
    the answer is an answer); None when it does not."""
    written = " ".join(answer.split())
    copied = [
        passage
        for passage in passages
        if len(passage) >= COPIED_PASSAGE_CHARACTERS and " ".join(passage.split()) in written
    ]
    if len(copied) >= 2:
        return f"the answer copies {len(copied)} passages instead of answering"
    return None


def gives_what_is_asked(answer: str, question: str, asked: str) -> bool:
    """Whether an answer to the whole question gives the kind of thing one part of it asks
    for (`_lacking`), and for "wie", "warum" or "what happened" more than a bare name, date
    or number."""
    if _lacking(answer, question, asked):
        return False
    return not (WANTS_CLAUSE.search(asked) and _bare(answer))


def _bare(answer: str) -> bool:
    """Whether the answer is only names, dates and numbers: every word capitalised, a digit,
    a function word or a calendar word ("24 April 2012", "Tom Kurz und Eva Roth")."""
    return all(
        word[:1].isupper() or word.isdigit() or word.lower() in STOPWORDS or is_calendar_word(word)
        for word in re.findall(r"\w+", answer)
    )


def _dated(answer: str) -> bool:
    """Whether the answer gives a time: a date phrase ("im Februar", "2016") or a span back
    from now ("vor 20 Jahren"). A bare count is no date ("9" of "the nine delegates")."""
    return bool(find_date_expressions(answer) or AGO.search(answer))


def names_stated(answer: str, question: str, texts: list[str]) -> bool:
    """Whether the answer gives names beyond the question's, and the texts hold every one
    ("Friedhelm Ost and Ernst Schwanhold"); a number alone is stated by too many sentences."""
    names = _new_names(answer, question)
    return bool(names) and all(any(mentions(text, name) for text in texts) for name in names)


def _new_names(answer: str, question: str) -> list[str]:
    """The capitalised words of the answer that the question does not have (a sentence's first
    word and function words aside)."""
    asked = {fold(word) for word in CAPITALISED_WORD.findall(question)}
    capitalised = CAPITALISED_WORD.findall(MARKER_FREE.sub(" ", answer))
    return [
        word
        for word in capitalised
        if fold(word) not in asked and word.lower() not in STOPWORDS and not _opens(answer, word)
    ]


def _opens(answer: str, word: str) -> bool:
    return answer.lstrip(" \"„“'").startswith(word) and word.lower() in STOPWORDS


def _unnamed(answer: str, question: str, asked: str) -> str | None:
    """Why the answer does not give the kind of thing the question (of it: `asked`) asks for:
    a town asked for and only countries or regions named, a person asked for and no name but
    places and the question's own words given (a place may be who receives, hosts, invites or joins:
    `TOWN_AS_AGENT`), or a place asked for and none but the question's own
    named. A month or a weekday is nobody's name ("July 3, 1999" names no one)."""
    new = [word for word in _new_names(answer, question) if not is_calendar_word(word)]
    places = [resolve_place(word) for word in new]
    if (
        WANTS_TOWN.search(asked)
        and new
        and all(place is not None and place.kind in AREAS for place in places)
    ):
        return "the question asks for a town, and the answer names only a country or region"
    if (
        WANTS_PERSON.search(asked)
        and all(place is not None for place in places)
        and not (new and TOWN_AS_AGENT.search(fold(asked)))
    ):
        return "the question asks who, and the answer names no one"
    if WANTS_PLACE.search(asked) and not (
        VENUES.search(answer) or _places_beyond(answer, question)
    ):
        return "the question asks where, and the answer names no place"
    return None


def names_no_other_place(texts: list[str], question: str) -> bool:
    """Whether the texts name no place beyond the question's: a figure an article gives
    around them can then be no other place's ("Die Stadt an der Rhône zählt 500.000
    Einwohner" beside "Aue ist mit Lyon verschwistert" may be Lyon's). A name that holds a
    name of the question is that place ("Rangitīkei District" of "Rangitīkei")."""
    asked = {fold(word) for word in CAPITALISED_WORD.findall(question)}
    return not any(
        asked.isdisjoint(words(place)) for text in texts for place in _places_beyond(text, question)
    )


def _places_beyond(answer: str, question: str) -> list[str]:
    """The places the answer names that the question does not, by any of their names: the
    town's byname is the town ("die Barbarossastadt" of a question about Kaiserslautern)."""
    asked = {_place_key(name) for name in places_named(question)}
    return [name for name in places_named(answer) if _place_key(name) not in asked]


def _place_key(name: str) -> str:
    place = resolve_place(name)
    return fold(place.name) if place is not None else fold(name)


def foreign_names(
    answer: str, question: str, cited: dict[str, list[str]], context: dict[str, list[str]]
) -> str | None:
    """Why a name the answer gives comes from an article about other places than the question
    names: each new name must stand in a cited passage whose article's retrieved sentences
    (`context`, by document) name one of the question's places. None when the question names
    no place, or every name stands in such a passage."""
    asked = places_named(question)
    if not asked:
        return None
    countries = set().union(*countries_in(question))
    about = {
        document
        for document, texts in context.items()
        if any(_names_a_place(text, asked, countries) for text in texts)
    }
    for name in _new_names(answer, question):
        holding = [doc for doc, texts in cited.items() if any(mentions(t, name) for t in texts)]
        if holding and not set(holding) & about:
            return f"the answer's {name} stands only in an article about other places than {asked}"
    return None


def about_the_towns(question: str, articles: dict[str, list[str]]) -> set[str] | None:
    """The articles (by document, with their retrieved sentences) that name a town the
    question names, by its name, its adjective ("die Hennersdorfer Gruppe" asks of
    Hennersdorf) or its name in the other language ("Cologne" for "Köln"): only they can
    answer it, as an article about other towns tells of their events ("2012 flog eine Gruppe
    nach Portugal"), not of the question's. None when the question names no town: countries
    and networks are asked of across articles."""
    towns = _towns_asked(question)
    if not towns:
        return None
    return {
        document
        for document, texts in articles.items()
        if any(_names_town(text, written, place) for text in texts for written, place in towns)
    }


def _towns_asked(question: str) -> list[tuple[str, Place]]:
    """The towns and districts the question names (small ones too: the question presents
    them as places), each as it writes it or, for an adjective, as the town's name."""
    named = places_named(question, ENGLISH | GERMAN)  # not a function word opening it: "Since"
    for _, names in towns_of_adjectives(question):
        named += [name for name in names[:1] if name not in named]
    towns = [(name, _town(name)) for name in named]
    return [(name, place) for name, place in towns if place is not None]


def _town(name: str) -> Place | None:
    """The town or district a name is; not a noun for towns ("Städte")."""
    if re.fullmatch(TOWN_NOUNS, fold(name)):
        return None
    place = resolve_place(name, presented=True)
    return place if place is not None and place.kind in ("city", "district") else None


def _names_town(text: str, written: str, town: Place) -> bool:
    """Whether the text names the town as the question writes it, or by another name of the
    same place ("Cologne", "Köln")."""
    if mentions(text, written):
        return True
    if town.geonames_id is None:
        return False
    return any(
        (place := resolve_place(name)) is not None and place.geonames_id == town.geonames_id
        for name in places_named(text)
    )


def affirmed_unstated(answer: str, question: str, cited: list[str]) -> str | None:
    """Why the answer to a polar question cannot stand: it names a place of the question that
    no cited sentence names. Such an answer affirms or denies what the question says, so the
    question's places are no given it may repeat but what it must cite a sentence for ("Ist
    Lyon eine Partnerstadt von Ulm?" is not answered "Ja, Lyon ist eine Partnerstadt von
    Ulm" by a sentence about York and Ulm). None for other questions."""
    if not POLAR_OPENING.match(question):
        return None
    for name in places_named(question):
        if mentions(answer, name) and not any(mentions(text, name) for text in cited):
            return f"the answer to a yes-or-no question names {name}, which no cited sentence does"
    return None


# A place's own figures (folded): its inhabitants, its population, its area.
PLACE_FIGURE = re.compile(
    r"\b(?:einwohner\w*|bevoelkerung|flaeche|inhabitants|residents|population|area)\b"
)


def figure_of_another_place(answer: str, question: str, cited: list[str]) -> str | None:
    """Why the answer cannot give the figure the question asks of a place: the cited
    sentences that state its number name other places and not the asked one. A population
    is said of the place its sentence names ("Wie viele Einwohner hat Ulm?" is not answered
    by "Die Stadt Lyon hat rund 500.000 Einwohner", which an article about Ulm may say of its
    partner town); a sentence that names no place ("Die Stadt hat 60.000 Einwohner") may
    speak of the asked one. None for other questions."""
    asked = places_named(question)
    if not asked or not PLACE_FIGURE.search(fold(question)):
        return None
    numbers = numbers_in(answer) - numbers_in(question)
    stating = [text for text in cited if numbers & numbers_in(text)]
    if stating and all(
        places_named(text) and not any(mentions(text, place) for place in asked) for text in stating
    ):
        return f"the cited sentences give the figure of another place than {', '.join(asked)}"
    return None


# A count the question asks for, and the word it counts ("wie viele Personen", "how many
# delegates"); folded.
COUNTED = re.compile(r"\b(?:wie ?viele|how many)\s+(\w+)(?:\s+(\w+))?")
# Units of time, money and measure: what a number before them measures is no count of
# people or things ("25 Jahre Freundschaft", "a 20-year link", "3 Tage", "5 Euro"); folded,
# where a hyphen is a space.
UNIT = (
    r"(?:jahr\w*|jaehrig\w*|tag\w*|taegig\w*|woche\w*|monat\w*|stunde\w*|minute\w*|uhr"
    r"|euro|eur|dollar\w*|prozent|kilometer\w*|km|meter\w*|years?|days?|weeks?|months?"
    r"|hours?|minutes?|percent|miles?|%|(?:st|nd|rd|th)\b)"
)


def count_of_a_measure(answer: str, question: str, cited: list[str]) -> str | None:
    """Why the answer cannot give the count the question asks for: every number it gives
    stands in the cited sentences only before a unit of time, money or measure. "Wie viele
    Personen kamen?" is not answered by the 25 of "25 Jahre Freundschaft", nor "how many
    delegates?" by the 20 of "20th anniversary". A question that counts such units itself
    ("wie viele Tage", "how many years") is answered by them. None for other questions."""
    counted = COUNTED.search(fold(question))
    if counted is None or any(re.fullmatch(UNIT, word or "") for word in counted.groups()):
        return None
    given = numbers_in(MARKER_FREE.sub(" ", answer)) - numbers_in(question)
    texts = [fold(text) for text in cited]
    measures = [
        number
        for number in given
        if (found := [m for t in texts for m in re.finditer(rf"(?<![\d.,]){number}(?!\d)", t)])
        and all(re.match(rf"\s*{UNIT}", match.string[match.end() :]) for match in found)
    ]
    if given and len(measures) == len(given):
        return "the answer's number measures time, money or size, not what the question counts"
    return None


def _names_a_place(text: str, places: list[str], countries: set[str]) -> bool:
    """Whether the text names one of the places; a country also in the other language or by
    its adjective ("the French mayors" speak of Frankreich)."""
    if any(mentions(text, place) for place in places):
        return True
    return bool(countries) and bool(countries & set().union(*countries_in(text)))


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
    sentences of its own article (`context`) speak of the question's words.

    The question's words are searched in German (the plan translates them), so an English
    article is held only to the words the retrieved English sentences use: it does not say
    "besuchten" or "Delegierte" for a German question; it says the names."""
    if language_of(" ".join(cited + (context or []))) == "en":
        passages = [passage for passage in passages if language_of(passage) == "en"]
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
    an answer is the one that holds its words. An answer of too few words for that ("8013")
    is restated by the one passage that states every number it gives beyond the question's.
    Empty when no passage holds enough of them."""
    own = own_words(answer, question)
    held = [len(own & set(search_terms(passage))) for passage in passages]
    most = max(held, default=0)
    if most >= max(MIN_RESTATED, MIN_RESTATED_SHARE * len(own)):
        return [n for n, count in enumerate(held, start=1) if count == most]
    numbers = numbers_in(answer) - numbers_in(question)
    stating = [
        n for n, text in enumerate(passages, start=1) if numbers and numbers <= numbers_in(text)
    ]
    return stating if len(stating) == 1 else []
