"""Placehood from the text: whether a sentence's grammar presents a name as a place.

A gazetteer answers "is there a place of this name somewhere", which for a small town is
both too little (many villages that twin are in no list) and too much (the full GeoNames list
holds villages called "Leader", "Man" and "Die"). How the sentence uses the name decides:

- a noun of place stands before it, in apposition: "die Partnerstadt X", "der Gemeinde X",
  "Landkreis X", "the town of X", "the city of X", also before a list: "die Partnerstädte X
  und Y";
- a preposition of origin, direction or location governs it: "aus X", "nach X", "in X",
  "from X", "to X", "in X";
- it is placed inside another place: "X in Italien", "X bei Bamberg", "X (Frankreich)",
  "X, Ontario";
- it is the local authority's name: "X Town Council", "X City Council", "X Municipal
  District";
- it owns a municipal office, in the genitive: "Mannheims Oberbürgermeister", "Leeds's Lord
  Mayor";
- English names a twinning after it: "the X twinning delegation", "X Town Twinning
  Association";
- German forms an indeclinable adjective of a town with -er, used before a noun: "die
  Hennersdorfer Feuerwehr", "Neuweiler Gäste".

A word the same text writes in lower case is a common word, not a name ("Man", "Die"),
however it is used; so is a word with the ending of a German common noun ("-ung", "-heit",
"-keit", "-schaft", "-tion", "-tät"), which German capitalises like a name. Towns take no
article, so a preposition presents a name only without one.
"""

from __future__ import annotations

import itertools
import re

from api.language.lexicon import base_title

# A word in lower case between spaces or punctuation of prose (not in a web or mail address).
PROSE_LOWER_CASE_WORD = re.compile(r"(?<![\w./@#-])[a-zäöüß]+(?![\w/@-]|\.\w)")

# Nouns for a kind of place, in German with their inflected and plural forms, that stand
# before a place's name in apposition ("der Partnerstadt Lyon").
_GERMAN_PLACE_NOUNS = (
    r"(?:Partner|Schwester|Nachbar|Kreis|Hanse|Kur|Haupt|Landeshaupt|Universitäts|Heimat)?"
    r"(?:stadt|städte|städten)"
    r"|(?:Partner|Nachbar|Orts|Markt|Verbands|Heimat)?(?:gemeinde|gemeinden)"
    r"|Stadt|Städte|Städten|Gemeinde|Gemeinden|Markt|Marktflecken|Dorf|Dorfes|Ort|Ortes|Ortschaft"
    r"|Kommune|Partnerkommune|Kreis|Kreises|Landkreis|Landkreises|Bezirk|Bezirks|Stadtbezirk"
    r"|Kanton|Kantons|Provinz|Region|Département|Departement|Präfektur|Grafschaft"
)
_ENGLISH_PLACE_NOUNS = (
    r"(?:town|city|village|borough|municipality|commune|county|district|parish|province"
    r"|prefecture|region|shire|township)"
)
_GERMAN_PREPOSITIONS = r"(?:aus|nach|in|von|bei|gen|zwischen)"
_ENGLISH_PREPOSITIONS = r"(?:from|to|in|at|near|between|of|visit(?:ed|ing)?)"
# One name of a list before the name looked for: "die Partnerstädte Kampen, Visby und X".
_LISTED = r"(?:[A-ZÄÖÜ][\w\-’'.]*(?:\s+[A-ZÄÖÜ(][\w\-’'.)]*)*(?:,\s*|\s+(?:und|sowie|and)\s+))"
_AUTHORITY = (
    r"(?:(?:(?:Town|City|Borough|District|County|Parish|Shire|Regional|Municipal)\s+)?Council"
    r"|Municipal\s+District)"
)
# The offices of a municipality that a town's genitive stands before ("Mannheims
# Oberbürgermeister", "Davos’ Gemeindepräsident", "Leeds's Lord Mayor").
_MUNICIPAL_OFFICE = (
    r"(?:\w*[Bb]ürgermeister\w*|Landr(?:at|ätin)|(?:Stadt|Gemeinde)präsident\w*"
    r"|(?:Lord\s+)?[Mm]ayor(?:ess)?|[Tt]own\s+[Cc]lerk)"
)


# Endings of German common nouns ("Gesundheitswirtschaft", "Zusammenarbeit", "Delegation"):
# German capitalises every noun, and town names do not end so.
COMMON_NOUN_ENDING = re.compile(
    r"(?:ung|heit|keit|schaft|tion|tät|ismus|nis|arbeit|wirtschaft|ität)$", re.IGNORECASE
)


# Words for a programme or body, which name no place however a sentence uses them.
BODY_WORD = re.compile(
    r"(?i:initiative|program|programme|committee|association|council|commission|verein|komitee"
    r"|ausschuss|kommission|arbeitskreis|freundeskreis|festival|jubiläum|anniversary)"
)


# A word of running text, with the dots a name or an abbreviation keeps ("Dr.-Ing.", "J."),
# or one mark of punctuation, which ends a name.
_TOKEN = re.compile(r"[\w\-’'.]+|[^\w\s]")
# Academic degrees, which stand between a title and a name: "Oberbürgermeister Dr.-Ing. X".
DEGREE = re.compile(r"(?i:dr|prof|ing|dipl)\b[\w.\-]*")
# An initial: "J." in "Mayor J. Smith" does not end the sentence.
_INITIAL = re.compile(r"[A-ZÄÖÜ]\.")
MAX_NAME_WORDS = 3


