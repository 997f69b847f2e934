"""Deterministic German and English date phrases, parsed into ISO 8601 partial dates."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import NamedTuple


class _Parts(NamedTuple):
    year: int | None
    month: int | None
    day: int | None


_Span = tuple[str | None, str | None]
_Handler = Callable[[re.Match[str], datetime.date | None], _Span | None]

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_MONTH_NAMES = (
    "Januar Jänner January", "Februar Feber February", "März Maerz March", "April", "Mai May",
    "Juni Juno June", "Juli Julei July", "August", "September", "Oktober October", "November",
    "Dezember December",
)  # fmt: skip
_MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mär Mrz Mar", "Apr", "", "Jun", "Jul", "Aug", "Sep Sept", "Okt Oct", "Nov",
    "Dez Dec",
)  # fmt: skip
_WEEKDAY_NAMES = (
    "Montag Monday", "Dienstag Tuesday", "Mittwoch Wednesday", "Donnerstag Thursday",
    "Freitag Friday", "Samstag Sonnabend Saturday", "Sonntag Sunday",
)  # fmt: skip
# Past and future markers; anything else ("diese", "this", none) means the current one.
_DIRECTIONS = (
    ("vergangen", -1), ("letzt", -1), ("vorig", -1), ("last", -1), ("past", -1),
    ("naechst", 1), ("kommend", 1), ("next", 1), ("coming", 1),
)  # fmt: skip
_DAY_OFFSETS = {"heute": 0, "today": 0, "gestern": -1, "yesterday": -1, "vorgestern": -2}
# Two-digit years up to here are read as 20xx: partnerships founded in the 1950s and 60s
# ("12.5.62") must stay in the 20th century.
_TWO_DIGIT_PIVOT = 2049


def _fold(text: str) -> str:
    return text.casefold().translate(_UMLAUTS)


def _index(rows: tuple[str, ...]) -> dict[str, int]:
    return {_fold(name): number for number, row in enumerate(rows, 1) for name in row.split()}


def _alternation(rows: tuple[str, ...]) -> str:
    names = sorted({name for row in rows for name in row.split()}, key=len, reverse=True)
    return "|".join(map(re.escape, names))


_MONTHS = _index(_MONTH_NAMES) | _index(_MONTH_ABBREVIATIONS)
_WEEKDAYS = _index(_WEEKDAY_NAMES)


def month_name(month: int, language: str) -> str:
    """The month's name in German ("de") or English: 3 -> "März" or "March"."""
    names = _MONTH_NAMES[month - 1].split()
    return names[0] if language == "de" else names[-1]


def weekday_written(phrase: str, iso: str, language: str) -> str | None:
    """The weekday a date phrase writes with its day ("Am Freitag, 24.6.2016"), in German
    ("de") or English, where the calendar agrees the day is one; None where the phrase
    writes none, where the day has no year, or where it is another weekday (a slip)."""
    match = re.search(_WEEKDAY, phrase)
    if match is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso) is None:
        return None
    number = _WEEKDAYS[_fold(match.group())]
    if datetime.date.fromisoformat(iso).isoweekday() != number:
        return None
    names = _WEEKDAY_NAMES[number - 1].split()
    return names[0] if language == "de" else names[-1]


# A part of the day ("am Vormittag", "abends", "in the morning"), folded, and how German and
# English say it with a date.
_DAY_PARTS = {
    "morgen": ("am Morgen", "in the morning"),
    "vormittag": ("am Vormittag", "in the morning"),
    "morning": ("am Morgen", "in the morning"),
    "mittag": ("am Mittag", "at noon"),
    "noon": ("am Mittag", "at noon"),
    "nachmittag": ("am Nachmittag", "in the afternoon"),
    "afternoon": ("am Nachmittag", "in the afternoon"),
    "abend": ("am Abend", "in the evening"),
    "evening": ("am Abend", "in the evening"),
}
_DAY_PART = re.compile(
    r"\b(?:am\s+(?:fruehen\s+|spaeten\s+)?(?P<noun>morgen|vormittag|mittag|nachmittag|abend)"
    r"|(?P<adverb>morgen|vormittag|mittag|nachmittag|abend)s"
    r"|(?:in\s+the|at)\s+(?P<english>morning|afternoon|evening|noon))\b"
)
# Where the clause of a date phrase ends: a comma, a colon or semicolon, or a conjunction that
# joins another clause.
_CLAUSE_END = re.compile(r"[,;:]|\b(?:und|and|aber|but|sowie|while|waehrend)\b")


