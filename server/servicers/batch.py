"""BatchService: batches of documents with live progress."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from google.api import httpbody_pb2
from google.protobuf import json_format

from casgate.v1 import batch_pb2, batch_pb2_grpc
from core import batch
from core.settings import Settings

from ..call import current_principal
from .convert import to_message

Context = grpc.aio.ServicerContext[Any, Any]


def sources_of(request: Any) -> list[dict[str, Any]]:
    """The request's sources as dicts with only the fields that were given."""
    return [json_format.MessageToDict(s, preserving_proto_field_name=True) for s in request.sources]


def options_of(request: Any) -> dict[str, Any]:
    options = request.options
    chosen: dict[str, Any] = {
        "ocr": options.ocr,
        "tag": options.tag,
        "searchable_pdf": options.searchable_pdf,
    }
    if options.HasField("parse"):
        chosen["parse"] = options.parse
    return chosen


class BatchServicer(batch_pb2_grpc.BatchServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def StartBatch(
        self, request: batch_pb2.StartBatchRequest, context: Context
    ) -> batch_pb2.StartBatchResponse:
        body = await batch.start_batch(
            current_principal(),
            request.name,
            sources_of(request),
            options_of(request),
            request.csv or None,
            settings=self._settings,
        )
        return to_message(body, batch_pb2.StartBatchResponse())

    async def GetBatchStatus(
        self, request: batch_pb2.GetBatchStatusRequest, context: Context
    ) -> batch_pb2.BatchJob:
        body = await batch.get_status(current_principal(), request.job_id, settings=self._settings)
        return to_message(body, batch_pb2.BatchJob())

    async def CancelBatch(
        self, request: batch_pb2.CancelBatchRequest, context: Context
    ) -> batch_pb2.CancelBatchResponse:
        body = await batch.cancel(current_principal(), request.job_id, settings=self._settings)
        return to_message(body, batch_pb2.CancelBatchResponse())

    async def PauseBatch(
        self, request: batch_pb2.PauseBatchRequest, context: Context
    ) -> batch_pb2.PauseBatchResponse:
        body = await batch.pause(current_principal(), request.job_id, settings=self._settings)
        return to_message(body, batch_pb2.PauseBatchResponse())

    async def ResumeBatch(
        self, request: batch_pb2.ResumeBatchRequest, context: Context
    ) -> batch_pb2.ResumeBatchResponse:
        body = await batch.resume(current_principal(), request.job_id, settings=self._settings)
        return to_message(body, batch_pb2.ResumeBatchResponse())

    async def ListActiveBatches(
        self, request: batch_pb2.ListActiveBatchesRequest, context: Context
    ) -> batch_pb2.ListActiveBatchesResponse:
        body = await batch.list_active(current_principal(), settings=self._settings)
        return to_message(body, batch_pb2.ListActiveBatchesResponse())

    async def ValidatePaths(
        self, request: batch_pb2.ValidatePathsRequest, context: Context
    ) -> batch_pb2.ValidatePathsResponse:
        body = await batch.validate_paths(
            current_principal(), list(request.paths), settings=self._settings
        )
        return to_message(body, batch_pb2.ValidatePathsResponse())

    async def GetBatchTemplate(
        self, request: batch_pb2.GetBatchTemplateRequest, context: Context
    ) -> batch_pb2.GetBatchTemplateResponse:
        csv = httpbody_pb2.HttpBody(content_type="text/csv", data=batch.template_csv().encode())
        return batch_pb2.GetBatchTemplateResponse(body=csv)

    async def ProcessBatch(
        self, request: batch_pb2.ProcessBatchRequest, context: Context
    ) -> batch_pb2.ProcessBatchResponse:
        body = await batch.process_sync(
            current_principal(), sources_of(request), options_of(request), settings=self._settings
        )
        return to_message(body, batch_pb2.ProcessBatchResponse())

    async def WatchBatch(
        self, request: batch_pb2.WatchBatchRequest, context: Context
    ) -> AsyncIterator[batch_pb2.WatchBatchResponse]:
        events = batch.watch(
            current_principal(), request.job_id, request.after_seq, settings=self._settings
        )
        async for event in events:
            yield to_message(event, batch_pb2.WatchBatchResponse())
