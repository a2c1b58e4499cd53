"""FileService: the bytes behind a signed download link (the link's signature is the credential)."""

from __future__ import annotations

from typing import Any

import grpc
from google.api import httpbody_pb2

from casgate.v1 import files_pb2, files_pb2_grpc
from core import downloads
from core.settings import Settings

from ..call import current_call

Context = grpc.aio.ServicerContext[Any, Any]


class FileServicer(files_pb2_grpc.FileServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def DownloadFile(
        self, request: files_pb2.DownloadFileRequest, context: Context
    ) -> files_pb2.DownloadFileResponse:
        found = await downloads.read_download(request.token, settings=self._settings)
        current_call().response_headers += [
            ("content-disposition", f'attachment; filename="{found.filename}"'),
            ("cache-control", "private, no-store"),
        ]
        body = httpbody_pb2.HttpBody(content_type=found.content_type, data=found.data)
        return files_pb2.DownloadFileResponse(body=body)