def day_part_with(sentence: str, phrase: str, language: str) -> str | None:
    """The part of the day the clause of a date phrase gives after it ("Am Freitag, 24.6.2016
    sind wir bereits am Vormittag gelandet": "am Vormittag"), said in German ("de") or
    English; None where it gives none. "Am Freitag, 24.6. landeten wir, und am Abend ..." gives
    none: the evening is another clause's."""
    folded, written = _fold(sentence), _fold(phrase)
    at = folded.find(written)
    if at < 0:
        return None
    # The comma that closes a date in apposition ("Am Donnerstag, 12. Oktober 2023, ist am
    # Nachmittag ...") ends no clause.
    rest = re.sub(r"^\s*,", " ", folded[at + len(written) :])
    clause = _CLAUSE_END.split(rest, maxsplit=1)[0]
    match = _DAY_PART.search(clause)
    if match is None:
        return None
    part = match.group("noun") or match.group("adverb") or match.group("english")
    german, english = _DAY_PARTS[part]
    return german if language == "de" else english


def is_calendar_word(word: str) -> bool:
    """A month or weekday name ("Mai" and "Montag" are also towns in the gazetteer)."""
    key = _fold(word.rstrip("."))
    return key in _MONTHS or key in _WEEKDAYS


# The seasons, folded: a time of year, as a month is ("im Herbst 2026", "in spring").
SEASONS = frozenset(
    ["fruehjahr", "fruehling", "sommer", "herbst", "winter", "spring", "summer", "autumn", "fall"]
)
# Words a date phrase may stand with that say nothing besides it.
_DATE_COMPANIONS = frozenset(
    (  # noqa: SIM905 - a word list reads best as text
        "im in am an der dem den zum ab bis seit vom von the on of since until next last "
        "naechsten naechstes kommenden kommendes"
    ).split()
)


def is_only_a_date(text: str) -> bool:
    """Whether a phrase says nothing but when: a date phrase ("Mai 2025"), a season of a
    year ("Herbst 2026"), with prepositions and articles only ("im Herbst 2026")."""
    rest = text
    for expression in find_date_expressions(text):
        rest = rest.replace(expression, " ")
    words = [_fold(word) for word in re.findall(r"[^\W\d_]+", rest)]
    told = [word for word in words if word not in _DATE_COMPANIONS]
    dated = rest != text or any(word in SEASONS for word in words)
    return dated and all(word in SEASONS or is_calendar_word(word) for word in told)


# --- grammar ----------------------------------------------------------------------------------

_NO_LETTER = r"(?![^\W\d_])"
# Month and weekday names must be capitalised: that keeps the verbs "may" and "march" out.
_WEEKDAY = rf"\b(?:{_alternation(_WEEKDAY_NAMES)})"
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY},?\s+(?:(?i:den|the)\s+)?)?"
_LEAD = (
    r"(?:\b(?:(?P<btw>(?i:zwischen|between))|(?i:am|im|vom|von|ab|bis|seit|zum|on|in|from"
    r"|since|until|till|by))\s+(?:(?i:dem|den|zum|the)\s+)?)?"
)
_QUALIFIER = r"(?:\b(?i:anfang|mitte|ende|early|mid|late)(?:-|\s+))?"
_SEPARATOR = (
    r"\s*(?P<sep>[-–—]|\b(?i:bis(?:\s+(?:zum|einschließlich))?|to|until|till|through|und|and)\b)"
    r"\s*(?:(?i:dem|den|zum|the)\s+)?"
)
_ORDINAL = r"(?:\.|st|nd|rd|th)?"
# The seasons of SEASONS as written, German ones capitalised; "fall" is a verb unless it is
# capitalised or follows "the" or "in" ("in the fall of 2020", "in fall 2020").
_SEASON = (
    r"\b(?:Frühjahrs?|Frühlings?|Fruehjahrs?|Fruehlings?|Sommers?|Herbst(?:es|s)?|Winters?"
    r"|(?i:spring|summer|autumn|winter)|Fall|(?<=\bthe\s)fall|(?<=\bin\s)fall)"
)
# A bare year must not be the tail of a number ("1.2016") or of a word.
_FREE_STANDING = r"(?<![\w.,])"


