"""Exports: every fact of a type as CSV, JSON Lines or GeoJSON, streamed, not paginated."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter
from litestar.response import Stream

from api.extraction.extractor import FACT_TYPE
from api.extraction.service import fact_filter
from api.http.controllers.dependencies import IsoDate
from api.http.exports import FORMATS, WRITERS
from api.http.openapi import ExportOperation
from api.storage.store import Store

Kind = Literal["partnerships", "visits", "alliances"]
Format = Literal["csv", "jsonl", "geojson"]
Place = Annotated[str | None, Parameter(description="A place name (case and accents ignored).")]


class ExportController(Controller):
    path = "/export"
    tags = ["export"]
    opt = {"scope": "read"}

    @get(
        "/{kind:str}",
        summary="Every partnership, visit or alliance, with its source, as CSV, JSON Lines or "
        "GeoJSON",
        description=(
            "Streamed, not paginated; filters as on the list routes (`place` for all, "
            "`date_from`/`date_to` for visits, `name`/`member` for alliances). Each record "
            "holds `fact_id` and its document's id, title, url and published_at."
        ),
        operation_class=ExportOperation,
    )
    async def export(
        self,
        store: NamedDependency[Store],
        kind: FromPath[Kind],
        format: Annotated[Format, Parameter(description="csv, jsonl or geojson.")] = "jsonl",
        place: Place = None,
        date_from: IsoDate = None,
        date_to: IsoDate = None,
        name: Annotated[str | None, Parameter(description="Part of an alliance's name.")] = None,
        member: Place = None,
    ) -> Stream:
        fact_type = FACT_TYPE[kind]
        selection = fact_filter(
            fact_type, place=place, date_from=date_from, date_to=date_to, name=name, member=member
        )
        lines = WRITERS[format](fact_type, store.facts.exported(selection))
        return Stream(
            lines,
            media_type=FORMATS[format],
            headers={"content-disposition": f'attachment; filename="citylinks-{kind}.{format}"'},
        )
