"""Request ids, one structured (JSON) log line per request, request metrics, safe headers.

Every log record carries the id of the request it was written for: taken from a valid
`X-Request-ID` header or made up, and sent back in the response's `X-Request-ID`.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Send

from api.metrics import Metrics

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# JSON bodies must never be read as HTML or framed: articles hold strangers' markup.
SAFE_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
}
# The OpenAPI page loads its viewer's scripts and styles.
DOCS_PREFIX = "/docs"
# The pages run the app's own scripts and styles only, and talk to the app only.
PAGES_PREFIX = "/ui"
PAGE_HEADERS = SAFE_HEADERS | {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
}
logger = logging.getLogger("api.requests")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO", json_lines: bool = True) -> None:
    handler = logging.StreamHandler()
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    # httpx logs every request at INFO: the model calls are logged as our own lines, and the
    # start-up's readiness polls (four a second) would bury them.
    logging.getLogger("httpx").setLevel(max(root.level, logging.WARNING))


def headers_for(path: str) -> dict[str, str]:
    """The safety headers of an answer: none on the OpenAPI page, the pages' own on /ui."""
    if path.startswith(DOCS_PREFIX):
        return {}
    if path.startswith(PAGES_PREFIX):
        return PAGE_HEADERS
    return SAFE_HEADERS


def _incoming_id(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = str(value.decode("latin-1"))
            if VALID_REQUEST_ID.fullmatch(candidate):
                return candidate
    return uuid.uuid4().hex


class RequestObserver:
    """ASGI middleware around the whole app (routing included, so 404s are counted too)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # type: ignore[arg-type]
            return
        current = _incoming_id(scope)
        token = request_id.set(current)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableScopeHeaders(message)
                headers["x-request-id"] = current
                for name, value in headers_for(scope["path"]).items():
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)  # type: ignore[arg-type]
        finally:
            self._observe(scope, status, time.perf_counter() - started)
            request_id.reset(token)

    def _observe(self, scope: dict[str, Any], status: int, seconds: float) -> None:
        # The route template, not the path: ids in paths would make a series per document.
        route = scope.get("path_template") or "(unrouted)"
        method = scope["method"]
        self.metrics.requests.labels(method, route, str(status)).inc()
        self.metrics.request_seconds.labels(method, route).observe(seconds)
        fields = {
            "method": method,
            "path": scope["path"],
            "route": route,
            "status": status,
            "ms": round(seconds * 1000, 1),
            "caller": _caller_of(scope),
        }
        logger.info("%s %s %s", method, scope["path"], status, extra={"fields": fields})


def _caller_of(scope: dict[str, Any]) -> str:
    caller = scope.get("state", {}).get("caller")
    return str(getattr(caller, "identity", "-"))