def _month(group: str, *, dotted_abbreviation: bool = False) -> str:
    # Undotted abbreviations ("Jan", "Jun") are first names too; alone they need the dot.
    abbreviation_end = r"\." if dotted_abbreviation else rf"(?:\.|{_NO_LETTER})"
    full, short = _alternation(_MONTH_NAMES), _alternation(_MONTH_ABBREVIATIONS)
    return rf"\b(?P<{group}>(?:{full}){_NO_LETTER}|(?:{short}){abbreviation_end})"


def _day(group: str) -> str:
    return rf"(?<![\d.])(?P<{group}>[0-3]?\d)(?!\d)"


def _year(group: str, *, short: bool = False) -> str:
    century = "(?:19|20)?" if short else "(?:19|20)"
    return rf"(?P<{group}>{century}\d\d)(?![.,]?\d)"


def _numeric(suffix: str) -> str:
    return rf"{_day('d' + suffix)}\.(?P<m{suffix}>[01]?\d)\.(?:{_year('y' + suffix, short=True)})?"


def _named(suffix: str) -> str:
    day, month, year = _day("d" + suffix), _month("mn" + suffix), _year("y" + suffix)
    return rf"{day}{_ORDINAL}\s*(?:(?i:of)\s+)?{month}(?:,?\s+{year})?"


def _named_english(suffix: str) -> str:
    month, day, year = _month("mn" + suffix), _day("d" + suffix), _year("y" + suffix)
    # German never orders "im Mai 17": there the number counts something else.
    return rf"(?<!\b[Ii]m\s){month}\s+{day}(?:st|nd|rd|th)?(?:,?\s+{year})?"


_SINGLE_PATTERNS = (
    rf"{_LEAD}{_WEEKDAY_PREFIX}{_named('')}",
    rf"{_LEAD}{_WEEKDAY_PREFIX}{_named_english('')}",
    rf"{_LEAD}{_WEEKDAY_PREFIX}{_numeric('')}(?!\d)",
    rf"{_LEAD}(?<![\d.])(?P<y>\d{{4}})-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)",
    rf"{_LEAD}{_QUALIFIER}{_month('mn')}\s+(?:(?i:of)\s+)?{_year('y')}",
    rf"{_LEAD}{_QUALIFIER}{_month('mn', dotted_abbreviation=True)}",
    rf"(?:\b(?:(?i:im|in\s+the|des)\s+)?(?i:jahre?s?|year)\s+|{_LEAD}{_QUALIFIER})"
    rf"{_FREE_STANDING}{_year('y')}",
    # A season of a year is the year, as precise as ISO 8601 can say it: "im Herbst 2026",
    # "in the spring of 2025", "Frühjahr 2000".
    rf"{_LEAD}{_QUALIFIER}{_SEASON}\s+(?:(?i:of|des\s+jahres)\s+)?{_FREE_STANDING}{_year('y')}",
)
_RANGE_PATTERNS = (
    rf"{_LEAD}{_WEEKDAY_PREFIX}{_day('d1')}(?:\.(?P<m1>[01]?\d)\.(?:{_year('y1', short=True)})?"
    rf"|\.)?{_SEPARATOR}{_WEEKDAY_PREFIX}{_numeric('2')}(?!\d)",
    rf"{_LEAD}{_WEEKDAY_PREFIX}{_day('d1')}{_ORDINAL}(?:\s*(?:(?i:of)\s+)?{_month('mn1')}"
    rf"(?:,?\s+{_year('y1')})?)?{_SEPARATOR}{_WEEKDAY_PREFIX}{_named('2')}",
    rf"{_LEAD}{_WEEKDAY_PREFIX}{_named_english('1')}{_SEPARATOR}{_WEEKDAY_PREFIX}"
    rf"(?:{_month('mn2')}\s+)?{_day('d2')}(?:st|nd|rd|th)?(?:,?\s+{_year('y2')})?",
    rf"{_LEAD}{_FREE_STANDING}{_year('y1')}{_SEPARATOR}{_year('y2')}",
)
_SLASHED = rf"{_LEAD}(?<![\d/.])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_year('y', short=True)}(?!/)"
_RELATIVE_DAY = r"\b(?P<word>(?i:heute|today|vorgestern|gestern|yesterday))\b"
_DIRECTION = (
    r"(?i:(?:vergangen|letzt|vorig|nächst|naechst|kommend|dies)e[nmrs]?"
    r"|this|last|past|next|coming)"
)
_RELATIVE_WEEKDAY = (
    rf"(?:\b(?i:am|on)\s+)?(?:\b(?P<rel>{_DIRECTION})\s+)?(?P<wd>{_WEEKDAY})"
    # "am Montagabend" is still that Monday.
    rf"(?i:früh|frueh|morgen|vormittag|mittag|nachmittag|abend|nacht)?{_NO_LETTER}"
)
_RELATIVE_PERIOD = (
    rf"(?:\b(?i:in\s+der|in\s+the|im|in|am|des|der|during)\s+)?\b(?P<rel>{_DIRECTION})\s+"
    r"(?P<unit>(?i:woche|week|monats?|month|jahr(?:es)?|year))\b"
)
# "am vergangenen Wochenende", "letztes Wochenende", "am Wochenende", "over the weekend": a
# weekend needs no direction word, the nearest one to the publication day is meant.
_WEEKEND = (
    r"(?:\b(?i:am|übers|uebers|an\s+diesem|over\s+the|at\s+the|on\s+the|during\s+the)\s+)?"
    rf"(?:\b(?P<rel>{_DIRECTION})\s+)?\b(?i:wochenende|weekend){_NO_LETTER}"
)

