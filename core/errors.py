"""Domain errors: every failure the core reports carries an HTTP status and a human message.

The core knows nothing about gRPC; the server maps ``http_status`` onto a gRPC code and a
``google.rpc.ErrorInfo`` so that REST clients see exactly this status and message.
"""

from __future__ import annotations


class CasgateError(Exception):
    """Base class of every error that is safe to show to a client."""

    http_status: int = 500
    reason: str = "INTERNAL"

    def __init__(self, message: str, *, extra: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: additional string fields a client may need (e.g. ``retry_after``, ``requires_reconnect``)
        self.extra: dict[str, str] = dict(extra or {})


class BadRequest(CasgateError):
    http_status = 400
    reason = "BAD_REQUEST"


class Unauthenticated(CasgateError):
    http_status = 401
    reason = "UNAUTHENTICATED"


class InsufficientCredits(CasgateError):
    http_status = 402
    reason = "INSUFFICIENT_CREDITS"


class Forbidden(CasgateError):
    http_status = 403
    reason = "FORBIDDEN"


class NotFound(CasgateError):
    http_status = 404
    reason = "NOT_FOUND"


class Conflict(CasgateError):
    http_status = 409
    reason = "CONFLICT"


class PayloadTooLarge(CasgateError):
    http_status = 413
    reason = "PAYLOAD_TOO_LARGE"


class RateLimited(CasgateError):
    http_status = 429
    reason = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, extra={"retry_after": str(retry_after)})
        self.retry_after = retry_after


class NotImplementedYet(CasgateError):
    http_status = 501
    reason = "NOT_IMPLEMENTED"


#: the message of a call that needed Redis while it was down
REDIS_UNAVAILABLE = "Redis (the batch queue) is unavailable; retry in a moment"


class ServiceUnavailable(CasgateError):
    """A dependency (Redis) is down; the call may succeed once it is back."""

    http_status = 503
    reason = "UNAVAILABLE"


class ProcessingTimeout(CasgateError):
    http_status = 504
    reason = "PROCESSING_TIMEOUT"


class InternalError(CasgateError):
    http_status = 500
    reason = "INTERNAL"
