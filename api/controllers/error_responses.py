"""Error answers of the HTTP API: `{"status", "error", "detail"}` for every kind of error."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from api.errors import DomainError, TooManyRequests, Unauthenticated

logger = logging.getLogger("api.app")


HTTP_ERROR_NAMES = {
    400: "invalid_input",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def domain_error_response(_: Request[Any, Any, Any], error: DomainError) -> Response[object]:
    status = error.status
    headers = {}
    if isinstance(error, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="citylinks"'
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after)
    body = {"status": status, "error": error.code, "detail": error.detail}
    return Response(body, status_code=status, headers=headers)


def http_error_response(_: Request[Any, Any, Any], error: HTTPException) -> Response[object]:
    detail = error.detail
    extra = getattr(error, "extra", None)
    if extra:
        detail = f"{detail}: {extra}"
    name = HTTP_ERROR_NAMES.get(error.status_code, f"http_{error.status_code}")
    headers = dict(error.headers or {})
    if error.status_code == 429:
        # The rate limiter says when its window resets; clients read Retry-After.
        reset = headers.get("RateLimit-Reset", "60")
        headers["Retry-After"] = str(max(1, int(reset))) if reset.isdigit() else "60"
        detail = "rate limit reached for this API key (or address); see Retry-After"
    body = {"status": error.status_code, "error": name, "detail": detail}
    return Response(body, status_code=error.status_code, headers=headers)


def internal_error_response(_: Request[Any, Any, Any], error: Exception) -> Response[object]:
    logger.exception("unhandled error", exc_info=error)
    body = {"status": 500, "error": "internal_error", "detail": "internal server error"}
    return Response(body, status_code=HTTP_500_INTERNAL_SERVER_ERROR)
