"""Error answers of the HTTP API: RFC 9457 problem details (`application/problem+json`).

Every error answer is `{"type", "title", "status", "detail", "error"}`: `type` is
"about:blank" and `title` the status's phrase, as RFC 9457 says when a problem has no page of
its own; `error` (an extension member) is the service's stable code, the one clients test;
`detail` says what is wrong in words. A request that fails validation also lists each
problem as `errors: [{"field", "message", "source"}]`.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from api.errors import DomainError, TooManyRequests, Unauthenticated

logger = logging.getLogger("api.http.app")
PROBLEM = "application/problem+json"


def problem(
    status: int,
    code: str,
    detail: str,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> Response[object]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "error": code,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status_code=status, headers=headers or {}, media_type=PROBLEM)


def field_errors(extra: object) -> list[dict[str, Any]] | None:
    """Litestar's validation messages as (field, message, source), not as a Python repr."""
    if not isinstance(extra, list):
        return None
    errors = [
        {"field": item.get("key"), "message": item.get("message"), "source": item.get("source")}
        for item in extra
        if isinstance(item, dict)
    ]
    return errors or None


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
    return problem(status, error.code, error.detail, headers)


def http_error_response(_: Request[Any, Any, Any], error: HTTPException) -> Response[object]:
    detail = error.detail
    errors = field_errors(getattr(error, "extra", None))
    if errors:
        detail = f"{detail}: " + "; ".join(
            f"{item['field']}: {item['message']}" if item["field"] else str(item["message"])
            for item in errors
        )
    name = HTTP_ERROR_NAMES.get(error.status_code, f"http_{error.status_code}")
    headers = dict(error.headers or {})
    if error.status_code == 429:
        # The rate limiter says when its window resets; clients read Retry-After.
        reset = headers.get("RateLimit-Reset", "60")
        headers["Retry-After"] = str(max(1, int(reset))) if reset.isdigit() else "60"
        detail = "rate limit reached for this API key (or address); see Retry-After"
    return problem(error.status_code, name, detail, headers, errors)


def internal_error_response(_: Request[Any, Any, Any], error: Exception) -> Response[object]:
    logger.exception("unhandled error", exc_info=error)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", "internal server error")
