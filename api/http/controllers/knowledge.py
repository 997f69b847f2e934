"""Knowledge across articles: canonical places and merged relations, each with its sources."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter

from api.errors import NotFound
from api.http.controllers.dependencies import IsoDate, Limit, Offset, Window
from api.knowledge.relations import Knowledge, StoredFact
from api.settings import Settings
from api.storage.store import Store
from schemas.http import Page
from schemas.knowledge import PlaceDetail, PlaceSummary, Relation


async def load_knowledge(store: Store) -> Knowledge:
    """The merged view of every fact the documents serve now."""
    return Knowledge([StoredFact(*row) for row in await store.facts.served()])


class KnowledgeController(Controller):
    tags = ["knowledge"]
    opt = {"scope": "read"}

    @get("/places", summary="Places the articles name, with how many relations each has")
    async def search_places(
        self,
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
        name: Annotated[
            str | None, Parameter(description="Part of a name (case and accents ignored).")
        ] = None,
        limit: Limit = None,
        offset: Offset = 0,
    ) -> Page[PlaceSummary]:
        window = Window.asked(settings, limit, offset)
        knowledge = await load_knowledge(store)
        places = knowledge.find_places(name) if name else list(knowledge.places.places.values())
        summaries = sorted(
            (knowledge.summary(place) for place in places),
            key=lambda s: (-s.counts.documents, s.place.name),
        )
        return window.cut(summaries)

    @get("/places/{place_id:str}", summary="A place with its partners, visits and alliances")
    async def get_place(
        self, store: NamedDependency[Store], place_id: FromPath[str]
    ) -> PlaceDetail:
        detail = (await load_knowledge(store)).detail(place_id)
        if detail is None:
            raise NotFound(f"no place {place_id!r} in the stored facts")
        return detail

    @get("/relations", summary="The merged relations: one per partnership, visit or alliance")
    async def list_relations(
        self,
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
        type: Annotated[
            Literal["partnership", "visit", "alliance"] | None,
            Parameter(description="Only relations of this type."),
        ] = None,
        place: Annotated[
            str | None, Parameter(description="A place id (GET /places) or name.")
        ] = None,
        date_from: IsoDate = None,
        date_to: IsoDate = None,
        limit: Limit = None,
        offset: Offset = 0,
    ) -> Page[Relation]:
        window = Window.asked(settings, limit, offset)
        knowledge = await load_knowledge(store)
        return window.cut(knowledge.relations(type, place, date_from, date_to))
