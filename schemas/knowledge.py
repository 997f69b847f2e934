"""Knowledge across articles: canonical places and relations merged from every source."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from schemas.contract import PlaceKind, Span


class CanonicalPlace(BaseModel):
    """One place across documents: the gazetteer's id where there is one, else its
    normalised name and country; with every name the articles use for it."""

    id: str = Field(description="'geonames-<id>', else 'name-<folded name>-<country>'.")
    name: str
    country: str | None = None
    kind: PlaceKind = "other"
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    names: list[str] = Field(default=[], description="Every name the articles use for it.")


class Source(BaseModel):
    """Where a merged relation, or one of its values, is stated."""

    document_id: str
    evidence: list[Span] = []
    stated_date: str | None = Field(
        default=None, description="The date this source states for the fact, if any."
    )


class StatedValue(BaseModel):
    """A value as one or more sources state it: conflicting values are each kept."""

    value: str
    document_ids: list[str]


class MergedPartnership(BaseModel):
    type: Literal["partnership"] = "partnership"
    id: str
    places: list[CanonicalPlace] = Field(min_length=2, max_length=2)
    kind: str
    kinds: list[StatedValue] = Field(description="Every kind a source states.")
    status: str
    since: str | None = Field(default=None, description="The earliest year any source states.")
    since_stated: list[StatedValue] = Field(
        default=[], description="Each distinct date the sources give, with its sources."
    )
    topics: list[str] = []
    sources: list[Source]


class MergedPerson(BaseModel):
    name: str
    role: str | None = None
    document_ids: list[str]


class MergedVisit(BaseModel):
    type: Literal["visit"] = "visit"
    id: str
    from_place: CanonicalPlace | None = None
    from_organisation: str | None = None
    host_place: CanonicalPlace | None = None
    start: str | None = None
    end: str | None = None
    participants: list[StatedValue] = []
    leaders: list[MergedPerson] = []
    host_officials: list[MergedPerson] = []
    topics: list[str] = []
    sources: list[Source]


class MergedMember(BaseModel):
    place: CanonicalPlace
    joined: str | None = Field(default=None, description="The earliest joining date stated.")
    document_ids: list[str]


class MergedAlliance(BaseModel):
    type: Literal["alliance"] = "alliance"
    id: str
    name: str
    names: list[str] = Field(description="Every name and acronym the articles use for it.")
    founded: str | None = None
    founded_stated: list[StatedValue] = []
    members: list[MergedMember] = []
    sources: list[Source]


Relation = MergedPartnership | MergedVisit | MergedAlliance


class PlaceCounts(BaseModel):
    partnerships: int = 0
    visits_out: int = 0
    visits_in: int = 0
    alliances: int = 0
    documents: int = 0


class PlaceSummary(BaseModel):
    place: CanonicalPlace
    counts: PlaceCounts


class PlaceDetail(BaseModel):
    """A place with its relations, each with its sources."""

    place: CanonicalPlace
    counts: PlaceCounts
    partnerships: list[MergedPartnership]
    visits_out: list[MergedVisit]
    visits_in: list[MergedVisit]
    alliances: list[MergedAlliance]
