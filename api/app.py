"""App factory: create_app(settings) serves the runtime (api/runtime.py) through the controllers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Response
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from api.controllers import (
    AskController,
    ChatController,
    DocumentController,
    FactController,
    HealthController,
    JobController,
)
from api.errors import (
    DomainError,
    InvalidInput,
    ModelSetupError,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
    UpstreamError,
)
from api.llm import StructuredModel
from api.runtime import open_runtime
from api.settings import Settings

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


def create_app(settings: Settings | None = None, model: StructuredModel | None = None) -> Litestar:
    """Build the app; pass `model` to use it instead of starting or connecting to an endpoint."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with open_runtime(settings, model) as runtime:
            app.state.update(
                settings=settings,
                store=runtime.store,
                service=runtime.service,
                answerer=runtime.answerer,
                jobs=runtime.jobs,
                queue=runtime.queue,
                model=runtime.model,
                model_server=runtime.model_server,
            )
            yield

    return Litestar(
        route_handlers=[
            DocumentController,
            FactController,
            AskController,
            ChatController,
            HealthController,
            JobController,
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
