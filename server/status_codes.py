"""Domain errors → gRPC status with a google.rpc.ErrorInfo carrying the HTTP status.

The gateway's Lua filter reads ``metadata.http_status`` from the ErrorInfo, so REST clients get
exactly the status the core chose (402 has no gRPC code of its own); native gRPC clients get a
sensible code and the same details.
"""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from core.errors import CasgateError, Code

DOMAIN = "casgate"

#: The REST status of a gRPC code when the error carries no ErrorInfo (grpc's own refusals, a
#: server that is down). The one truth: gateway/errors.lua and clients/_status_table.py are
#: generated from it (proto/status_table.py, run by `make generate`).
#: RESOURCE_EXHAUSTED is 413: without ErrorInfo it is grpc refusing an oversized message (rate
#: limits are 429 through their ErrorInfo). UNAVAILABLE is 500: the contract never leaks a 503.
HTTP_STATUS_OF_CODE: dict[int, int] = {
    code_pb2.CANCELLED: 499,
    code_pb2.UNKNOWN: 500,
    code_pb2.INVALID_ARGUMENT: 400,
    code_pb2.DEADLINE_EXCEEDED: 504,
    code_pb2.NOT_FOUND: 404,
    code_pb2.ALREADY_EXISTS: 409,
    code_pb2.PERMISSION_DENIED: 403,
    code_pb2.RESOURCE_EXHAUSTED: 413,
    code_pb2.FAILED_PRECONDITION: 400,
    code_pb2.ABORTED: 409,
    code_pb2.OUT_OF_RANGE: 400,
    code_pb2.UNIMPLEMENTED: 501,
    code_pb2.INTERNAL: 500,
    code_pb2.UNAVAILABLE: 500,
    code_pb2.DATA_LOSS: 500,
    code_pb2.UNAUTHENTICATED: 401,
}


def _codes_of_statuses() -> dict[int, str]:
    """Each domain error class's status → its default code (the base class's 500 included)."""
    classes: list[type[CasgateError]] = [CasgateError]
    codes: dict[int, str] = {}
    while classes:
        cls = classes.pop()
        codes.setdefault(cls.http_status, cls.default_code.value)
        classes.extend(cls.__subclasses__())
    return codes


#: The ``code`` of an error body that carries none of its own (gRPC's own refusals, the gateway's
#: replies), by REST status; generated into gateway/errors.lua like the table above.
CODE_OF_STATUS: dict[int, str] = {
    **_codes_of_statuses(),
    405: Code.METHOD_NOT_ALLOWED.value,
    499: Code.BAD_REQUEST.value,
}

#: A retry cannot fix a 4xx but these two: a slow client (408) and a rate limit (429). 409 is a
#: state conflict here (a cancelled job, a taken email), which the same request meets again.
RETRYABLE_4XX: frozenset[int] = frozenset({408, 429})
#: Nor these 5xx: a feature that does not exist yet (501).
FUTILE_5XX: frozenset[int] = frozenset({501})


def retry_can_help(status: int) -> bool:
    """Whether a client should retry an error of ``status``; when not, the gateway says so with
    ``x-should-retry: false``, which the published client obeys (by default it retries 408, 409,
    429 and every 5xx twice)."""
    if 400 <= status < 500:
        return status in RETRYABLE_4XX
    return status not in FUTILE_5XX


#: ``Retry-After`` seconds on a 429 or 503 whose error names none
DEFAULT_RETRY_AFTER_SECONDS = 5

_CODE_FOR_HTTP: dict[int, int] = {
    400: code_pb2.INVALID_ARGUMENT,
    401: code_pb2.UNAUTHENTICATED,
    402: code_pb2.FAILED_PRECONDITION,
    403: code_pb2.PERMISSION_DENIED,
    404: code_pb2.NOT_FOUND,
    409: code_pb2.ALREADY_EXISTS,
    413: code_pb2.INVALID_ARGUMENT,
    429: code_pb2.RESOURCE_EXHAUSTED,
    501: code_pb2.UNIMPLEMENTED,
    503: code_pb2.UNAVAILABLE,
    504: code_pb2.DEADLINE_EXCEEDED,
}


def to_rpc_status(error: CasgateError) -> grpc.Status:
    """The gRPC status (code, message, trailing details) for a domain error."""
    info = error_details_pb2.ErrorInfo(
        reason=error.code,
        domain=DOMAIN,
        metadata={"http_status": str(error.http_status), **error.extra},
    )
    detail = any_pb2.Any()
    detail.Pack(info)
    status = status_pb2.Status(
        code=_CODE_FOR_HTTP.get(error.http_status, code_pb2.INTERNAL),
        message=error.message,
        details=[detail],
    )
    return rpc_status.to_status(status)
