"""App factory: create_app(settings) wires storage, the model endpoint, the queue and the controllers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Response
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from api.answering import Answerer
from api.controllers import (
    AskController,
    ChatController,
    DocumentController,
    FactController,
    HealthController,
)
from api.embedded import EmbeddedModelServer, model_identity
from api.errors import (
    DomainError,
    InvalidInput,
    ModelSetupError,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
    UpstreamError,
)
from api.extraction import Extractor
from api.llm import ModelClient, StructuredModel
from api.places import gazetteer
from api.prompts import load_ask_prompts, load_prompts
from api.search import SentenceIndex
from api.service import CacheKeyParts, ExtractionService, schema_version
from api.settings import Settings
from api.storage import Store, create_engine
from api.worker import ExtractionQueue

logger = logging.getLogger(__name__)

STATUS_OF: dict[type[DomainError], int] = {
    NotFound: 404,
    InvalidInput: 400,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    UpstreamError: 502,
    ModelSetupError: 503,
}


HTTP_ERROR_NAMES = {
    400: "invalid_input",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def domain_error_response(_: Request[Any, Any, Any], error: DomainError) -> Response[object]:
    status = next((code for kind, code in STATUS_OF.items() if isinstance(error, kind)), 500)
    return Response(
        {"status": status, "error": error.code, "detail": error.detail}, status_code=status
    )


def http_error_response(_: Request[Any, Any, Any], error: HTTPException) -> Response[object]:
    detail = error.detail
    extra = getattr(error, "extra", None)
    if extra:
        detail = f"{detail}: {extra}"
    name = HTTP_ERROR_NAMES.get(error.status_code, f"http_{error.status_code}")
    body = {"status": error.status_code, "error": name, "detail": detail}
    return Response(body, status_code=error.status_code, headers=error.headers)


def internal_error_response(_: Request[Any, Any, Any], error: Exception) -> Response[object]:
    logger.exception("unhandled error", exc_info=error)
    body = {"status": 500, "error": "internal_error", "detail": "internal server error"}
    return Response(body, status_code=HTTP_500_INTERNAL_SERVER_ERROR)


async def start_model(settings: Settings) -> tuple[StructuredModel, EmbeddedModelServer | None]:
    """The configured endpoint, or the embedded llama.cpp server started for this process."""
    if not settings.uses_embedded_model:
        return ModelClient(settings, settings.llm_base_url, settings.llm_schema_format), None
    server = EmbeddedModelServer(settings)
    base_url = await server.start()
    return ModelClient(settings, base_url, "json_object"), server


def create_app(settings: Settings | None = None, model: StructuredModel | None = None) -> Litestar:
    """Build the app; pass `model` to use it instead of starting or connecting to an endpoint."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        store = Store(create_engine(settings.database_url))
        await store.create_schema()
        index = SentenceIndex(store.engine)
        await index.create()
        # The gazetteer takes seconds to load: do it now, not during the first extraction.
        warm_up = asyncio.create_task(asyncio.to_thread(gazetteer))
        active_model, server = (model, None) if model is not None else await start_model(settings)
        prompts = load_prompts()
        key_parts = CacheKeyParts(
            prompt_version=prompts.version,
            schema_version=schema_version(),
            model=model_identity(settings),
            generation=settings.generation_settings(),
        )
        service = ExtractionService(store, Extractor(active_model, prompts), key_parts, index)
        await service.index_unindexed_documents()
        answerer = Answerer(store, index, active_model, load_ask_prompts())
        queue = ExtractionQueue(service.run, settings.extraction_concurrency)
        service.queue = queue
        app.state.update(
            settings=settings,
            store=store,
            service=service,
            answerer=answerer,
            model=active_model,
            model_server=server,
        )
        await warm_up
        await queue.start(await store.unfinished_extraction_ids())
        try:
            yield
        finally:
            await queue.stop()
            await active_model.close()
            if server is not None:
                await server.stop()
            await store.engine.dispose()

    return Litestar(
        route_handlers=[
            DocumentController,
            FactController,
            AskController,
            ChatController,
            HealthController,
        ],
        lifespan=[lifespan],
        exception_handlers={
            DomainError: domain_error_response,
            HTTPException: http_error_response,
            Exception: internal_error_response,
        },
        openapi_config=OpenAPIConfig(title="citylinks", version="0.1.0", path="/docs"),
        request_max_body_size=settings.max_body_bytes,
        debug=False,
    )
