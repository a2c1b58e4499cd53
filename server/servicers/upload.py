"""UploadService: multipart twins of the file-taking JSON methods, registered from one table.

Each method parses the form, builds the typed request of its twin, calls the twin, and prints
the twin's answer as JSON exactly as the gateway would have.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from google.api import httpbody_pb2
from google.protobuf import json_format, message_factory
from google.protobuf.descriptor import MethodDescriptor
from google.protobuf.message import Message

from casgate.v1 import analytics_pb2, batch_pb2, extraction_pb2, parse_pb2, upload_pb2
from core import batch
from core.errors import BadRequest, empty_upload
from core.settings import Settings

from .. import contract
from ..call import current_principal
from ..forms import Form, parse_form
from ..json_print import transcoder_json
from ..text_fields import check_text_fields

Context = grpc.aio.ServicerContext[Any, Any]
RequestBuilder = Callable[[Form, Settings], Awaitable[Message]]


def _pdf_part(form: Form, *names: str) -> bytes:
    """The bytes of the form's file part (the first of ``names`` present), or none."""
    upload = form.file(*names)
    if upload is None:
        return b""
    if not upload.content:
        raise empty_upload()
    return upload.content


def _pdf_request(message_type: type[Message]) -> RequestBuilder:
    async def build(form: Form, settings: Settings) -> Message:
        fields: dict[str, Any] = {
            "pdf_file": _pdf_part(form, "pdf_file", "file"),
            "pdf_url": form.fields.get("pdf_url", ""),
            "password": form.fields.get("password", ""),
        }
        for extra in ("broker_type", "document_id"):
            if extra in message_type.DESCRIPTOR.fields_by_name:
                fields[extra] = form.fields.get(extra, "")
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


def _passwords(form: Form) -> dict[str, str]:
    """The form's ``passwords``: a JSON object of file name → password (one per file)."""
    raw = form.fields.get("passwords", "")
    if not raw:
        return {}
    try:
        given = json.loads(raw)
    except ValueError as error:
        raise BadRequest(f"Form field passwords is not valid JSON: {error}") from None
    if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
        raise BadRequest('Form field passwords must map file names to passwords: {"a.pdf": "…"}')
    return given


def _batch_request(message_type: type[Message]) -> RequestBuilder:
    """Every file part becomes an uploaded source, shown by its file name, with its password
    from ``passwords`` (file name → password) or else the form's ``password``; a part that is
    not a PDF fails as its own document. ``name``, ``csv`` (text or a file part) and
    ``options`` (JSON) are taken as they are."""

    async def build(form: Form, settings: Settings) -> Message:
        password = form.fields.get("password", "")
        per_file = _passwords(form)
        sources = []
        csv_text = form.fields.get("csv", "")
        for name, upload in form.all_files:
            if name == "csv":
                csv_text = upload.content.decode("utf-8", "replace")
                continue
            upload_id = await batch.save_upload(
                current_principal(),
                upload.content,
                filename=upload.filename,
                pdf_only=False,
                settings=settings,
            )
            sources.append(
                {"upload_id": upload_id, "password": per_file.get(upload.filename, password)}
            )
        try:
            options = json.loads(form.fields.get("options") or "{}")
            fields: dict[str, Any] = {"sources": sources, "options": options}
            if "name" in message_type.DESCRIPTOR.fields_by_name:
                fields.update(name=form.fields.get("name", ""), csv=csv_text)
            return json_format.ParseDict(fields, message_type())
        except (ValueError, json_format.ParseError) as error:
            raise BadRequest(f"Invalid form field: {error}") from None

    return build


#: the one table of multipart twins: upload method → how to build its twin's typed request.
#: The twin is the method named without the ``Upload`` prefix (UploadSmartParse → SmartParse).
TWINS: dict[str, RequestBuilder] = {
    "UploadSmartParse": _pdf_request(parse_pb2.SmartParseRequest),
    "UploadParseCdsl": _pdf_request(parse_pb2.ParseCdslRequest),
    "UploadParseNsdl": _pdf_request(parse_pb2.ParseNsdlRequest),
    "UploadParseCamsKfintech": _pdf_request(parse_pb2.ParseCamsKfintechRequest),
    "UploadParseContractNote": _pdf_request(parse_pb2.ParseContractNoteRequest),
    "UploadExtract": _document_request(extraction_pb2.ExtractRequest),
    "UploadReview": _document_request(extraction_pb2.ReviewRequest),
    "UploadProcessDocument": _document_request(parse_pb2.ProcessDocumentRequest),
    "UploadAnalyse": _pdf_request(analytics_pb2.AnalyseRequest),
    "UploadStartBatch": _batch_request(batch_pb2.StartBatchRequest),
    "UploadProcessBatch": _batch_request(batch_pb2.ProcessBatchRequest),
}
UPLOAD_SERVICE = upload_pb2.DESCRIPTOR.services_by_name["UploadService"]


def twin_method(upload: str) -> MethodDescriptor:
    """The typed method an upload method stands in for, found in the protos by name."""
    name = upload.removeprefix("Upload")
    for service in contract.services():
        if service is not UPLOAD_SERVICE and name in service.methods_by_name:
            return service.methods_by_name[name]
    raise LookupError(f"{upload} has no typed twin named {name}")


def twin_of(upload: str) -> str:
    """``Service/Method`` of an upload method's typed twin, e.g. ``ParseService/SmartParse``."""
    method = twin_method(upload)
    return f"{method.containing_service.name}/{method.name}"


def to_json_body(message: Message) -> httpbody_pb2.HttpBody:
    """``message`` printed byte for byte as the transcoder prints its JSON twin's answer."""
    return httpbody_pb2.HttpBody(
        content_type="application/json", data=transcoder_json(message).encode()
    )


def _forwarder(upload: MethodDescriptor, settings: Settings, servicers: tuple[object, ...]) -> Any:
    """The behaviour of one upload method: parse the form, build the twin's request, call the
    twin on whichever servicer implements it, and wrap its answer as a JSON HttpBody."""
    build = TWINS[upload.name]
    twin = twin_method(upload.name)
    implementations = [s for s in servicers if hasattr(type(s), twin.name)]
    if not implementations:
        raise LookupError(f"no servicer implements {twin.full_name}")
    call_twin = getattr(implementations[0], twin.name)
    response_type = message_factory.GetMessageClass(upload.output_type)

    async def forward(request: Any, context: Context) -> Message:
        form = parse_form(request.http_body.content_type, request.http_body.data)
        typed = await build(form, settings)
        check_text_fields(typed)  # the form's text parts skipped the interceptor's check
        answer = await call_twin(typed, context)
        return response_type(body=to_json_body(answer))

    return forward


def upload_handler(settings: Settings, *servicers: object) -> grpc.GenericRpcHandler:
    """UploadService, every method registered from ``TWINS`` and forwarded to its twin on one
    of ``servicers``. A method of the proto missing from the table (or the reverse) raises."""
    if set(TWINS) != set(UPLOAD_SERVICE.methods_by_name):
        raise LookupError("TWINS and UploadService disagree on the upload methods")
    handlers = {}
    for method in UPLOAD_SERVICE.methods:
        request_type = message_factory.GetMessageClass(method.input_type)
        response_type = message_factory.GetMessageClass(method.output_type)
        handlers[method.name] = grpc.unary_unary_rpc_method_handler(
            _forwarder(method, settings, servicers),
            request_deserializer=request_type.FromString,
            response_serializer=response_type.SerializeToString,
        )
    return grpc.method_handlers_generic_handler(UPLOAD_SERVICE.full_name, handlers)
