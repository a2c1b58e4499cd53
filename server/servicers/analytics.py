"""AnalyticsService: a statement (uploaded, at a URL, or from history) in, its gains, returns
and allocation out. An upload is parsed and charged exactly as /v4/smart/parse."""

from __future__ import annotations

from typing import Any

import grpc

from casgate.v1 import analytics_pb2, analytics_pb2_grpc
from core import analytics
from core.errors import BadRequest
from core.settings import Settings

from ..call import current_principal
from .convert import to_message
from .parse import ParseServicer

Context = grpc.aio.ServicerContext[Any, Any]
SOURCES = "pdf_file, pdf_url and document_id"


class AnalyticsServicer(analytics_pb2_grpc.AnalyticsServiceServicer):
    def __init__(self, settings: Settings, parser: ParseServicer) -> None:
        self._settings = settings
        self._parser = parser

    async def Analyse(
        self, request: analytics_pb2.AnalyseRequest, context: Context
    ) -> analytics_pb2.AnalyseResponse:
        if request.document_id:
            if request.pdf_file or request.pdf_url:
                raise BadRequest(f"Provide exactly one of {SOURCES}")
            view = await analytics.analyse_document(
                current_principal(), request.document_id, settings=self._settings
            )
        else:
            statement = await self._parser.parsed(request, None, SOURCES)
            view = await analytics.analyse_statement(statement)
        return to_message(view, analytics_pb2.AnalyseResponse())
