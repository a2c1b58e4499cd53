"""ParseService: statements in, the unified model out; contract notes in, their own model out."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import grpc

from casgate.v1 import parse_pb2, parse_pb2_grpc, statement_pb2
from core.batch.timings import elapsed_ms
from core.contract_notes import parse_contract_note
from core.errors import BadRequest, PayloadTooLarge
from core.isolation import WorkerPool
from core.preview import preview_in_worker
from core.settings import Settings
from core.single import process_document, url_filename

from ..call import current_call, current_principal
from .convert import to_message, to_success
from .dict_to_proto import parse_dict

Context = grpc.aio.ServicerContext[Any, Any]
#: (url) → the PDF bytes, size- and time-capped, SSRF-guarded
Downloader = Callable[[str], Awaitable[bytes]]


class Engine(Protocol):
    """Parses a PDF for a caller (and meters it); returns the unified model as the contract's
    JSON dict, as ``UnifiedResponse.to_dict`` dumps it."""

    async def __call__(
        self,
        data: bytes,
        password: str | None,
        expected: str | None,
        *,
        principal: Any,
        request_id: str,
        path: str,
    ) -> dict[str, Any]: ...


class ParseServicer(parse_pb2_grpc.ParseServiceServicer):
    def __init__(
        self, settings: Settings, engine: Engine, download: Downloader, pool: WorkerPool
    ) -> None:
        self._settings = settings
        self._engine = engine
        self._download = download
        self._pool = pool

    async def pdf_bytes(
        self, pdf_file: bytes, pdf_url: str, names: str = "pdf_file and pdf_url"
    ) -> bytes:
        """The PDF of a request: exactly one of an upload and a URL."""
        if bool(pdf_file) == bool(pdf_url):
            raise BadRequest(f"Provide exactly one of {names}")
        data = await self._download(pdf_url) if pdf_url else pdf_file
        if len(data) > self._settings.max_upload_bytes:
            raise PayloadTooLarge(
                f"PDF is {len(data)} bytes; the limit is {self._settings.max_upload_bytes}"
            )
        return data

    async def parsed(
        self,
        request: Any,
        expected: str | None,
        names: str = "pdf_file and pdf_url",
    ) -> dict[str, Any]:
        """The statement of a request's ``pdf_file`` or ``pdf_url``, parsed (and metered)."""
        data = await self.pdf_bytes(request.pdf_file, request.pdf_url, names)
        call = current_call()
        return await self._engine(
            data,
            request.password or None,
            expected,
            principal=call.principal,
            request_id=call.request_id,
            path=call.rest_path,
        )

    async def _statement(self, request: Any, expected: str | None) -> statement_pb2.UnifiedResponse:
        # The engine's dict is already the model's JSON dump (``UnifiedResponse.to_dict``):
        # validating it into the model and dumping it again would give the same dict back.
        result = await self.parsed(request, expected)
        return parse_dict(result, statement_pb2.UnifiedResponse())

    async def SmartParse(
        self, request: parse_pb2.SmartParseRequest, context: Context
    ) -> statement_pb2.UnifiedResponse:
        return await self._statement(request, None)

    async def ParseCamsKfintech(
        self, request: parse_pb2.ParseCamsKfintechRequest, context: Context
    ) -> statement_pb2.UnifiedResponse:
        return await self._statement(request, "CAMS_KFINTECH")

    async def ParseNsdl(
        self, request: parse_pb2.ParseNsdlRequest, context: Context
    ) -> statement_pb2.UnifiedResponse:
        return await self._statement(request, "NSDL")

    async def ParseCdsl(
        self, request: parse_pb2.ParseCdslRequest, context: Context
    ) -> statement_pb2.UnifiedResponse:
        return await self._statement(request, "CDSL")

    async def ParseContractNote(
        self, request: parse_pb2.ParseContractNoteRequest, context: Context
    ) -> parse_pb2.ParseContractNoteResponse:
        data = await self.pdf_bytes(request.pdf_file, request.pdf_url)
        call = current_call()
        body = await parse_contract_note(
            call.principal,
            data,
            request.password or None,
            request.broker_type or None,
            request_id=call.request_id,
            path=call.rest_path,
            settings=self._settings,
            pool=self._pool,
        )
        return to_success(body, parse_pb2.ParseContractNoteResponse())

    async def PreviewDocument(
        self, request: parse_pb2.PreviewDocumentRequest, context: Context
    ) -> parse_pb2.PreviewDocumentResponse:
        if not request.url:
            raise BadRequest("Give the PDF's url")
        data = await self._download(request.url)
        facts = await preview_in_worker(request.url, data, request.password or None, self._pool)
        return to_message(facts, parse_pb2.PreviewDocumentResponse())

    async def ProcessDocument(
        self, request: parse_pb2.ProcessDocumentRequest, context: Context
    ) -> parse_pb2.ProcessDocumentResponse:
        started = time.monotonic()
        data = await self.pdf_bytes(request.file, request.url, "file and url")
        download_ms = elapsed_ms(started) if request.url else None
        options: dict[str, Any] = {"searchable_pdf": request.options.searchable_pdf}
        for defaulted in ("ocr", "tag", "parse"):  # unset: core's default for one document
            if request.options.HasField(defaulted):
                options[defaulted] = getattr(request.options, defaulted)
        body = await process_document(
            current_principal(),
            data,
            request.filename or url_filename(request.url),
            request.password or None,
            options,
            download_ms=download_ms,
            settings=self._settings,
        )
        return to_message(body, parse_pb2.ProcessDocumentResponse())
