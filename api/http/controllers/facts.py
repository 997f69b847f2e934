"""Facts across all documents: partnerships, visits and alliances, filtered and paginated."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import Parameter

from api.extraction.service import fact_filter
from api.http.controllers.dependencies import IsoDate, Limit, Offset, Window
from api.http.controllers.knowledge import load_knowledge
from api.language.names import fold
from api.settings import Settings
from api.storage.store import Store
from schemas.http import AllianceRecord, Page, PartnershipRecord, VisitRecord
from schemas.knowledge import MergedAlliance, MergedPartnership, MergedVisit

Place = Annotated[str | None, Parameter(description="A place name (case and accents ignored).")]
Merged = Annotated[
    bool,
    Parameter(
        description="One item per relation, merged across documents with all its sources "
        "(as GET /relations), instead of one per document."
    ),
]


class FactController(Controller):
    tags = ["facts"]
    opt = {"scope": "read"}

    @get("/partnerships", summary="Partnerships, optionally involving a place")
    async def list_partnerships(
        self,
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
        place: Place = None,
        merged: Merged = False,
        limit: Limit = None,
        offset: Offset = 0,
    ) -> Page[PartnershipRecord | MergedPartnership]:
        window = Window.asked(settings, limit, offset)
        if merged:
            relations = (await load_knowledge(store)).relations("partnership", place)
            return window.cut(relations)
        selection = fact_filter("partnership", place=place)
        rows, total = await store.facts.page(selection, window.limit, window.offset)
        return window.page(
            [PartnershipRecord(document_id=doc, **fact) for doc, fact in rows], total
        )

    @get("/visits", summary="Visits, optionally by place and date range")
    async def list_visits(
        self,
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
        place: Place = None,
        date_from: IsoDate = None,
        date_to: IsoDate = None,
        merged: Merged = False,
        limit: Limit = None,
        offset: Offset = 0,
    ) -> Page[VisitRecord | MergedVisit]:
        window = Window.asked(settings, limit, offset)
        if merged:
            knowledge = await load_knowledge(store)
            relations = knowledge.relations("visit", place, date_from, date_to)
            return window.cut(relations)
        selection = fact_filter("visit", place=place, date_from=date_from, date_to=date_to)
        rows, total = await store.facts.page(selection, window.limit, window.offset)
        return window.page([VisitRecord(document_id=doc, **fact) for doc, fact in rows], total)

    @get("/alliances", summary="Alliances, optionally by name or member")
    async def list_alliances(
        self,
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
        name: Annotated[str | None, Parameter(description="Part of the alliance's name.")] = None,
        member: Place = None,
        merged: Merged = False,
        limit: Limit = None,
        offset: Offset = 0,
    ) -> Page[AllianceRecord | MergedAlliance]:
        window = Window.asked(settings, limit, offset)
        if merged:
            relations = (await load_knowledge(store)).relations("alliance", member)
            wanted = fold(name or "")
            chosen = [
                alliance
                for alliance in relations
                if isinstance(alliance, MergedAlliance)
                and any(wanted in fold(written) for written in alliance.names)
            ]
            return window.cut(chosen)
        selection = fact_filter("alliance", name=name, member=member)
        rows, total = await store.facts.page(selection, window.limit, window.offset)
        return window.page([AllianceRecord(document_id=doc, **fact) for doc, fact in rows], total)
