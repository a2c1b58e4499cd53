"""AnalyticsService over the real grpc.aio server in process: a PDF in base64 and the same PDF
as a multipart form (the REST twin) answer the analysis of the statement's ground truth; a
history document answers the same; the errors keep their REST statuses; another account's
document is 404; the typed client's ``analyse`` (blocking and asyncio) answers the same."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import grpc
import pytest
from google.api import httpbody_pb2
from google.protobuf import json_format

from casgate.v1 import (
    analytics_pb2,
    analytics_pb2_grpc,
    parse_pb2,
    parse_pb2_grpc,
    upload_pb2,
    upload_pb2_grpc,
)
from clients import ApiError, AsyncClient, Client
from clients._errors import api_error
from core.accounts import create_key
from core.analytics import analyse
from core.models.unified import UnifiedResponse
from server.servicers.convert import to_message
from tests.analytics.lifetime import LifetimeStatement, statement
from tests.conftest import start_server_thread
from tests.harness import ServerThread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("analytics"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def cas() -> LifetimeStatement:
    return statement(2, pdf=True)


def _cell(text: str) -> Any:
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _comparable(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer with each Schedule 112A CSV read into cells (units print as the PDF does:
    ``118.400`` parsed, ``118.4`` in the ground truth)."""
    gains = answer["capital_gains"]
    gains["schedule_112a"] = [
        (
            s["financial_year"],
            [[_cell(c) for c in line.split(",")] for line in s["csv"].splitlines()],
        )
        for s in gains.get("schedule_112a", [])
    ]
    return answer


def _expected(cas: LifetimeStatement) -> dict[str, Any]:
    view = analyse(UnifiedResponse.model_validate(cas.truth))
    message = to_message(view, analytics_pb2.AnalyseResponse())
    return _comparable(json_format.MessageToDict(message, preserving_proto_field_name=True))


def _multipart(fields: dict[str, str], pdf: bytes) -> httpbody_pb2.HttpBody:
    boundary = "analytics-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="pdf_file"; filename="cas.pdf"'
        "\r\nContent-Type: application/pdf\r\n\r\n".encode()
        + pdf
        + b"\r\n"
    )
    return httpbody_pb2.HttpBody(
        content_type=f"multipart/form-data; boundary={boundary}",
        data=b"".join(parts) + f"--{boundary}--\r\n".encode(),
    )


def _status(call: Any, request: Any, key: str) -> int:
    try:
        call(request, metadata=(("x-api-key", key),))
    except grpc.RpcError as error:
        return api_error(error).status
    return 200


def test_analytics_of_an_upload_a_form_and_a_history_document(
    server: ServerThread, cas: LifetimeStatement
) -> None:
    assert cas.pdf is not None
    _, key = create_key("analytics", 1000, settings=server.settings)
    _, other_key = create_key("someone-else", 1000, settings=server.settings)
    mine = (("x-api-key", key),)
    expected = _expected(cas)
    assert expected["capital_gains"]["transactions"] and expected["returns"]["schemes"]
    with grpc.insecure_channel(server.address) as channel:
        stub = analytics_pb2_grpc.AnalyticsServiceStub(channel)
        answer = stub.Analyse(analytics_pb2.AnalyseRequest(pdf_file=cas.pdf), metadata=mine)
        as_dict = json_format.MessageToDict(answer, preserving_proto_field_name=True)
        assert _comparable(as_dict) == expected

        form = upload_pb2_grpc.UploadServiceStub(channel).UploadAnalyse(
            upload_pb2.UploadAnalyseRequest(http_body=_multipart({"password": ""}, cas.pdf)),
            metadata=mine,
        )
        assert form.body.content_type == "application/json"
        printed = json.loads(form.body.data)
        assert set(printed) == {"returns", "capital_gains", "allocation", "warnings"}
        again = json_format.ParseDict(printed, analytics_pb2.AnalyseResponse())
        as_dict = json_format.MessageToDict(again, preserving_proto_field_name=True)
        assert _comparable(as_dict) == expected

        processed = parse_pb2_grpc.ParseServiceStub(channel).ProcessDocument(
            parse_pb2.ProcessDocumentRequest(file=cas.pdf, filename="cas.pdf"), metadata=mine
        )
        by_id = analytics_pb2.AnalyseRequest(document_id=processed.document_id)
        stored = stub.Analyse(by_id, metadata=mine)
        as_dict = json_format.MessageToDict(stored, preserving_proto_field_name=True)
        assert _comparable(as_dict) == expected

        assert _status(stub.Analyse, by_id, other_key) == 404
        assert _status(stub.Analyse, analytics_pb2.AnalyseRequest(), key) == 400
        both = analytics_pb2.AnalyseRequest(pdf_file=cas.pdf, document_id=processed.document_id)
        assert _status(stub.Analyse, both, key) == 400
        not_pdf = analytics_pb2.AnalyseRequest(pdf_file=b"not a pdf")
        assert _status(stub.Analyse, not_pdf, key) == 400
        assert _status(stub.Analyse, by_id, "wrong-key") == 401


def test_the_typed_clients_analyse(server: ServerThread, cas: LifetimeStatement) -> None:
    """``Client.analyse`` and its asyncio twin return the typed analysis of the ground truth;
    errors raise ``ApiError`` with the REST status."""
    assert cas.pdf is not None
    pdf = cas.pdf
    _, key = create_key("analytics-client", 1000, settings=server.settings)
    expected = _expected(cas)
    with Client(server.address, api_key=key) as casgate:
        answer = casgate.analyse(pdf)
        assert isinstance(answer, analytics_pb2.AnalyseResponse)
        as_dict = json_format.MessageToDict(answer, preserving_proto_field_name=True)
        assert _comparable(as_dict) == expected
        with pytest.raises(ApiError) as nothing:
            casgate.analyse()
        assert nothing.value.status == 400
        with pytest.raises(ApiError) as unknown:
            casgate.analyse(document_id="f" * 32)
        assert unknown.value.status == 404
    with Client(server.address, api_key="wrong-key") as stranger, pytest.raises(ApiError) as denied:
        stranger.analyse(pdf)
    assert denied.value.status == 401

    async def use() -> tuple[analytics_pb2.AnalyseResponse, int]:
        async with AsyncClient(server.address, api_key=key) as casgate:
            answer = await casgate.analyse(pdf, password="")
            try:
                await casgate.analyse(b"not a pdf")
            except ApiError as error:
                return answer, error.status
            raise AssertionError("a broken PDF must fail")

    answer, status = asyncio.run(use())
    as_dict = json_format.MessageToDict(answer, preserving_proto_field_name=True)
    assert _comparable(as_dict) == expected
    assert status == 400
