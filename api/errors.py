"""Domain errors, raised deep in the service and turned into HTTP answers once, in the app."""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors the HTTP edge knows how to answer."""

    code = "error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    code = "not_found"


class InvalidInput(DomainError):
    code = "invalid_input"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


class UpstreamError(DomainError):
    """The model endpoint failed: unreachable, timed out, or answered with unusable output."""

    code = "upstream_error"


class ModelSetupError(DomainError):
    """The embedded model could not be assembled or started."""

    code = "model_setup_error"


class Unauthenticated(DomainError):
    """No API key, or one that is unknown or revoked."""

    code = "unauthenticated"


class Forbidden(DomainError):
    """A valid API key whose scopes do not cover the request."""

    code = "forbidden"


class TooManyRequests(DomainError):
    """A limit on work in progress was reached; retry after `retry_after` seconds."""

    code = "too_many_requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class BudgetExceeded(UpstreamError):
    """One input spent its token budget: no more model calls for it."""

    code = "token_budget_exceeded"
