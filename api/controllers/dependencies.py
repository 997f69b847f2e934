"""Dependency providers shared by the controllers."""

from __future__ import annotations

from typing import Annotated

from litestar.datastructures import State
from litestar.params import Parameter

from api.answering import Answerer
from api.service import ExtractionService
from api.settings import Settings
from api.storage import Store

Limit = Annotated[int | None, Parameter(ge=1, le=10_000, description="Page size.")]
Offset = Annotated[int, Parameter(ge=0, description="Items to skip.")]


def page_size(settings: Settings, limit: int | None) -> int:
    """The requested page size, or the default, never above the configured maximum."""
    return min(limit or settings.default_page_size, settings.max_page_size)


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
