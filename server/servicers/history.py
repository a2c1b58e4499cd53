"""HistoryService: the caller's past jobs and documents."""

from __future__ import annotations

from typing import Any

import grpc
from google.api import httpbody_pb2

from casgate.v1 import batch_pb2, history_pb2, history_pb2_grpc
from core import history
from core.settings import Settings

from ..call import current_call, current_principal
from .convert import to_message, to_success

Context = grpc.aio.ServicerContext[Any, Any]


class HistoryServicer(history_pb2_grpc.HistoryServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def ListJobs(
        self, request: history_pb2.ListJobsRequest, context: Context
    ) -> history_pb2.ListJobsResponse:
        body = await history.list_jobs(
            current_principal(), request.page or 1, request.page_size, settings=self._settings
        )
        return to_message(body, history_pb2.ListJobsResponse())

    async def GetJob(
        self, request: history_pb2.GetJobRequest, context: Context
    ) -> batch_pb2.BatchJob:
        body = await history.get_job(current_principal(), request.job_id, settings=self._settings)
        return to_message(body, batch_pb2.BatchJob())

    async def DeleteJob(
        self, request: history_pb2.DeleteJobRequest, context: Context
    ) -> history_pb2.DeleteJobResponse:
        body = await history.delete_job(
            current_principal(), request.job_id, settings=self._settings
        )
        return to_success(body, history_pb2.DeleteJobResponse())

    async def ListDocuments(
        self, request: history_pb2.ListDocumentsRequest, context: Context
    ) -> history_pb2.ListDocumentsResponse:
        body = await history.list_documents(
            current_principal(),
            request.page or 1,
            request.page_size,
            tag=request.tag,
            settings=self._settings,
        )
        return to_message(body, history_pb2.ListDocumentsResponse())

    async def SearchDocuments(
        self, request: history_pb2.SearchDocumentsRequest, context: Context
    ) -> history_pb2.SearchDocumentsResponse:
        body = await history.search_documents(
            current_principal(),
            request.q,
            request.page or 1,
            request.page_size,
            settings=self._settings,
        )
        return to_message(body, history_pb2.SearchDocumentsResponse())

    async def GetDocument(
        self, request: history_pb2.GetDocumentRequest, context: Context
    ) -> history_pb2.Document:
        body = await history.get_document(
            current_principal(), request.document_id, settings=self._settings
        )
        return to_message(body, history_pb2.Document())

    async def GetSearchablePdf(
        self, request: history_pb2.GetSearchablePdfRequest, context: Context
    ) -> history_pb2.GetSearchablePdfResponse:
        found = await history.searchable_pdf(
            current_principal(), request.document_id, settings=self._settings
        )
        current_call().response_headers += [
            ("content-disposition", f'attachment; filename="{found.filename}"'),
            ("cache-control", "private, no-store"),
        ]
        body = httpbody_pb2.HttpBody(content_type="application/pdf", data=found.data)
        return history_pb2.GetSearchablePdfResponse(body=body)

    async def GetDocumentText(
        self, request: history_pb2.GetDocumentTextRequest, context: Context
    ) -> history_pb2.GetDocumentTextResponse:
        body = await history.document_pages(
            current_principal(), request.document_id, settings=self._settings
        )
        current_call().response_headers += [("cache-control", "private, no-store")]
        return to_message(body, history_pb2.GetDocumentTextResponse())

    async def GetStats(
        self, request: history_pb2.GetStatsRequest, context: Context
    ) -> history_pb2.GetStatsResponse:
        body = await history.stats(current_principal(), settings=self._settings)
        return to_message(body, history_pb2.GetStatsResponse())
