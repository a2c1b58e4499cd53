"""UploadService: multipart twins of the file-taking JSON methods.

Each method parses the form, builds the typed request of its twin, calls the twin, and prints
the twin's answer as JSON exactly as the gateway would have.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from google.api import httpbody_pb2
from google.protobuf import json_format
from google.protobuf.message import Message

from casgate.v1 import batch_pb2, parse_pb2, upload_pb2, upload_pb2_grpc
from core import batch
from core.errors import BadRequest
from core.settings import Settings

from ..call import current_principal
from ..forms import Form, parse_form
from ..text_fields import check_text_fields

Context = grpc.aio.ServicerContext[Any, Any]
RequestBuilder = Callable[[Form, Settings], Awaitable[Message]]


def _pdf_request(message_type: type[Message]) -> RequestBuilder:
    async def build(form: Form, settings: Settings) -> Message:
        upload = form.file("pdf_file", "file")
        fields: dict[str, Any] = {
            "pdf_file": upload.content if upload else b"",
            "pdf_url": form.fields.get("pdf_url", ""),
            "password": form.fields.get("password", ""),
        }
        if "broker_type" in message_type.DESCRIPTOR.fields_by_name:
            fields["broker_type"] = form.fields.get("broker_type", "")
        return message_type(**fields)

    return build


def _document_request(message_type: type[Message]) -> RequestBuilder:
    """Text parts fill the fields of the same name (a message field, such as ``options``, is
    given as JSON); the file part, named ``file`` or ``pdf_file``, fills ``file``."""

    async def build(form: Form, settings: Settings) -> Message:
        known = message_type.DESCRIPTOR.fields_by_name
        fields: dict[str, Any] = {}
        for name, value in form.fields.items():
            if name not in known:
                continue
            try:
                fields[name] = json.loads(value) if known[name].message_type else value
            except ValueError as error:
                raise BadRequest(f"Form field {name} is not valid JSON: {error}") from None
        try:
            request = json_format.ParseDict(fields, message_type())
        except json_format.ParseError as error:
            raise BadRequest(f"Invalid form field: {error}") from None
        upload = form.file("file", "pdf_file")
        if upload is not None:
            request.file = upload.content  # type: ignore[attr-defined]
            if not request.filename:  # type: ignore[attr-defined]
                request.filename = upload.filename  # type: ignore[attr-defined]
        return request

    return build


def _batch_request(message_type: type[Message]) -> RequestBuilder:
    """Every PDF part becomes an uploaded source (sharing the form's ``password``); ``name``,
    ``csv`` (text or a file part) and ``options`` (JSON) are taken as they are."""

    async def build(form: Form, settings: Settings) -> Message:
        password = form.fields.get("password", "")
        sources = []
        csv_text = form.fields.get("csv", "")
        for name, upload in form.all_files:
            if name == "csv":
                csv_text = upload.content.decode("utf-8", "replace")
                continue
            upload_id = await batch.save_upload(
                current_principal(), upload.content, settings=settings
            )
            sources.append({"upload_id": upload_id, "password": password})
        try:
            options = json.loads(form.fields.get("options") or "{}")
            fields: dict[str, Any] = {"sources": sources, "options": options}
            if "name" in message_type.DESCRIPTOR.fields_by_name:
                fields.update(name=form.fields.get("name", ""), csv=csv_text)
            return json_format.ParseDict(fields, message_type())
        except (ValueError, json_format.ParseError) as error:
            raise BadRequest(f"Invalid form field: {error}") from None

    return build


#: upload method → (twin method name on the typed servicer, how to build its request)
_TWINS: dict[str, tuple[str, RequestBuilder]] = {
    "UploadSmartParse": ("SmartParse", _pdf_request(parse_pb2.SmartParseRequest)),
    "UploadParseCdsl": ("ParseCdsl", _pdf_request(parse_pb2.ParseCdslRequest)),
    "UploadParseNsdl": ("ParseNsdl", _pdf_request(parse_pb2.ParseNsdlRequest)),
    "UploadParseCamsKfintech": (
        "ParseCamsKfintech",
        _pdf_request(parse_pb2.ParseCamsKfintechRequest),
    ),
    "UploadParseContractNote": (
        "ParseContractNote",
        _pdf_request(parse_pb2.ParseContractNoteRequest),
    ),
    "UploadExtract": ("Extract", _document_request(parse_pb2.ExtractRequest)),
    "UploadReview": ("Review", _document_request(parse_pb2.ReviewRequest)),
    "UploadProcessDocument": (
        "ProcessDocument",
        _document_request(parse_pb2.ProcessDocumentRequest),
    ),
    "UploadStartBatch": ("StartBatch", _batch_request(batch_pb2.StartBatchRequest)),
    "UploadProcessBatch": ("ProcessBatch", _batch_request(batch_pb2.ProcessBatchRequest)),
}


def twin_of(upload: str) -> str:
    """``Service/Method`` of an upload method's typed twin, e.g. ``ParseService/SmartParse``."""
    twin, _ = _TWINS[upload]
    service = "BatchService" if twin in ("StartBatch", "ProcessBatch") else "ParseService"
    return f"{service}/{twin}"


def to_json_body(message: Message) -> httpbody_pb2.HttpBody:
    """``message`` printed as the transcoder prints it (snake_case, defaults included)."""
    text = json_format.MessageToJson(
        message,
        preserving_proto_field_name=True,
        always_print_fields_with_no_presence=True,
        indent=None,
    )
    return httpbody_pb2.HttpBody(content_type="application/json", data=text.encode())


class UploadServicer(upload_pb2_grpc.UploadServiceServicer):
    """Forwards each upload to its twin on the servicer that implements it."""

    def __init__(self, settings: Settings, *twins: object) -> None:
        self._settings = settings
        self._twins = twins

    def _twin(self, name: str) -> Any:
        for servicer in self._twins:
            method = getattr(type(servicer), name, None)
            if method is not None:
                return getattr(servicer, name)
        raise NotImplementedError

    async def _forward(self, upload: str, request: Any, context: Context) -> Any:
        twin_name, build = _TWINS[upload]
        form = parse_form(request.http_body.content_type, request.http_body.data)
        typed = await build(form, self._settings)
        check_text_fields(typed)  # the form's text parts skipped the interceptor's check
        answer = await self._twin(twin_name)(typed, context)
        response_type = getattr(upload_pb2, f"{upload}Response")
        return response_type(body=to_json_body(answer))

    async def UploadSmartParse(
        self, request: upload_pb2.UploadSmartParseRequest, context: Context
    ) -> Any:
        return await self._forward("UploadSmartParse", request, context)

    async def UploadParseCdsl(
        self, request: upload_pb2.UploadParseCdslRequest, context: Context
    ) -> Any:
        return await self._forward("UploadParseCdsl", request, context)

    async def UploadParseNsdl(
        self, request: upload_pb2.UploadParseNsdlRequest, context: Context
    ) -> Any:
        return await self._forward("UploadParseNsdl", request, context)

    async def UploadParseCamsKfintech(
        self, request: upload_pb2.UploadParseCamsKfintechRequest, context: Context
    ) -> Any:
        return await self._forward("UploadParseCamsKfintech", request, context)

    async def UploadParseContractNote(
        self, request: upload_pb2.UploadParseContractNoteRequest, context: Context
    ) -> Any:
        return await self._forward("UploadParseContractNote", request, context)

    async def UploadExtract(
        self, request: upload_pb2.UploadExtractRequest, context: Context
    ) -> Any:
        return await self._forward("UploadExtract", request, context)

    async def UploadReview(self, request: upload_pb2.UploadReviewRequest, context: Context) -> Any:
        return await self._forward("UploadReview", request, context)

    async def UploadProcessDocument(
        self, request: upload_pb2.UploadProcessDocumentRequest, context: Context
    ) -> Any:
        return await self._forward("UploadProcessDocument", request, context)

    async def UploadStartBatch(
        self, request: upload_pb2.UploadStartBatchRequest, context: Context
    ) -> Any:
        return await self._forward("UploadStartBatch", request, context)

    async def UploadProcessBatch(
        self, request: upload_pb2.UploadProcessBatchRequest, context: Context
    ) -> Any:
        return await self._forward("UploadProcessBatch", request, context)
