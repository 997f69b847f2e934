"""App factory: create_app(settings) serves the runtime (api/runtime.py) through the controllers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.exceptions import HTTPException

from api.errors import DomainError
from api.http.access import authorize, rate_limit_configs
from api.http.controllers import (
    AskController,
    CallerController,
    ChatController,
    DocumentController,
    ExportController,
    FactController,
    HealthController,
    JobController,
    KnowledgeController,
    MetricsController,
)
from api.http.controllers.dependencies import DEPENDENCIES
from api.http.controllers.error_responses import (
    domain_error_response,
    http_error_response,
    internal_error_response,
)
from api.http.observability import RequestObserver
from api.http.openapi import (
    docs_assets_router,
    document_errors,
    forbid_extra_fields,
    openapi_config,
    require_keys_in_docs,
)
from api.http.pages import home, pages_router, template_config
from api.metrics import Metrics
from api.model.client import StructuredModel
from api.model.server import EmbeddedModelServer
from api.runtime import open_runtime
from api.settings import Settings

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    model: StructuredModel | None = None,
    model_server: EmbeddedModelServer | None = None,
) -> Litestar:
    """Build the app; pass `model` to use it instead of starting or connecting to an endpoint,
    or `model_server` to start and watch that one instead of the embedded server (tests)."""
    settings = settings or Settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with open_runtime(
            settings, model, metrics=metrics, model_server=model_server
        ) as runtime:
            if not settings.keys_required:
                logger.warning(
                    "serving WITHOUT API keys: bound to loopback (%s) only; set CITYLINKS_AUTH=keys "
                    "to require them",
                    settings.host,
                )
            app.state.update(
                settings=settings,
                store=runtime.store,
                service=runtime.service,
                answerer=runtime.answerer,
                jobs=runtime.jobs,
                queue=runtime.queue,
                model=runtime.model,
                model_server=runtime.model_server,
                api_keys=runtime.keys,
                metrics=runtime.metrics,
            )
            yield

    app = Litestar(
        route_handlers=[
            DocumentController,
            FactController,
            ExportController,
            KnowledgeController,
            AskController,
            ChatController,
            HealthController,
            JobController,
            MetricsController,
            CallerController,
            pages_router,
            home,
            docs_assets_router(),
        ],
        dependencies=DEPENDENCIES,
        template_config=template_config(),
        lifespan=[lifespan],
        guards=[authorize],
        middleware=[config.middleware for config in rate_limit_configs(settings)],
        exception_handlers={
            DomainError: domain_error_response,
            HTTPException: http_error_response,
            Exception: internal_error_response,
        },
        openapi_config=openapi_config(),
        request_max_body_size=settings.max_body_bytes,
        debug=False,
        # Logging is set up by whoever runs the app (api/__main__.py: JSON lines).
        logging_config=None,
    )
    # Around routing and error handling, so that every answer is counted and logged.
    document_errors(app)
    require_keys_in_docs(app)
    forbid_extra_fields(app)
    app.asgi_handler = RequestObserver(app.asgi_handler, metrics)  # type: ignore[assignment]
    return app
