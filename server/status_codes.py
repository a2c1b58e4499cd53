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

from core.errors import CasgateError

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
        reason=error.reason,
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
