"""Knowledge across articles: the stored facts of every document merged into one relation per
thing in the world, each with all its sources.

- A place is one entity across documents: its GeoNames id where a document resolved one,
  else its folded name and country; a name without id joins the id that the same name and
  country have elsewhere.
- Partnerships are merged by their unordered pair of places; visits by origin, host and
  date (a visit with no date joins the one dated visit of its route, if there is exactly
  one); alliances by name, by the inflection-proof key of api/extraction/extractor.py, and by acronym
  ("ISA" is "International Solar Alliance").
- Values the sources disagree on are kept, each with its sources: two articles giving
  different years for a twinning show both; `since` is the earliest.

The merge is computed from the facts the documents serve now, so it follows every document
added, re-extracted or deleted without a table of its own to keep in step.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from api.language.names import alliance_key, fold
from schemas.contract import Span
from schemas.knowledge import (
    CanonicalPlace,
    MergedAlliance,
    MergedMember,
    MergedPartnership,
    MergedPerson,
    MergedVisit,
    PlaceCounts,
    PlaceDetail,
    PlaceSummary,
    Relation,
    Source,
    StatedValue,
)

# When sources name different kinds for one partnership, the most frequent wins; on a tie,
# the most specific.
KIND_ORDER = ("twinning", "friendship", "cooperation")


@dataclass(frozen=True)
class StoredFact:
    """One fact a document serves: its type and its payload as stored (contract JSON)."""

    document_id: str
    type: str
    payload: dict[str, Any]


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-") or "unnamed"


class Places:
    """The canonical places of a set of facts, and which written place is which."""

    def __init__(self, written: Iterable[dict[str, Any] | None]) -> None:
        named = [place for place in written if place and place.get("name")]
        # The same name and country, resolved in some document: that id for all of them.
        by_name = {
            self._name_key(place): f"geonames-{place['geonames_id']}"
            for place in named
            if place.get("geonames_id")
        }
        self._by_name = by_name
        grouped: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
        for place in named:
            grouped[self.id_of(place)].append(place)
        self.places = {pid: self._canonical(pid, group) for pid, group in grouped.items()}

    @staticmethod
    def _name_key(place: dict[str, Any]) -> str:
        return f"{fold(place['name'])}|{place.get('country') or ''}"

    def id_of(self, place: dict[str, Any]) -> str:
        if place.get("geonames_id"):
            return f"geonames-{place['geonames_id']}"
        known = self._by_name.get(self._name_key(place))
        if known is None and not place.get("country"):
            # No country stated: the one resolved place of that name, if there is one.
            matches = {
                v for k, v in self._by_name.items() if k.split("|")[0] == fold(place["name"])
            }
            known = matches.pop() if len(matches) == 1 else None
        return known or f"name-{_slug(place['name'])}-{(place.get('country') or 'xx').lower()}"

    def get(self, place: dict[str, Any] | None) -> CanonicalPlace | None:
        return self.places[self.id_of(place)] if place and place.get("name") else None

    @staticmethod
    def _canonical(pid: str, group: list[dict[str, Any]]) -> CanonicalPlace:
        names = collections.Counter(place["name"] for place in group)
        first = next((place for place in group if place.get("geonames_id")), group[0])
        return CanonicalPlace(
            id=pid,
            name=names.most_common(1)[0][0],
            country=next((p["country"] for p in group if p.get("country")), None),
            kind=first.get("kind", "other"),
            geonames_id=first.get("geonames_id"),
            lat=first.get("lat"),
            lon=first.get("lon"),
            names=sorted(names),
        )


def _source(fact: StoredFact, stated: str | None) -> Source:
    spans = [Span.model_validate(span) for span in fact.payload.get("evidence", [])]
    return Source(document_id=fact.document_id, evidence=spans, stated_date=stated)


def _stated(values: Iterable[tuple[str | None, str]]) -> list[StatedValue]:
    """Each distinct value with the documents that state it, in first-seen order."""
    documents: dict[str, list[str]] = {}
    for value, document_id in values:
        if value is not None:
            seen = documents.setdefault(str(value), [])
            if document_id not in seen:
                seen.append(document_id)
    return [StatedValue(value=value, document_ids=ids) for value, ids in documents.items()]


def _earliest(values: Iterable[str | None]) -> str | None:
    """The earliest of ISO dates (partial ones too: '1975', '1975-06'); ones without a year
    ('--06-12') only when no other is given."""
    dated = sorted(value for value in values if value and value[:1].isdigit())
    undated = [value for value in values if value and not value[:1].isdigit()]
    return dated[0] if dated else (undated[0] if undated else None)


def _union(lists: Iterable[list[str]]) -> list[str]:
    return list(dict.fromkeys(item for values in lists for item in values))


@dataclass
class Knowledge:
    """The merged relations of a set of stored facts."""

    facts: list[StoredFact]
    places: Places = field(init=False)
    partnerships: list[MergedPartnership] = field(init=False)
    visits: list[MergedVisit] = field(init=False)
    alliances: list[MergedAlliance] = field(init=False)

    def __post_init__(self) -> None:
        self.places = Places(_written_places(self.facts))
        of_type = collections.defaultdict(list)
        for fact in self.facts:
            of_type[fact.type].append(fact)
        self.partnerships = self._partnerships(of_type["partnership"])
        self.visits = self._visits(of_type["visit"])
        self.alliances = self._alliances(of_type["alliance"])

    # Partnerships

    def _partnerships(self, facts: list[StoredFact]) -> list[MergedPartnership]:
        groups: dict[frozenset[str], list[StoredFact]] = collections.defaultdict(list)
        for fact in facts:
            groups[frozenset(self.places.id_of(p) for p in fact.payload["places"])].append(fact)
        return [self._partnership(group) for key, group in groups.items() if len(key) == 2]

    def _partnership(self, group: list[StoredFact]) -> MergedPartnership:
        first = group[0].payload
        places = [self.places.get(place) for place in first["places"]]
        kinds = collections.Counter(fact.payload["kind"] for fact in group)
        kind = max(kinds, key=lambda k: (kinds[k], -KIND_ORDER.index(k) if k in KIND_ORDER else -9))
        statuses = collections.Counter(fact.payload["status"] for fact in group)
        since = [(fact.payload.get("since"), fact.document_id) for fact in group]
        return MergedPartnership(
            id="partnership-" + "-".join(sorted(place.id for place in places if place)),
            places=[place for place in places if place],
            kind=kind,
            kinds=_stated((fact.payload["kind"], fact.document_id) for fact in group),
            status=statuses.most_common(1)[0][0],
            since=_earliest(value for value, _ in since),
            since_stated=_stated(since),
            topics=_union(fact.payload.get("topics", []) for fact in group),
            sources=[_source(fact, fact.payload.get("since")) for fact in group],
        )

    # Visits

    def _route(self, payload: dict[str, Any]) -> tuple[str, str]:
        origin = payload.get("from_place")
        host = payload.get("host_place")
        return (
            self.places.id_of(origin)
            if origin
            else "org-" + _slug(payload.get("from_organisation") or ""),
            self.places.id_of(host) if host else "",
        )

    def _visits(self, facts: list[StoredFact]) -> list[MergedVisit]:
        groups: dict[tuple[str, str, str], list[StoredFact]] = collections.defaultdict(list)
        for fact in facts:
            groups[(*self._route(fact.payload), fact.payload.get("start") or "")].append(fact)
        # An undated report of a route joins its one dated visit, if there is exactly one.
        for origin, host, start in list(groups):
            dated = [key for key in groups if key[:2] == (origin, host) and key[2]]
            if not start and len(dated) == 1:
                groups[dated[0]] += groups.pop((origin, host, start))
        return [self._visit(group) for group in groups.values()]

    def _visit(self, group: list[StoredFact]) -> MergedVisit:
        payloads = [fact.payload for fact in group]
        dated = next((p for p in payloads if p.get("start")), payloads[0])
        origin, host = self._route(dated)
        return MergedVisit(
            id=f"visit-{origin}-{host or 'unknown'}-{dated.get('start') or 'undated'}",
            from_place=self.places.get(dated.get("from_place")),
            from_organisation=next(
                (p["from_organisation"] for p in payloads if p.get("from_organisation")), None
            ),
            host_place=self.places.get(dated.get("host_place")),
            start=dated.get("start"),
            end=dated.get("end"),
            participants=_stated(
                (fact.payload.get("participants"), fact.document_id) for fact in group
            ),
            leaders=_people(group, "leaders"),
            host_officials=_people(group, "host_officials"),
            topics=_union(p.get("topics", []) for p in payloads),
            sources=[_source(fact, fact.payload.get("start")) for fact in group],
        )

    # Alliances

    def _alliances(self, facts: list[StoredFact]) -> list[MergedAlliance]:
        names = {fact.payload["name"] for fact in facts}
        long_names = {_initials(name): name for name in names if len(_initials(name)) >= 2}
        groups: dict[str, list[StoredFact]] = collections.defaultdict(list)
        for fact in facts:
            name = fact.payload["name"]
            # An acronym another article spells out ("ISA") is that alliance.
            full = long_names.get(name) if name.isupper() else None
            groups[alliance_key(full or name, {})].append(fact)
        return [self._alliance(group) for group in groups.values()]

    def _alliance(self, group: list[StoredFact]) -> MergedAlliance:
        names = collections.Counter(fact.payload["name"] for fact in group)
        # The most frequent name; among equals one without an article (an inflected form
        # often has one: "der Internationalen Solar Allianz"), not an acronym, the longest.
        longest = max(
            names,
            key=lambda name: (
                names[name],
                not re.match(r"(?i)(?:der|die|das|des|dem|den|the)\s", name),
                not name.isupper(),
                len(name),
            ),
        )
        members: dict[str, MergedMember] = {}
        for fact in group:
            joined = {
                self.places.id_of(j["place"]): j.get("date") for j in fact.payload.get("joined", [])
            }
            for place in fact.payload.get("members", []):
                canonical = self.places.get(place)
                if canonical is None:
                    continue
                member = members.setdefault(
                    canonical.id, MergedMember(place=canonical, document_ids=[])
                )
                if fact.document_id not in member.document_ids:
                    member.document_ids.append(fact.document_id)
                member.joined = _earliest([member.joined, joined.get(canonical.id)])
        founded = [(fact.payload.get("founded"), fact.document_id) for fact in group]
        return MergedAlliance(
            id="alliance-" + _slug(alliance_key(longest, {})),
            name=longest,
            names=sorted(names),
            founded=_earliest(value for value, _ in founded),
            founded_stated=_stated(founded),
            members=list(members.values()),
            sources=[_source(fact, fact.payload.get("founded")) for fact in group],
        )

    # Queries

    def relations(
        self,
        kind: str | None = None,
        place: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[Relation]:
        """The merged relations of a type (all types without one), involving a place (its id
        or any of its names), in a date range (a relation with no date is outside any range)."""
        chosen: list[Relation] = []
        if kind in (None, "partnership"):
            chosen += self.partnerships
        if kind in (None, "visit"):
            chosen += self.visits
        if kind in (None, "alliance"):
            chosen += self.alliances
        if place:
            ids = {found.id for found in self.find_places(place, exact=True)} | {place}
            chosen = [relation for relation in chosen if ids & _place_ids(relation)]
        if date_from or date_to:
            chosen = [r for r in chosen if _in_range(_dates(r), date_from, date_to)]
        return chosen

    def find_places(self, name: str, exact: bool = False) -> list[CanonicalPlace]:
        """Places one of whose names contains (or, `exact`, is) the name, folded."""
        wanted = fold(name)
        match: Callable[[str], bool] = (
            (lambda written: fold(written) == wanted)
            if exact
            else (lambda written: wanted in fold(written))
        )
        return [
            place for place in self.places.places.values() if any(match(n) for n in place.names)
        ]

    def summary(self, place: CanonicalPlace) -> PlaceSummary:
        return PlaceSummary(place=place, counts=self._counts(place.id))

    def detail(self, place_id: str) -> PlaceDetail | None:
        place = self.places.places.get(place_id)
        if place is None:
            return None
        return PlaceDetail(
            place=place,
            counts=self._counts(place_id),
            partnerships=[p for p in self.partnerships if place_id in _place_ids(p)],
            visits_out=[v for v in self.visits if v.from_place and v.from_place.id == place_id],
            visits_in=[v for v in self.visits if v.host_place and v.host_place.id == place_id],
            alliances=[a for a in self.alliances if place_id in _place_ids(a)],
        )

    def _counts(self, place_id: str) -> PlaceCounts:
        documents = {
            source.document_id
            for relation in self.relations(place=place_id)
            for source in relation.sources
        }
        return PlaceCounts(
            partnerships=sum(place_id in _place_ids(p) for p in self.partnerships),
            visits_out=sum(bool(v.from_place and v.from_place.id == place_id) for v in self.visits),
            visits_in=sum(bool(v.host_place and v.host_place.id == place_id) for v in self.visits),
            alliances=sum(place_id in _place_ids(a) for a in self.alliances),
            documents=len(documents),
        )


def _written_places(facts: list[StoredFact]) -> Iterable[dict[str, Any] | None]:
    for fact in facts:
        payload = fact.payload
        yield from payload.get("places", [])
        yield from (payload.get("from_place"), payload.get("host_place"))
        yield from payload.get("members", [])
        yield from (joining["place"] for joining in payload.get("joined", []))


def _people(group: list[StoredFact], field_name: str) -> list[MergedPerson]:
    people: dict[str, MergedPerson] = {}
    for fact in group:
        for person in fact.payload.get(field_name, []):
            merged = people.setdefault(
                fold(person["name"]), MergedPerson(name=person["name"], document_ids=[])
            )
            merged.role = merged.role or person.get("role")
            if fact.document_id not in merged.document_ids:
                merged.document_ids.append(fact.document_id)
    return list(people.values())


def _initials(name: str) -> str:
    """'International Solar Alliance' -> 'ISA': the capitalised words' first letters."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _place_ids(relation: Relation) -> set[str]:
    if isinstance(relation, MergedPartnership):
        return {place.id for place in relation.places}
    if isinstance(relation, MergedVisit):
        return {place.id for place in (relation.from_place, relation.host_place) if place}
    return {member.place.id for member in relation.members}


def _dates(relation: Relation) -> tuple[str | None, str | None]:
    if isinstance(relation, MergedPartnership):
        return relation.since, relation.since
    if isinstance(relation, MergedVisit):
        return relation.start, relation.end or relation.start
    return relation.founded, relation.founded


def _in_range(
    dates: tuple[str | None, str | None], date_from: str | None, date_to: str | None
) -> bool:
    start, end = dates
    if not start or not start[:1].isdigit():
        return False
    if date_from and (end or start) < date_from:
        return False
    return not (date_to and start > date_to)
