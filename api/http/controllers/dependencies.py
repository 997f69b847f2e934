"""Dependency providers shared by the controllers."""

from __future__ import annotations

from typing import Annotated

from litestar.datastructures import State
from litestar.params import Parameter

from api.answering.answerer import Answerer
from api.errors import InvalidInput
from api.extraction.service import ExtractionService
from api.settings import LARGEST_PAGE, Settings
from api.storage.store import Store

IsoDate = Annotated[
    str | None,
    Parameter(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO date, YYYY[-MM[-DD]]."),
]
Limit = Annotated[int | None, Parameter(ge=1, le=LARGEST_PAGE, description="Page size.")]
# Bounded so that the databases' integers hold it.
Offset = Annotated[int, Parameter(ge=0, le=2**31 - 1, description="Items to skip.")]


def page_size(settings: Settings, limit: int | None) -> int:
    """The requested page size, or the default; above the configured maximum is refused."""
    if limit is not None and limit > settings.max_page_size:
        raise InvalidInput(
            f"limit {limit} is above the largest page size, {settings.max_page_size} "
            "(CITYLINKS_MAX_PAGE_SIZE)"
        )
    return limit or min(settings.default_page_size, settings.max_page_size)


def provide_service(state: State) -> ExtractionService:
    service: ExtractionService = state.service
    return service


def provide_store(state: State) -> Store:
    store: Store = state.store
    return store


def provide_settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


def provide_answerer(state: State) -> Answerer:
    answerer: Answerer = state.answerer
    return answerer
