"""Access at the HTTP edge: who is calling (API key or keyless loopback), scopes, rate limits.

A route handler names the scope it needs in `opt={"scope": ...}` (controllers set it for all
their handlers, a handler may override it); no scope means public (/health, /docs). A handler
with `opt={"rate_limit": "ingest" | "questions"}` counts against that per-minute limit.
"""

from __future__ import annotations

import hashlib
from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.handlers import BaseRouteHandler
from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address

from api.errors import Forbidden, Unauthenticated
from api.settings import Settings
from api.storage.keys import LOCAL_CALLER, Caller, KeyService

RATE_LIMITS = ("ingest", "questions")


def presented_secret(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The API key from `Authorization: Bearer ...` or `X-API-Key`."""
    authorization = connection.headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return connection.headers.get("x-api-key") or None


async def authorize(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Guard: find the caller, check the handler's scope, keep the caller for the handler."""
    needed = handler.opt.get("scope")
    if needed is None:
        return
    settings: Settings = connection.app.state.settings
    caller = await caller_of(connection, settings)
    if needed not in caller.scopes:
        raise Forbidden(f"this API key lacks the {needed!r} scope")
    connection.state.caller = caller


async def caller_of(connection: ASGIConnection[Any, Any, Any, Any], settings: Settings) -> Caller:
    if not settings.keys_required:
        return LOCAL_CALLER
    secret = presented_secret(connection)
    if secret is None:
        raise Unauthenticated(
            "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
        )
    keys: KeyService = connection.app.state.api_keys
    caller = await keys.authenticate(secret)
    if caller is None:
        raise Unauthenticated("the API key is unknown or revoked")
    return caller


def provide_caller(request: Request[Any, Any, Any]) -> Caller:
    caller: Caller = getattr(request.state, "caller", LOCAL_CALLER)
    return caller


def rate_limit_identity(request: Request[Any, Any, Any]) -> str:
    """The presented key (hashed: secrets are not kept in memory), else the client address."""
    secret = presented_secret(request)
    if secret is not None:
        return "key:" + hashlib.sha256(secret.encode()).hexdigest()
    return "address:" + get_remote_address(request)


def rate_limit_configs(settings: Settings) -> list[RateLimitConfig]:
    per_minute = {"ingest": settings.ingest_per_minute, "questions": settings.questions_per_minute}
    return [_rate_limit(name, per_minute[name]) for name in RATE_LIMITS]


def _rate_limit(name: str, per_minute: int) -> RateLimitConfig:
    async def limited(request: Request[Any, Any, Any]) -> bool:
        return bool(request.route_handler.opt.get("rate_limit") == name)

    return RateLimitConfig(
        rate_limit=("minute", per_minute),
        identifier_for_request=rate_limit_identity,
        check_throttle_handler=limited,
        # Each limit counts in its own store: the middleware's keys do not name the limit.
        store=f"rate_limit_{name}",
    )
