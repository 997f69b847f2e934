"""Exports of the facts as CSV, JSON Lines and GeoJSON, every record carrying its source.

Each record holds the fact's id and its document's id, title, url and `published_at`, so a
row in a spreadsheet leads back to the article that states it. The formats are written one
record at a time (the route streams them): nothing holds the whole export.

GeoJSON geometry, in longitude/latitude: a partnership is a line between its places, a visit
a line from origin to host, an alliance a multipoint of its members; a fact whose places have
no coordinates keeps `"geometry": null`, as RFC 7946 allows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from api.storage.tables import DocumentRow

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "geojson": "application/geo+json",
}
LIST_SEPARATOR = "; "
Fact = tuple[int, DocumentRow, dict[str, Any]]


def record(fact_id: int, document: DocumentRow, payload: dict[str, Any]) -> dict[str, Any]:
    """A fact as exported: its id, its source document, then the fact itself."""
    source = {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "published_at": document.published_at.isoformat() if document.published_at else None,
    }
    return {"fact_id": fact_id, "document": source, **payload}


# --- CSV: one flat row per fact, lists joined ------------------------------------------------


def _place(prefix: str, place: dict[str, Any] | None) -> dict[str, Any]:
    place = place or {}
    return {
        f"{prefix}": place.get("name"),
        f"{prefix}_country": place.get("country"),
        f"{prefix}_geonames_id": place.get("geonames_id"),
        f"{prefix}_lat": place.get("lat"),
        f"{prefix}_lon": place.get("lon"),
    }


def _people(people: list[dict[str, Any]]) -> str:
    return LIST_SEPARATOR.join(
        f"{person['name']} ({person['role']})" if person.get("role") else person["name"]
        for person in people
    )


def _partnership_columns(fact: dict[str, Any]) -> dict[str, Any]:
    first, second = fact["places"]
    return {
        **_place("place_a", first),
        **_place("place_b", second),
        "kind": fact["kind"],
        "status": fact["status"],
        "since": fact.get("since"),
        "topics": LIST_SEPARATOR.join(fact.get("topics", [])),
    }


def _visit_columns(fact: dict[str, Any]) -> dict[str, Any]:
    return {
        **_place("from_place", fact.get("from_place")),
        "from_organisation": fact.get("from_organisation"),
        **_place("host_place", fact.get("host_place")),
        "start": fact.get("start"),
        "end": fact.get("end"),
        "date_text": fact.get("date_text"),
        "duration_days": fact.get("duration_days"),
        "participants": fact.get("participants"),
        "leaders": _people(fact.get("leaders", [])),
        "host_officials": _people(fact.get("host_officials", [])),
        "topics": LIST_SEPARATOR.join(fact.get("topics", [])),
    }


def _alliance_columns(fact: dict[str, Any]) -> dict[str, Any]:
    joined = [
        f"{joining['place']['name']} ({joining['date']})"
        if joining.get("date")
        else joining["place"]["name"]
        for joining in fact.get("joined", [])
    ]
    return {
        "name": fact["name"],
        "founded": fact.get("founded"),
        "founding_event": fact.get("founding_event"),
        "members": LIST_SEPARATOR.join(place["name"] for place in fact.get("members", [])),
        "joined": LIST_SEPARATOR.join(joined),
    }


COLUMNS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "partnership": _partnership_columns,
    "visit": _visit_columns,
    "alliance": _alliance_columns,
}


def csv_row(kind: str, exported: dict[str, Any]) -> dict[str, Any]:
    document = exported["document"]
    evidence = exported["evidence"]
    return {
        "fact_id": exported["fact_id"],
        "document_id": document["id"],
        "document_title": document["title"],
        "document_url": document["url"],
        "published_at": document["published_at"],
        **COLUMNS[kind](exported),
        "evidence": " … ".join(span["text"] for span in evidence),
        "evidence_spans": LIST_SEPARATOR.join(
            f"{span['start']}-{span['end']}" for span in evidence
        ),
    }


async def csv_lines(kind: str, facts: AsyncIterator[Fact]) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_header(kind))
    writer.writeheader()
    async for fact in facts:
        writer.writerow(csv_row(kind, record(*fact)))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the header alone, if no fact was selected


def csv_header(kind: str) -> list[str]:
    """The columns of a type's rows, from a fact of that type with nothing stated."""
    nothing: dict[str, dict[str, Any]] = {
        "partnership": {"places": [{}, {}], "kind": None, "status": None}
    }
    exemplar = {
        "fact_id": None,
        "document": dict.fromkeys(("id", "title", "url", "published_at")),
        "evidence": [],
        "name": None,
        **nothing.get(kind, {}),
    }
    return list(csv_row(kind, exemplar))


# --- JSON Lines and GeoJSON ----------------------------------------------------------------


async def jsonl_lines(kind: str, facts: AsyncIterator[Fact]) -> AsyncIterator[str]:
    async for fact in facts:
        yield json.dumps(record(*fact), ensure_ascii=False) + "\n"


def _position(place: dict[str, Any] | None) -> list[float] | None:
    if not place or place.get("lat") is None or place.get("lon") is None:
        return None
    return [place["lon"], place["lat"]]


def geometry(kind: str, fact: dict[str, Any]) -> dict[str, Any] | None:
    if kind == "alliance":
        points = [p for p in map(_position, fact.get("members", [])) if p is not None]
        return {"type": "MultiPoint", "coordinates": points} if points else None
    ends = (
        fact["places"]
        if kind == "partnership"
        else [fact.get("from_place"), fact.get("host_place")]
    )
    line = [_position(place) for place in ends]
    if any(point is None for point in line):
        return None
    return {"type": "LineString", "coordinates": line}


async def geojson_lines(kind: str, facts: AsyncIterator[Fact]) -> AsyncIterator[str]:
    yield '{"type":"FeatureCollection","features":[\n'
    separator = ""
    async for fact in facts:
        exported = record(*fact)
        feature = {
            "type": "Feature",
            "id": exported["fact_id"],
            "geometry": geometry(kind, exported),
            "properties": exported,
        }
        yield separator + json.dumps(feature, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


WRITERS: dict[str, Callable[[str, AsyncIterator[Fact]], AsyncIterator[str]]] = {
    "csv": csv_lines,
    "jsonl": jsonl_lines,
    "geojson": geojson_lines,
}
