"""Deterministic German and English cardinal numbers, stated durations and delegation sizes."""

from __future__ import annotations

import re
from collections.abc import Iterator

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

_SMALL: dict[str, int] = {
    "null": 0, "zero": 0,
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eins": 1, "one": 1,
    "zwei": 2, "zwo": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4,
    "fuenf": 5, "five": 5, "sechs": 6, "six": 6, "sieben": 7, "seven": 7,
    "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10,
    "elf": 11, "eleven": 11, "zwoelf": 12, "twelve": 12,
    "dreizehn": 13, "thirteen": 13, "vierzehn": 14, "fourteen": 14,
    "fuenfzehn": 15, "fifteen": 15, "sechzehn": 16, "sixteen": 16,
    "siebzehn": 17, "seventeen": 17, "achtzehn": 18, "eighteen": 18,
    "neunzehn": 19, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "zwanzig": 20, "twenty": 20, "dreissig": 30, "thirty": 30, "vierzig": 40, "forty": 40,
    "fuenfzig": 50, "fifty": 50, "sechzig": 60, "sixty": 60, "siebzig": 70, "seventy": 70,
    "achtzig": 80, "eighty": 80, "neunzig": 90, "ninety": 90,
}  # fmt: skip
# "tausend" before "hundert" so that "zweitausenddreihundert" splits at the larger scale.
_SCALES = (("tausend", 1000), ("thousand", 1000), ("hundert", 100), ("hundred", 100))
# The German indefinite article is spelled like "one"; only glued into a compound
# ("eintägig") or where a count is grammatically required does it mean 1.
_ARTICLES = frozenset({"ein", "eine", "einen", "einem", "einer", "a", "an"})
# Heads that make a glued number prefix a count: "dreitägig", "fünfköpfig", "zweiwöchig".
_COMPOUND_HEADS = (
    "taegig", "woechig", "monatig", "jaehrig", "stuendig", "minuetig", "koepfig", "teilig",
)  # fmt: skip

_NUMBER = r"(?P<n>\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+|[^\W\d_]+?(?:-[^\W\d_]+?)?)"
_START = r"(?<![\w.,])"
_DIGIT_RUN = re.compile(
    r"(?<![\d.,])(?P<run>\d+(?:[.,]\d+)*)"
    # A dot followed by a lowercase word, a digit, a dash or a month marks a German ordinal
    # or a date ("am 23. April", "3. Delegation", "14.-17.11."), not a cardinal.
    r"(?P<ordinal>\.(?=\s*(?:[a-zäöüß\d\-–]|Jan|Feb|M[aä]r|Apr|Ma[iy]|Jun|Jul|Aug|Sep|O[ck]t"
    r"|Nov|De[cz]))|(?:st|nd|rd|th)\b)?"
)
# The longest number word below a million ("siebenhundertsiebenunddreißigtausendsieben-
# hundertsiebenunddreißig") has 67 letters folded; longer tokens and digit runs are no count
# but IDs or junk. The bound keeps int() below its 4,300-digit limit (ValueError beyond) and
# the recursion over "tausend" and "hundert" shallow (RecursionError on long repetitions).
_MAX_NUMBER_CHARS = 80
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _overlapping(pattern: str) -> re.Pattern[str]:
    # Matches are zero-width so that a rejected candidate ("die drei ...") cannot swallow
    # the real one that starts inside it.
    return re.compile(rf"(?=(?P<all>{_START}{pattern}))", re.IGNORECASE)


_DURATION = _overlapping(
    _NUMBER + r"(?:-?(?P<adj>t(?:ä|ae)gig|w(?:ö|oe)chig)"
    r"|(?:\s+|-)(?P<unit>tage?n?|wochen?|days?|weeks?)\b)"
)
# Counts before these words are offsets in time ("drei Tage später"), not durations.
_OFFSET_AFTER = re.compile(
    r"\s+(?:nach|vor|sp(?:ä|ae)ter|zuvor|vorher|danach|fr(?:ü|ue)her|zur(?:ü|ue)ck"
    r"|later|after|before|ago|earlier|prior)\b",
    re.IGNORECASE,
)
_OFFSET_BEFORE = re.compile(r"\b(?:vor|nach|alle|every)\s+$", re.IGNORECASE)

