"""ExtractionService: extraction, review, workflows and the jobs of both."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf import json_format
from google.protobuf.message import Message

from casgate.v1 import extraction_pb2, extraction_pb2_grpc
from core.extraction import jobs
from core.extraction.service import Caller, extract
from core.extraction.source import Source
from core.isolation import WorkerPool
from core.review import workflows
from core.review.service import review
from core.settings import Settings

from ..call import current_call, current_principal
from .convert import to_message, to_success

Context = grpc.aio.ServicerContext[Any, Any]


def _caller() -> Caller:
    call = current_call()
    return Caller(current_principal(), call.request_id, call.rest_path)


def _plain(message: Message) -> dict[str, Any]:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def _fields(request: Any) -> workflows.WorkflowFields:
    return workflows.WorkflowFields(
        name=request.name,
        description=request.description,
        rules=[_plain(rule) for rule in request.rules],
    )


class ExtractionServicer(extraction_pb2_grpc.ExtractionServiceServicer):
    def __init__(self, settings: Settings, pool: WorkerPool) -> None:
        self._settings = settings
        self._pool = pool

    async def Extract(
        self, request: extraction_pb2.ExtractRequest, context: Context
    ) -> extraction_pb2.ExtractResponse:
        body = await extract(
            _caller(),
            Source(request.file, request.url, request.document_id, request.filename),
            mode=request.mode,
            password=request.password or None,
            schema=_plain(request.schema) if request.HasField("schema") else None,
            settings=self._settings,
            pool=self._pool,
        )
        return to_message(body, extraction_pb2.ExtractResponse())

    async def Review(
        self, request: extraction_pb2.ReviewRequest, context: Context
    ) -> extraction_pb2.ReviewResponse:
        body = await review(
            _caller(),
            Source(request.file, request.url, request.document_id, request.filename),
            request.workflow_id,
            mode=request.mode,
            password=request.password or None,
            settings=self._settings,
            pool=self._pool,
        )
        return to_message(body, extraction_pb2.ReviewResponse())

    async def GetExtractionJob(
        self, request: extraction_pb2.GetExtractionJobRequest, context: Context
    ) -> extraction_pb2.GetExtractionJobResponse:
        body = await jobs.get_job(current_principal(), request.job_id, settings=self._settings)
        return to_message(body, extraction_pb2.GetExtractionJobResponse())

    async def CreateWorkflow(
        self, request: extraction_pb2.CreateWorkflowRequest, context: Context
    ) -> extraction_pb2.Workflow:
        body = await workflows.create_workflow(
            current_principal(), _fields(request), settings=self._settings
        )
        return to_message(body, extraction_pb2.Workflow())

    async def UpdateWorkflow(
        self, request: extraction_pb2.UpdateWorkflowRequest, context: Context
    ) -> extraction_pb2.Workflow:
        body = await workflows.update_workflow(
            current_principal(), request.workflow_id, _fields(request), settings=self._settings
        )
        return to_message(body, extraction_pb2.Workflow())

    async def ListWorkflows(
        self, request: extraction_pb2.ListWorkflowsRequest, context: Context
    ) -> extraction_pb2.ListWorkflowsResponse:
        body = await workflows.list_workflows(
            current_principal(), request.page, request.page_size, settings=self._settings
        )
        return to_message(body, extraction_pb2.ListWorkflowsResponse())

    async def GetWorkflow(
        self, request: extraction_pb2.GetWorkflowRequest, context: Context
    ) -> extraction_pb2.Workflow:
        body = await workflows.get_workflow(
            current_principal(), request.workflow_id, settings=self._settings
        )
        return to_message(body, extraction_pb2.Workflow())

    async def DeleteWorkflow(
        self, request: extraction_pb2.DeleteWorkflowRequest, context: Context
    ) -> extraction_pb2.DeleteWorkflowResponse:
        body = await workflows.delete_workflow(
            current_principal(), request.workflow_id, settings=self._settings
        )
        return to_success(body, extraction_pb2.DeleteWorkflowResponse())