# --- partial dates -----------------------------------------------------------------------------


def _iso(parts: _Parts) -> str:
    head = "-" if parts.year is None else f"{parts.year:04d}"
    return "-".join(
        [head] + [f"{value:02d}" for value in (parts.month, parts.day) if value is not None]
    )


def _is_valid(parts: _Parts) -> bool:
    if parts.year is not None and not datetime.MINYEAR <= parts.year <= datetime.MAXYEAR:
        return False  # year 0 ("0000-01-01", or "Sep." published in 0001) is no calendar year
    if parts.month is None:
        return parts.day is None and parts.year is not None
    if not 1 <= parts.month <= 12:
        return False
    if parts.day is None:
        return True
    try:
        # A year-less 29 February exists: 2000 stands in as a leap year.
        datetime.date(parts.year or 2000, parts.month, parts.day)
    except ValueError:
        return False
    return True


def _full_year(text: str, published_at: datetime.date | None) -> int:
    if len(text) == 4:
        return int(text)
    limit = published_at.year + 1 if published_at else _TWO_DIGIT_PIVOT
    year = 2000 + int(text)
    return year if year <= limit else year - 100


def _parts(match: re.Match[str], suffix: str, published_at: datetime.date | None) -> _Parts:
    groups = match.groupdict()
    year, month_name = groups.get("y" + suffix), groups.get("mn" + suffix)
    month, day = groups.get("m" + suffix), groups.get("d" + suffix)
    return _Parts(
        _full_year(year, published_at) if year else None,
        _MONTHS[_fold(month_name.rstrip("."))] if month_name else int(month) if month else None,
        int(day) if day else None,
    )


