"""Domain errors, raised deep in the service and turned into HTTP answers once, in the app.

Each kind names, in its class line, the code its JSON body carries, its HTTP status and the
description the OpenAPI document gives for that status:
`class NotFound(DomainError, code=..., status=..., description=...)`.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors the HTTP edge knows how to answer."""

    code = "error"
    status = 500
    description = "Internal error"

    def __init_subclass__(cls, code: str = "", status: int = 0, description: str = "") -> None:
        """A kind states what differs from its base; what it leaves out it inherits."""
        super().__init_subclass__()
        cls.code = code or cls.code
        cls.status = status or cls.status
        cls.description = description or cls.description

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(
    DomainError, code="not_found", status=404, description="No such document, job or place"
):
    pass


class InvalidInput(
    DomainError,
    code="invalid_input",
    status=400,
    description="Invalid input: the detail names the field or limit",
):
    pass


class PayloadTooLarge(
    DomainError,
    code="payload_too_large",
    status=413,
    description="The body or the document is larger than allowed",
):
    pass


class UnsupportedMediaType(
    DomainError,
    code="unsupported_media_type",
    status=415,
    description="Unsupported content type",
):
    pass


class UpstreamError(
    DomainError, code="upstream_error", status=502, description="The model endpoint failed"
):
    """The model endpoint failed: unreachable, timed out, or answered with unusable output."""


class BudgetExceeded(UpstreamError, code="token_budget_exceeded"):
    """One input spent its token budget: no more model calls for it."""


class ModelSetupError(
    DomainError,
    code="model_setup_error",
    status=503,
    description="The embedded model could not be assembled or started",
):
    """The embedded model could not be assembled or started."""


class Unauthenticated(
    DomainError,
    code="unauthenticated",
    status=401,
    description="No API key, or an unknown or revoked one",
):
    """No API key, or one that is unknown or revoked."""


class Forbidden(
    DomainError,
    code="forbidden",
    status=403,
    description="The API key lacks the scope this route needs",
):
    """A valid API key whose scopes do not cover the request."""


class TooManyRequests(
    DomainError,
    code="too_many_requests",
    status=429,
    description="Rate limit or limit on unfinished extractions reached: see Retry-After",
):
    """A limit on work in progress was reached; retry after `retry_after` seconds."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def error_kinds() -> list[type[DomainError]]:
    """Every kind of domain error, bases before the kinds derived from them."""
    kinds, pending = [], list(DomainError.__subclasses__())
    while pending:
        kind = pending.pop(0)
        kinds.append(kind)
        pending += kind.__subclasses__()
    return kinds
