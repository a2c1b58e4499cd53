"""The one exception the client raises for an error answer."""

from __future__ import annotations

from typing import Any

from google.rpc import error_details_pb2, status_pb2

from ._status_table import HTTP_STATUS_OF_CODE


class ApiError(Exception):
    """An error answer: the REST status it stands for, the message, the request id, and the
    machine-readable code the REST body carries (``INVALID_PAN``), when the server sent one."""

    def __init__(
        self, status: int, message: str, request_id: str | None, code: str | None = None
    ) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.request_id = request_id
        self.code = code


def api_error(error: Any) -> ApiError:
    """The ``ApiError`` of a failed call (sync ``grpc.RpcError`` or ``grpc.aio.AioRpcError``),
    using the server's ErrorInfo when it sent one."""
    status = HTTP_STATUS_OF_CODE.get(error.code().value[0], 500)
    metadata = {**dict(error.initial_metadata() or ()), **dict(error.trailing_metadata() or ())}
    raw = metadata.get("grpc-status-details-bin")
    code = None
    if isinstance(raw, bytes):
        for detail in status_pb2.Status.FromString(raw).details:
            info = error_details_pb2.ErrorInfo()
            if detail.Unpack(info) and info.metadata.get("http_status", "").isdigit():
                status = int(info.metadata["http_status"])
                code = info.reason or None
    request_id = metadata.get("x-request-id")
    return ApiError(
        status, error.details() or "", request_id if isinstance(request_id, str) else None, code
    )
