"""The public extraction contract (CONTRACT.md): spans, places, partnerships, visits, alliances."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

PlaceKind = Literal["city", "district", "region", "country", "other"]
PartnershipKind = Literal["twinning", "friendship", "cooperation"]
PartnershipStatus = Literal["existing", "new", "planned", "ended"]
FactType = Literal["partnership", "visit", "alliance"]


class Span(BaseModel):
    """A stretch of the stored document text: text == document.text[start:end] (code points)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Place(BaseModel):
    name: str
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2, or null.")
    kind: PlaceKind = "other"
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None


class Partnership(BaseModel):
    places: list[Place] = Field(min_length=2, max_length=2)
    kind: PartnershipKind
    status: PartnershipStatus
    since: str | None = None
    topics: list[str] = []
    evidence: list[Span] = Field(min_length=1)


class Leader(BaseModel):
    name: str
    role: str | None = None


class Visit(BaseModel):
    from_place: Place | None = None
    from_organisation: str | None = None
    host_place: Place | None = None
    start: str | None = None
    end: str | None = None
    date_text: str | None = None
    duration_days: int | None = None
    participants: int | None = None
    leaders: list[Leader] = Field(
        default=[], description="Who led or represented the travelling party."
    )
    host_officials: list[Leader] = Field(
        default=[], description="Who received, welcomed or hosted it on the host's side."
    )
    topics: list[str] = []
    evidence: list[Span] = Field(min_length=1)


class Joining(BaseModel):
    place: Place
    date: str | None = None
    event: str | None = None


class Alliance(BaseModel):
    name: str
    founded: str | None = None
    founding_event: str | None = None
    members: list[Place] = []
    joined: list[Joining] = []
    evidence: list[Span] = Field(min_length=1)


class DroppedValue(BaseModel):
    """A value the model returned that the text does not support, so it was not returned as fact."""

    type: FactType
    field: str
    value: str
    reason: str


class Diagnostics(BaseModel):
    sentences: int = 0
    boilerplate_sentences: int = 0
    candidate_sentences: int = 0
    model_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    dropped_items: int = 0
    dropped_values: int = 0
    dropped: list[DroppedValue] = []


class ExtractionResult(BaseModel):
    partnerships: list[Partnership] = []
    visits: list[Visit] = []
    alliances: list[Alliance] = []
    diagnostics: Diagnostics = Diagnostics()