def person_name_words(text: str) -> frozenset[str]:
    """The words a text uses in people's names: the capitalised words (up to three) after a
    title, past any academic degree ("Cllr Preston", "Oberbürgermeisters Dr.-Ing. Hans
    Kleinert", "Mayor Jane Doe"); a mark of punctuation or the end of the sentence ends the
    name. A name of such words is a person's in this text, not a place's, where no sentence
    presents it as a place."""
    tokens = _TOKEN.findall(text)
    found: set[str] = set()
    for position, token in enumerate(tokens):
        if not _is_title(token.rstrip(".")):
            continue
        rest = tokens[position + 1 : position + 1 + MAX_NAME_WORDS + 2]
        rest = list(itertools.dropwhile(DEGREE.fullmatch, rest))
        for raw in rest[:MAX_NAME_WORDS]:
            word = raw.rstrip(".")
            if not word[:1].isupper() or _is_title(word):
                break
            found.add(word)
            if raw.endswith(".") and not _INITIAL.fullmatch(raw):
                break  # the sentence ends with the name
    return frozenset(found)


def _is_title(token: str) -> bool:
    """A title, also in the genitive or plural ("des Oberbürgermeisters", "Cllrs")."""
    return base_title(token) is not None


def is_person_name(name: str, people: frozenset[str]) -> bool:
    """Whether every word of the name is one the text uses in people's names."""
    parts = name.split()
    return bool(parts) and all(part in people for part in parts)


def lower_case_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case: a capitalised one of them starts a sentence."""
    return frozenset(PROSE_LOWER_CASE_WORD.findall(text))


def presents_place(sentence: str, name: str, common: frozenset[str] = frozenset()) -> bool:
    """Whether the sentence presents `name` (as written there) as a place; never for a
    one-word name that the text also writes in lower case (`common`), nor for a name that
    holds a title ("Bürgermeister", "Mayor"): that is a person's."""
    name = name.strip()
    if not name or not name[0].isupper():
        return False
    if " " not in name and name.lower() in common:
        return False
    if COMMON_NOUN_ENDING.search(name) or BODY_WORD.fullmatch(name.split()[-1]):
        return False
    if any(base_title(word) for word in name.split()):
        return False  # "Lübecks Bürgermeister Bernd Saxe" names a person (found live)
    written = r"\s+".join(re.escape(word) for word in name.split())
    return any(pattern.search(sentence) for pattern in _patterns(written))


def _patterns(written: str) -> list[re.Pattern[str]]:
    at_end = r"(?![\w\-])"
    return [
        # "die Partnerstadt X", "der Gemeinde X", "die Partnerstädte A, B und X"
        re.compile(rf"\b(?:{_GERMAN_PLACE_NOUNS})\s+{_LISTED}{{0,6}}{written}{at_end}"),
        # "the town of X", "the twin towns of A and X", "the city council of X"
        re.compile(
            rf"(?i:\b{_ENGLISH_PLACE_NOUNS}s?(?:\s+council)?\s+of)\s+(?:the\s+)?{_LISTED}{{0,6}}"
            rf"{written}{at_end}"
        ),
        # "aus X", "nach X", "in X", "from X", "to X", "visited X", "aus A und X": towns take
        # no article ("in der Gesundheitswirtschaft" names a sector, not a place)
        re.compile(
            rf"(?<![\w\-])(?i:{_GERMAN_PREPOSITIONS}|{_ENGLISH_PREPOSITIONS})\s+"
            rf"{_LISTED}{{0,6}}{written}{at_end}"
        ),
        # "X in Italien", "X bei Bamberg", "X near Leeds", "X (Frankreich)", "X, Ontario"
        re.compile(
            rf"(?<![\w\-]){written}(?:\s+(?:in|im|bei|nahe|near)\s+(?:the\s+)?|\s*\(\s*|,\s+)"
            r"[A-ZÄÖÜ][\w\-]+"
        ),
        # "X Town Council", "X City Council", "X Municipal District"
        re.compile(rf"(?<![\w\-]){written}\s+{_AUTHORITY}\b"),
        # "Mannheims Oberbürgermeister", "Davos’ Gemeindepräsident", "Leeds's mayor": the
        # owner of a municipal office is a municipality
        re.compile(rf"(?<![\w\-]){written}(?:s|'s|’s|'|’)\s+{_MUNICIPAL_OFFICE}\b"),
        # "the X twinning delegation", "X Town Twinning Association": English names a
        # twinning after its town
        re.compile(rf"(?<![\w\-]){written}\s+(?:(?:Town|City)\s+)?[Tt]winning\b"),
        # "die Hennersdorfer Feuerwehr", "Neuweiler Gäste": a town's adjective before a noun
        re.compile(rf"(?<![\w\-]){written}er\s+[A-ZÄÖÜ]"),
    ]


def authority_place(name: str) -> str | None:
    """The place a local authority is named after: 'Westbury Town Council' -> 'Westbury',
    'Stadtverwaltung X' and 'Gemeinde X' -> 'X'; None for any other name."""
    english = re.fullmatch(rf"(?:The\s+)?(.+?)\s+{_AUTHORITY}", name.strip())
    if english:
        return english.group(1)
    german = re.fullmatch(
        r"(?:Stadtverwaltung|Gemeindeverwaltung|Stadtrat|Gemeinderat|Kreistag|Landratsamt)\s+"
        r"(?:der\s+Stadt\s+|der\s+Gemeinde\s+|des\s+Landkreises\s+)?([A-ZÄÖÜ].+)",
        name.strip(),
    )
    return german.group(1) if german else None