def _with_year(parts: _Parts, published_at: datetime.date | None) -> _Parts:
    if parts.year is not None or parts.month is None or published_at is None:
        return parts
    # Articles mostly report the recent past: a date well after publication is last year's.
    months = published_at.year * 12 + published_at.month - 1 + 6
    limit = (months // 12, months % 12 + 1, published_at.day)
    year = published_at.year
    if (year, parts.month, parts.day or 1) > limit:
        year -= 1
    return parts._replace(year=year)


# --- handlers ----------------------------------------------------------------------------------


def _single_span(parts: _Parts, published_at: datetime.date | None) -> _Span | None:
    resolved = _with_year(parts, published_at)
    if not _is_valid(resolved):
        return None
    text = _iso(resolved)
    return text, text


def _single(match: re.Match[str], published_at: datetime.date | None) -> _Span | None:
    return _single_span(_parts(match, "", published_at), published_at)


def _slashed(match: re.Match[str], published_at: datetime.date | None) -> _Span | None:
    # "04/05/2017" may be 4 May or 5 April; only a number above 12 decides which is the month.
    first, second = int(match["a"]), int(match["b"])
    if (first > 12) == (second > 12):
        return None
    year = _full_year(match["y"], published_at)
    month, day = (second, first) if first > 12 else (first, second)
    return _single_span(_Parts(year, month, day), published_at)


def _range(match: re.Match[str], published_at: datetime.date | None) -> _Span | None:
    start, end = _parts(match, "1", published_at), _parts(match, "2", published_at)
    start = start._replace(month=start.month or end.month)
    end = end._replace(month=end.month or start.month)
    start, end = _share_years(start, end, published_at)
    if not (_is_valid(start) and _is_valid(end) and _is_joined(match, start, end)):
        return None
    if start.year is not None and end.year is not None and _order(start) > _order(end):
        return None
    return _iso(start), _iso(end)


def _order(parts: _Parts) -> tuple[int, int, int]:
    return parts.year or 0, parts.month or 0, parts.day or 0


def _share_years(
    start: _Parts, end: _Parts, published_at: datetime.date | None
) -> tuple[_Parts, _Parts]:
    # A range that runs over New Year ("28.12. - 3.1.") changes the year between its ends.
    wraps = int(_order(start)[1:] > _order(end)[1:])
    if start.year is None and end.year is not None:
        return start._replace(year=end.year - wraps), end
    start = _with_year(start, published_at)
    if end.year is None and start.year is not None:
        end = end._replace(year=start.year + wraps)
    return start, end


def _is_joined(match: re.Match[str], start: _Parts, end: _Parts) -> bool:
    # "am 3. und 5. Mai" names two days; "und" spans a range only after "zwischen" or when
    # the days are adjacent ("am 23. und 24. April").
    if _fold(match["sep"]) not in ("und", "and") or match["btw"]:
        return True
    adjacent = start.day is not None and end.day == start.day + 1
    return adjacent and start.month == end.month


def _relative_day(match: re.Match[str], published_at: datetime.date | None) -> _Span | None:
    if published_at is None:
        return None, None
    day = _shifted(published_at, _DAY_OFFSETS[_fold(match["word"])])
    return (day.isoformat(), day.isoformat()) if day else None


def _shifted(day: datetime.date, days: int) -> datetime.date | None:
    """The day `days` after `day`; None past the calendar's ends (published 0001-01-01)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return None


def _direction(word: str | None) -> int:
    folded = _fold(word or "")
    return next((step for stem, step in _DIRECTIONS if folded.startswith(stem)), 0)


def _relative_weekday(match: re.Match[str], published_at: datetime.date | None) -> _Span | None:
    if published_at is None:
        return None, None
    target, today = _WEEKDAYS[_fold(match["wd"])] - 1, published_at.weekday()
    step = _direction(match["rel"])
    # Plain "am Montag" may be the publication day itself; "letzten Montag" may not.
    backwards = -((today - target) % 7 or (7 if step < 0 else 0))
    shift = (target - today) % 7 or 7 if step > 0 else backwards
    day = _shifted(published_at, shift)
    return (day.isoformat(), day.isoformat()) if day else None


def _relative_period(match: re.Match[str], published_at: datetime.date | None) -> _Span | None:
    if published_at is None:
        return None, None
    step, unit = _direction(match["rel"]), _fold(match["unit"])
    if unit.startswith(("woche", "week")):
        monday = _shifted(published_at, 7 * step - published_at.weekday())
        sunday = _shifted(monday, 6) if monday else None
        return (monday.isoformat(), sunday.isoformat()) if monday and sunday else None
    if unit.startswith(("monat", "month")):
        months = published_at.year * 12 + published_at.month - 1 + step
        year, text = months // 12, f"{months // 12:04d}-{months % 12 + 1:02d}"
    else:
        year = published_at.year + step
        text = f"{year:04d}"
    # Year 0 and 10000 have no four-digit ISO 8601 form.
    return (text, text) if datetime.MINYEAR <= year <= datetime.MAXYEAR else None


def _weekend(match: re.Match[str], published_at: datetime.date | None) -> _Span | None:
    """Saturday and Sunday of the weekend meant, from the publication day: "letztes" is the
    weekend before the publication week's, "nächstes" the first after the publication day;
    with no direction word, the nearest: the one just past from Monday to Wednesday, the
    coming one on Thursday and Friday, the current one on Saturday and Sunday."""
    if published_at is None:
        return None, None
    step, weekday = _direction(match["rel"]), published_at.weekday()
    coming = _shifted(published_at, 5 - weekday)  # this week's Saturday
    if coming is None:
        return None
    if step < 0:
        weeks = -1
    elif step > 0:
        weeks = 1 if weekday >= 5 else 0
    else:
        weeks = -1 if weekday <= 2 else 0
    saturday = _shifted(coming, 7 * weeks)
    sunday = _shifted(saturday, 1) if saturday else None
    return (saturday.isoformat(), sunday.isoformat()) if saturday and sunday else None


_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    *((re.compile(pattern), _range) for pattern in _RANGE_PATTERNS),
    *((re.compile(pattern), _single) for pattern in _SINGLE_PATTERNS),
    (re.compile(_SLASHED), _slashed),
    (re.compile(_RELATIVE_DAY), _relative_day),
    (re.compile(_RELATIVE_WEEKDAY), _relative_weekday),
    (re.compile(_RELATIVE_PERIOD), _relative_period),
    (re.compile(_WEEKEND), _weekend),
)

# --- public API --------------------------------------------------------------------------------


def _expressions(text: str) -> list[tuple[re.Match[str], _Handler]]:
    found = [
        (match, handler)
        for pattern, handler in _RULES
        for match in pattern.finditer(text)
        if handler(match, None) is not None
    ]
    # Earliest first, then longest: "am Montag, 24. April 2017" beats "am Montag" and "2017".
    found.sort(key=lambda item: (item[0].start(), -item[0].end()))
    chosen: list[tuple[re.Match[str], _Handler]] = []
    for match, handler in found:
        if not chosen or match.start() >= chosen[-1][0].end():
            chosen.append((match, handler))
    return chosen


def opens_a_period(expression: str) -> bool:
    """Whether a date phrase gives when something began that goes on ("seit 1962", "since
    May"), not the time of an event."""
    return bool(re.match(r"(?i:seit|since)\b", expression))


def is_day(partial: str) -> bool:
    """Whether a partial ISO date names a calendar day ("2016-06-24", "--09-12"), not a
    month or a year."""
    return bool(re.fullmatch(r"(?:\d{4}|-)-\d{2}-\d{2}", partial))


def find_date_expressions(text: str) -> list[str]:
    """The date phrases of a text in order, each an exact substring of it."""
    return [match.group() for match, _ in _expressions(text)]


def parse_date_expression(
    expression: str, published_at: datetime.date | None = None
) -> tuple[str | None, str | None]:
    """(start, end) partial ISO dates of the first date phrase; (None, None) if there is none."""
    expressions = _expressions(expression)
    if not expressions:
        return None, None
    match, handler = expressions[0]
    return handler(match, published_at) or (None, None)


# An occasion serves as a time: "im Rahmen der Hannover-Messe", "beim Hansetag", "at the
# summit". These prepositions (with their article) attach an event to what happened at it.
_OCCASION_PREPOSITION = re.compile(
    r"(?i:\b(?:im\s+rahmen|am\s+rande|anl(?:ä|ae)sslich|w(?:ä|ae)hrend|auf|bei|zu"
    r"|on\s+the\s+sidelines\s+of|on\s+the\s+occasion\s+of|as\s+part\s+of|in\s+the\s+course\s+of"
    r"|during|at)\s+(?:der|des|dem|den|einer|eines|einem|the|an?\s+)?\s*"
    r"|\b(?:beim|zum|zur)\s+)$"
)


def occasion_phrase(event: str, texts: list[str]) -> str:
    """The event as the first text that names it attaches it, with its preposition and article
    ("im Rahmen der Hannover-Messe" for "Hannover-Messe"); the event alone where no text puts
    a preposition of occasion before it. A space and a hyphen between the event's words are
    the same word boundary ("Hannover Messe", "Hannover-Messe")."""
    words = [re.escape(word) for word in re.split(r"[\s\-]+", event.strip()) if word]
    if not words:
        return event
    named = re.compile(r"[\s\-]+".join(words), re.IGNORECASE)
    for text in texts:
        for match in named.finditer(text):
            before = _OCCASION_PREPOSITION.search(text[max(0, match.start() - 40) : match.start()])
            if before is not None:
                return before.group() + match.group()
    return event
