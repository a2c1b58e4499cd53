"""Calls of ExtractionService over the real in-process server, and their errors as the REST
client sees them (status, code, message)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf import json_format
from google.rpc import error_details_pb2, status_pb2

from casgate.v1 import extraction_pb2, extraction_pb2_grpc
from clients._errors import api_error


@dataclass(frozen=True)
class Failure:
    status: int
    code: str
    message: str


def failure(call: Any, request: Any, key: str) -> Failure:
    """The error a call answers; fails the test when it succeeds."""
    try:
        call(request, metadata=(("x-api-key", key),))
    except grpc.RpcError as error:
        code = ""
        for name, value in error.trailing_metadata() or ():  # type: ignore[attr-defined]
            if name == "grpc-status-details-bin":
                for detail in status_pb2.Status.FromString(value).details:
                    info = error_details_pb2.ErrorInfo()
                    if detail.Unpack(info):
                        code = info.reason
        found = api_error(error)
        return Failure(found.status, code, found.message)
    raise AssertionError("the call succeeded")


def plain(message: Any) -> dict[str, Any]:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def wait_for_job(
    stub: extraction_pb2_grpc.ExtractionServiceStub, job_id: str, key: str, seconds: float = 120
) -> extraction_pb2.GetExtractionJobResponse:
    """The job once it has finished (polling; the bound only stops a hung test)."""
    deadline = time.monotonic() + seconds
    while True:
        job = stub.GetExtractionJob(
            extraction_pb2.GetExtractionJobRequest(job_id=job_id), metadata=(("x-api-key", key),)
        )
        if job.status in ("completed", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)
