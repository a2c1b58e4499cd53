"""Issue 3 on the real grpc.aio server in process (no Envoy): the real engine's answers and
errors, the SSRF guard on ``pdf_url`` and the parse timeout, each error's REST status read from
its ErrorInfo. tests/gateway/test_parse_e2e.py keeps the REST bodies (multipart, JSON, URL) and
the published client against them."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest

from casgate.v1 import parse_pb2, parse_pb2_grpc, status_pb2, status_pb2_grpc
from clients._errors import ApiError, api_error
from tests.conftest import OPERATOR_KEY, start_server_thread
from tests.harness import ServerThread, serve_bytes
from tests.statements import GeneratedStatement, generate

AUTH = (("x-api-key", OPERATOR_KEY),)


@pytest.fixture(scope="module")
def cams() -> GeneratedStatement:
    return generate(issuer="CAMS", variant="DETAILED", seed=21, pages=3)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("parse-service"))
    yield running
    running.stop()


@pytest.fixture
def parse(server: ServerThread) -> Iterator[parse_pb2_grpc.ParseServiceStub]:
    with grpc.insecure_channel(server.address) as channel:
        yield parse_pb2_grpc.ParseServiceStub(channel)


def refused(status: int, call: object, request: object) -> ApiError:
    with pytest.raises(grpc.RpcError) as info:
        call(request, metadata=AUTH, timeout=60)  # type: ignore[operator]
    error = api_error(info.value)
    assert error.status == status, error
    return error


def test_summary_statement_has_no_transactions(parse: parse_pb2_grpc.ParseServiceStub) -> None:
    made = generate(issuer="KFINTECH", variant="SUMMARY", seed=22, pages=2)
    body = parse.SmartParse(
        parse_pb2.SmartParseRequest(pdf_file=made.pdf, password=made.password), metadata=AUTH
    )
    assert body.meta.detection.variant == "SUMMARY"
    assert [(f.amc, f.folio_number, len(f.schemes)) for f in body.mutual_funds] == [
        (f["amc"], f["folio_number"], len(f["schemes"])) for f in made.truth["mutual_funds"]
    ]
    assert not [t for f in body.mutual_funds for s in f.schemes for t in s.transactions]


@pytest.mark.parametrize("password", ["wrong-password", ""])
def test_password_errors_say_so(
    parse: parse_pb2_grpc.ParseServiceStub, cams: GeneratedStatement, password: str
) -> None:
    request = parse_pb2.SmartParseRequest(pdf_file=cams.pdf, password=password)
    assert "password" in refused(400, parse.SmartParse, request).message.lower()


def test_a_type_specific_endpoint_names_what_it_found(
    parse: parse_pb2_grpc.ParseServiceStub, cams: GeneratedStatement
) -> None:
    request = parse_pb2.ParseNsdlRequest(pdf_file=cams.pdf, password=cams.password)
    message = refused(400, parse.ParseNsdl, request).message
    assert "NSDL" in message and "CAMS" in message


@pytest.mark.parametrize("data", [b"not a pdf at all", b"%PDF-1.7\n%truncated", b""])
def test_broken_input_is_a_clear_400(parse: parse_pb2_grpc.ParseServiceStub, data: bytes) -> None:
    assert refused(400, parse.SmartParse, parse_pb2.SmartParseRequest(pdf_file=data)).message


def test_private_urls_are_refused_unless_allowed(
    tmp_path_factory: pytest.TempPathFactory, cams: GeneratedStatement
) -> None:
    guarded = start_server_thread(
        tmp_path_factory.mktemp("guarded"), settings={"allow_private_urls": False}
    )
    try:
        with (
            serve_bytes(cams.pdf, "/cas.pdf") as loopback,
            grpc.insecure_channel(guarded.address) as channel,
        ):
            stub = parse_pb2_grpc.ParseServiceStub(channel)
            for url in (loopback, "file:///etc/passwd", "http://169.254.169.254/latest/meta-data"):
                refused(400, stub.SmartParse, parse_pb2.SmartParseRequest(pdf_url=url))
    finally:
        guarded.stop()


def test_parse_timeout_answers_504_and_the_server_keeps_serving(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    big = generate(issuer="CAMS", variant="DETAILED", seed=23, pages=30)
    hurried = start_server_thread(
        tmp_path_factory.mktemp("hurried"), settings={"parse_timeout_seconds": 0.05}
    )
    try:
        with grpc.insecure_channel(hurried.address) as channel:
            stub = parse_pb2_grpc.ParseServiceStub(channel)
            request = parse_pb2.ParseCamsKfintechRequest(pdf_file=big.pdf, password=big.password)
            with pytest.raises(grpc.RpcError) as info:
                stub.ParseCamsKfintech(request, metadata=AUTH, timeout=60)
            assert info.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
            assert api_error(info.value).status == 504
            status_pb2_grpc.StatusServiceStub(channel).GetStatus(status_pb2.GetStatusRequest())
    finally:
        hurried.stop()
