"""The error answers each route can give, added to its OpenAPI description from its options.

Handlers declare what they need (`opt` scope and rate limit); the statuses that follow from it
(401, 403, 429, ...) are documented here once rather than on every handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from litestar import Litestar, Router
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    RequestBody,
    Schema,
    SecurityScheme,
)
from litestar.static_files import create_static_files_router
from pydantic import BaseModel

from api.errors import error_kinds
from schemas import http as http_schemas
from schemas.chat import OpenAIErrorOut
from schemas.http import ErrorOut

# What each error status means, from the errors themselves (api/errors.py); a base kind
# describes its status for the kinds derived from it.
REASONS = {kind.status: kind.description for kind in reversed(error_kinds())}


def statuses_of(handler: HTTPRouteHandler) -> list[int]:
    statuses = [400]
    if handler.opt.get("scope"):
        statuses += [401, 403]
    if handler.opt.get("authenticates"):  # any valid key, no scope
        statuses.append(401)
    if "{" in "".join(handler.paths):
        statuses.append(404)
    if handler.http_methods & {"POST", "PUT", "PATCH"}:
        statuses.append(413)
    if handler.opt.get("rate_limit"):
        statuses += [429, 502]
    if handler.opt.get("scope") == "ingest":
        statuses += [415, 429]
    return sorted(set(statuses))


def document_errors(app: Litestar) -> None:
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler) or not handler.include_in_schema:
                continue
            responses = dict(handler.responses or {})
            # The chat routes answer errors as OpenAI's clients read them.
            openai = bool(handler.opt.get("openai_errors"))
            body = OpenAIErrorOut if openai else ErrorOut
            media_type = "application/json" if openai else "application/problem+json"
            for status in statuses_of(handler):
                responses.setdefault(
                    status,
                    ResponseSpec(
                        data_container=body, description=REASONS[status], media_type=media_type
                    ),
                )
            handler.responses = responses


def forbid_extra_fields(app: Litestar) -> None:
    """Request bodies that refuse unknown fields say so (Litestar leaves that out)."""
    components = app.openapi_schema.components.schemas or {}
    for name, model in vars(http_schemas).items():
        forbids = isinstance(model, type) and issubclass(model, BaseModel)
        if forbids and model.model_config.get("extra") == "forbid" and name in components:
            component = components[name]
            if isinstance(component, Schema):
                component.additional_properties = False


def _text(max_length: int | None = None, **more: object) -> Schema:
    return Schema(type=OpenAPIType.STRING, max_length=max_length, **more)  # type: ignore[arg-type]


# POST /documents reads its body itself (JSON, or a raw article), so it is described here.
DOCUMENT_JSON = Schema(
    type=OpenAPIType.OBJECT,
    properties={
        "text": _text(description="The article as plain text."),
        "html": _text(description="The article as an HTML page; its main text is kept."),
        "url": _text(2048),
        "title": _text(1000),
        "published_at": _text(format=OpenAPIFormat.DATE, description="Resolves relative dates."),
        "language": _text(16),
    },
    additional_properties=False,
    one_of=[Schema(required=["text"]), Schema(required=["html"])],
)


@dataclass
class SubmitOperation(Operation):
    """The operation of POST /documents, with its three kinds of body."""

    def __post_init__(self) -> None:
        article = _text(min_length=1, description="The article itself.")
        self.request_body = RequestBody(
            required=True,
            description="JSON with `text` or `html`, or the raw article as text/plain or text/html.",
            content={
                "application/json": OpenAPIMediaType(schema=DOCUMENT_JSON),
                "text/plain": OpenAPIMediaType(schema=article),
                "text/html": OpenAPIMediaType(schema=article),
            },
        )


@dataclass
class ChatOperation(Operation):
    """The operation of POST /v1/chat/completions: JSON, or server-sent events with `stream`."""

    def __post_init__(self) -> None:
        answer = (self.responses or {}).get("200")
        if isinstance(answer, OpenAPIResponse) and answer.content is not None:
            events = Schema(
                type=OpenAPIType.OBJECT,
                description="Each event's data: an OpenAI chat.completion.chunk, then [DONE].",
                properties={"data": _text()},
                required=["data"],
            )
            answer.content["text/event-stream"] = OpenAPIMediaType(schema=events)


@dataclass
class ExportOperation(Operation):
    """The operation of GET /export/{kind}: a stream in the format asked for."""

    def __post_init__(self) -> None:
        self.responses = {
            "200": OpenAPIResponse(
                description="Every selected fact, one record (row, line, feature) at a time",
                content={
                    "text/csv": OpenAPIMediaType(schema=_text()),
                    "application/jsonl": OpenAPIMediaType(schema=_text()),
                    "application/geo+json": OpenAPIMediaType(
                        schema=Schema(type=OpenAPIType.OBJECT)
                    ),
                },
            ),
            **{
                status: response
                for status, response in (self.responses or {}).items()
                if status != "200"
            },
        }


# --- the docs page: Swagger UI from a package, the API key scheme, short operation ids ---------

SECURITY_SCHEME = "apiKey"
DOCS_ASSETS = "/docs/assets"


def swagger_assets() -> Path:
    """Swagger UI's files as the swagger-ui-py package ships them (no CDN)."""
    import swagger_ui

    return Path(swagger_ui.__file__).resolve().parent / "static"


def openapi_config() -> OpenAPIConfig:
    swagger = SwaggerRenderPlugin(
        js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{DOCS_ASSETS}/favicon-32x32.png'>",
        path="/",
    )
    key = SecurityScheme(
        type="http",
        scheme="bearer",
        description="An API key (`./run keys create`): `Authorization: Bearer cl_...`, or the "
        "`X-API-Key` header. Not needed on loopback without keys.",
    )
    return OpenAPIConfig(
        title="citylinks",
        version="0.1.0",
        path="/docs",
        render_plugins=[swagger],
        components=Components(security_schemes={SECURITY_SCHEME: key}),
        operation_id_creator=short_operation_id,
    )


def short_operation_id(handler: HTTPRouteHandler, *_: object) -> str:
    """The handler's own name (create_document, list_visits, ask, ...): unique in this API."""
    return handler.handler_name


def docs_assets_router() -> Router:
    return create_static_files_router(
        path=DOCS_ASSETS, directories=[swagger_assets()], include_in_schema=False
    )


def require_keys_in_docs(app: Litestar) -> None:
    """Routes with a scope (or that authenticate) name the key scheme: the Authorize button."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler) or not handler.include_in_schema:
                continue
            if handler.opt.get("scope") or handler.opt.get("authenticates"):
                # `{}` too: keyless on loopback, the same routes answer without a key.
                handler.security = [{SECURITY_SCHEME: []}, {}]