_HEADCOUNT = _overlapping(_NUMBER + r"(?:-?k(?:ö|oe)pfig|-(?:member|person|strong)\b)")
_PEOPLE = _overlapping(
    _NUMBER
    # One lowercase word may sit between count and noun ("25 deutsche Teilnehmer"); German
    # nouns are capitalised, so this cannot skip over another noun.
    + r"\s+(?:(?-i:[a-zäöüß])[^\W\d_]*\s+)?"
    r"(?:teilnehmer(?:innen|n)?|teilnehmende[n]?|vertreter(?:innen|n)?|personen"
    r"|delegierte[n]?|mitglieder[n]?|g(?:ä|ae)ste[n]?|participants|delegates|people|persons"
    r"|members|representatives|guests)\b"
)
# Visitors and travellers counted: a delegation's size, but an event's crowd too ("20.000
# Besucher kamen zum Stadtfest"), so only a count under a thousand.
_VISITORS = _overlapping(
    r"(?P<n>\d{1,3}(?![\d.,]\d)|[^\W\d_]+?(?:-[^\W\d_]+?)?)"
    r"\s+(?:(?-i:[a-zäöüß])[^\W\d_]*\s+)?"
    r"(?:besucher(?:innen|n)?|reisende[n]?|visitors|travell?ers)\b"
)
# "a delegation of 22", "the group of nine".
_DELEGATION_OF = re.compile(
    r"\b(?:delegation|group|party|team)\s+of\s+(?:(?:about|around|some|nearly|almost|roughly|over|more\s+than)\s+)?"
    + _START
    + _NUMBER
    + r"\b",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return text.casefold().translate(_UMLAUTS)


def number_word(word: str) -> int | None:
    """The cardinal a single German or English number word (or digit string) denotes."""
    folded = _fold(word.strip())
    if len(folded) > _MAX_NUMBER_CHARS:
        return None
    if re.fullmatch(r"[0-9]+", folded):
        return int(folded)
    return _below_million(folded)


def _below_million(word: str) -> int | None:
    for scale_word, scale in _SCALES:
        head, found, tail = word.partition(scale_word)
        if found:
            return _scaled(head, tail, scale)
    return _below_hundred(word)


def _scaled(head: str, tail: str, scale: int) -> int | None:
    factor = _below_million(head) if head else 1
    rest = _below_million(tail.removeprefix("und").lstrip("-")) if tail else 0
    if factor is None or rest is None or not 1 <= factor < 1000 or rest >= scale:
        return None
    return factor * scale + rest


def _below_hundred(word: str) -> int | None:
    if word in _SMALL:
        return _SMALL[word]
    if word in _TENS:
        return _TENS[word]
    unit_word, found, tens_word = word.partition("und")
    if not found:  # English puts the tens first: "twenty-one"
        tens_word, _, unit_word = word.partition("-")
    unit, tens = _SMALL.get(unit_word), _TENS.get(tens_word)
    if unit is None or tens is None or not 1 <= unit <= 9:
        return None
    return tens + unit


def numbers_in(text: str) -> set[int]:
    """Every cardinal the text states, as digits, number words or glued into compounds."""
    return set(_digit_numbers(text)) | set(_word_numbers(_fold(text)))


def _digit_numbers(text: str) -> Iterator[int]:
    for match in _DIGIT_RUN.finditer(text):
        run = match["run"]
        if len(run) > _MAX_NUMBER_CHARS:
            continue
        if _THOUSANDS.fullmatch(run):
            yield int(re.sub(r"[.,]", "", run))
        # Decimals, times and dates ("12,50", "14.30", "24.04.2017") are not counts.
        elif run.isdigit() and not match["ordinal"]:
            yield int(run)


def _word_numbers(folded: str) -> Iterator[int]:
    for token in _WORD.findall(folded):
        value = None if token in _ARTICLES else number_word(token)
        if value is not None:
            yield value
            continue
        for part in token.split("-"):
            value = None if part in _ARTICLES else number_word(part)
            value = _glued_number(part) if value is None else value
            if value is not None:
                yield value


def _glued_number(word: str) -> int | None:
    for end in range(len(word) - 1, 0, -1):
        if word[end:].startswith(_COMPOUND_HEADS):
            value = number_word(word[:end])
            if value is not None:
                return value
    return None


def _count(token: str, *, article_is_one: bool) -> int | None:
    folded = _fold(token)
    if folded in _ARTICLES:
        return 1 if article_is_one else None
    return number_word(re.sub(r"(?<=\d)[.,](?=\d{3})", "", folded))


def duration_days(text: str) -> int | None:
    """The first duration the text states, in days; months and longer are too vague."""
    for match in _DURATION.finditer(text):
        count = _count(match["n"], article_is_one=True)
        if count is None or _is_time_offset(text, match):
            continue
        return _in_days(match, count)
    return None


# A noun for a stay or journey right after a length ("dreitägigen Aufenthalts", "ihr
# zweiwöchiger Arbeitsbesuch", "a nine-day visit"), German compounds included.
_STAY_NOUN = re.compile(
    r"(?:e[nmrs]?)?\s+(?:[^\W\d_]*(?:aufenthalt|besuch|reise|visite|fahrt)[^\W\d_]*"
    r"|visit|stay|trip|tour|journey)\b",
    re.IGNORECASE,
)


# A verb of staying right before a length, up to three words between (an inverted subject,
# "for"): "Die Gäste blieben drei Tage", "verbrachten die Gäste fünf Tage", "stayed for
# five days", "spent a week in Leeds".
_STAY_VERB = re.compile(
    r"\b(?:blieb|blieben|bleiben|bleibt|verbrachte|verbrachten|verbringen|verbringt|weilte"
    r"|weilten|stayed|stays|spent|spend|spends)\s+(?:[\w\-]+\s+){0,3}?$",
    re.IGNORECASE,
)


def stay_length(text: str) -> int | None:
    """The length in days of a stay or journey the text names by a length before its noun
    ("Während ihres dreitägigen Aufenthalts", "during a nine-day visit") or after a verb of
    staying ("Die Gäste blieben drei Tage in der Stadt", "They spent five days in Leeds");
    None when it names none."""
    for match in _DURATION.finditer(text):
        count = _count(match["n"], article_is_one=True)
        stayed = _STAY_VERB.search(text[: match.start("all")]) is not None
        if count is None or not (_STAY_NOUN.match(text, match.end("all")) or stayed):
            continue
        return _in_days(match, count)
    return None


def _in_days(match: re.Match[str], count: int) -> int:
    """A matched duration of `count` days or weeks, in days."""
    unit = _fold(match["adj"] or match["unit"])
    return count * (7 if unit.startswith(("wo", "week")) else 1)


def _is_time_offset(text: str, match: re.Match[str]) -> bool:
    before = text[: match.start("all")]
    return bool(_OFFSET_AFTER.match(text, match.end("all")) or _OFFSET_BEFORE.search(before))


def count_of_people(text: str) -> int | None:
    """How many people a delegation has, as the text states it; None when it does not."""
    found = [
        (match.start(), value)
        for pattern in (_HEADCOUNT, _PEOPLE, _VISITORS, _DELEGATION_OF)
        for match in pattern.finditer(text)
        if (value := _count(match["n"], article_is_one=False)) is not None
    ]
    return min(found)[1] if found else None


# Plural nouns of things an article goes on to name one by one: "zwei Delegationen kündigten
# sich an" is followed by a sentence on each delegation.
_NAMED_THINGS = (
    r"(?:Delegationen|Gruppen|Städte|Partnerstädte|Gemeinden|Vertreter|Gäste|Unternehmen|Firmen"
    r"|Länder|Organisationen|Projekte|delegations|groups|cities|towns|partners|representatives"
    r"|guests|companies|countries|organisations|organizations|projects)"
)
_ANNOUNCEMENT = re.compile(rf"\b(?P<n>\w+) (?P<noun>{_NAMED_THINGS})\b")
# "zwei Städte, Ulm und Lyon": the things are named in the sentence itself
_NAMED_AFTER = re.compile(r"[,:(]\s*[A-ZÄÖÜ]|\b(?:und|and|sowie)\s+[A-ZÄÖÜ]|\bnämlich\b|\bnamely\b")
MAX_ANNOUNCED = 3


def announced_count(sentence: str) -> int:
    """How many things a sentence announces without naming them ("gleich zwei Delegationen
    kündigten sich an", "three groups will visit"): the next sentences name them, one each
    (a cataphoric count, at most MAX_ANNOUNCED). 0 when it announces none or names them."""
    for match in _ANNOUNCEMENT.finditer(sentence):
        count = number_word(match.group("n"))
        if count is None or not 2 <= count <= MAX_ANNOUNCED + 2:
            continue
        if _NAMED_AFTER.search(sentence, match.end()):
            return 0
        return min(count, MAX_ANNOUNCED)
    return 0


# A relation's age as news state it, right before the noun of the relation (one word may
# stand between): "die seit 20 Jahren dauernde Städtepartnerschaft", "eine 36-jährige
# Partnerschaft", "50 Jahre Städtepartnerschaft", "the 20th anniversary of twinning", "a
# 20-year friendship"; or after it, as what the relation's clause says: "die Partnerschaft
# besteht seit 20 Jahren", "the twinning has lasted for 30 years". Over folded text, where a
# hyphen is a space. A qualified age ("seit mehr als 20 Jahren") is no number of years.
_RELATION = (
    r"(?:\w*partnerschaft\w*|\w*freundschaft\w*|twinning|partnership|friendship"
    r"|relationship|sister city|link)"
)
_AGE = (
    r"(?:seit (?P<n1>\w+) jahren|(?P<n2>\w+?) ?jaehrig\w*|(?P<n3>\w+) jahre"
    r"|for (?P<n4>\w+) years|(?P<n5>\d+)(?:st|nd|rd|th) anniversary|(?P<n6>\w+) years?)"
)
_AGE_BEFORE_RELATION = re.compile(rf"\b{_AGE}(?: \w+)? {_RELATION}\b")
_AGE_AFTER_RELATION = re.compile(
    rf"\b{_RELATION}(?: \w+){{0,5}}? (?:seit (?P<n7>\w+) jahren|for (?P<n8>\w+) years)\b"
)


def relation_age(folded: str) -> int | None:
    """How many years old a partnership or friendship is, as the (folded) sentence states
    it beside the relation's noun; None when it states no such number."""
    for pattern in (_AGE_BEFORE_RELATION, _AGE_AFTER_RELATION):
        for match in pattern.finditer(folded):
            said = next(value for value in match.groupdict().values() if value)
            years = number_word(said)
            if years is not None and 0 < years < 1000:
                return years
    return None
