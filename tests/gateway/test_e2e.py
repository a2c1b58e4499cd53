"""End to end through the real Envoy: REST and native gRPC, errors, sizes, request ids, streams."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from casgate.v1 import (
    extraction_pb2,
    extraction_pb2_grpc,
    status_pb2,
    status_pb2_grpc,
)
from tests.conftest import OPERATOR_KEY, Stack, start_stack
from tests.harness import Gateway

pytestmark = pytest.mark.e2e

REQUEST_ID = re.compile(r"^req_[A-Za-z0-9]{6,64}$")
AUTH = {"x-api-key": OPERATOR_KEY}
TWENTY_MB = 20 * 1024 * 1024


class TransportEngine:
    """Stands in for the statement engine so that these tests see exactly what arrived.

    The password chooses the behaviour: "explode" raises an unexpected error, "slow" outlives
    the gateway's route timeout; anything else records the bytes and answers a minimal model.
    """

    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def __call__(
        self, data: bytes, password: str | None, expected: str | None, **call: Any
    ) -> dict[str, Any]:
        if password == "explode":
            raise RuntimeError("secret internal detail: /srv/casgate/db.sqlite")
        if password == "slow":
            await asyncio.sleep(3)
        self.received.append(data)
        return {"meta": {"pages": 1, "cas_type": expected or "CAMS_KFINTECH"}, "warnings": []}


@pytest.fixture(scope="module")
def engine() -> TransportEngine:
    return TransportEngine()


@pytest.fixture(scope="module")
def transport(tmp_path_factory: pytest.TempPathFactory, engine: TransportEngine) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("transport"), engine=engine)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def hurried(tmp_path_factory: pytest.TempPathFactory, engine: TransportEngine) -> Iterator[Stack]:
    """A gateway whose unary route timeout is 1 s (big uploads belong on ``transport``)."""
    running = start_stack(tmp_path_factory.mktemp("hurried"), request_timeout=1, engine=engine)
    yield running
    running.stop()


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "failed"
    assert isinstance(body["msg"], str) and body["msg"]
    assert list(body) == ["status", "msg", "code"]
    assert REQUEST_ID.match(response.headers["x-request-id"])
    return body


# --- one servicer, two surfaces -------------------------------------------------------------


def test_rest_and_native_grpc_reach_the_same_servicer(stack: Stack) -> None:
    rest = httpx.get(f"{stack.url}/").json()
    with grpc.insecure_channel(stack.gateway.address) as channel:
        via_gateway = status_pb2_grpc.StatusServiceStub(channel).GetServiceInfo(
            status_pb2.GetServiceInfoRequest()
        )
    with grpc.insecure_channel(stack.server.address) as channel:
        direct = status_pb2_grpc.StatusServiceStub(channel).GetServiceInfo(
            status_pb2.GetServiceInfoRequest()
        )
    assert rest == {"name": via_gateway.name, "version": via_gateway.version, "status": "ok"}
    assert via_gateway == direct
    assert rest["name"] == "casgate"


def test_status_and_health_list_every_dependency(stack: Stack) -> None:
    status = httpx.get(f"{stack.url}/api/status").json()
    assert status["status"] == "ok" and status["uptime_seconds"] >= 0
    health = httpx.get(f"{stack.url}/api/health").json()
    names = {d["name"] for d in health["dependencies"]}
    assert {"cache", "ocr", "disk"} <= names
    for dependency in health["dependencies"]:
        assert dependency["status"] in {"ok", "degraded", "down"}
        assert dependency["latency_ms"] >= 0
    expected = "ok" if all(d["status"] == "ok" for d in health["dependencies"]) else "degraded"
    assert health["status"] == expected


def test_grpc_health_reports_serving_through_the_gateway(stack: Stack) -> None:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(stack.gateway.address) as channel:
        answer = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    assert answer.status == health_pb2.HealthCheckResponse.SERVING


def test_reflection_lists_every_service(stack: Stack) -> None:
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    with grpc.insecure_channel(stack.gateway.address) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        request = reflection_pb2.ServerReflectionRequest(list_services="")
        answer = next(iter(stub.ServerReflectionInfo(iter([request]))))
    names = {s.name for s in answer.list_services_response.service}
    for service in ("Parse", "Upload", "Fetch", "Inbox", "Account", "Batch", "History", "Status"):
        assert f"casgate.v1.{service}Service" in names


# --- request ids ----------------------------------------------------------------------------


def test_request_id_is_generated_for_rest(stack: Stack) -> None:
    first = httpx.get(f"{stack.url}/api/status")
    second = httpx.get(f"{stack.url}/api/status")
    assert REQUEST_ID.match(first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_valid_client_request_id_is_reused_and_invalid_one_replaced(stack: Stack) -> None:
    kept = httpx.get(f"{stack.url}/api/status", headers={"x-request-id": "req_Client42abc"})
    assert kept.headers["x-request-id"] == "req_Client42abc"
    for bad in ("req_x", "not-an-id", "req_" + "a" * 65, "req_abc-def-ghi"):
        replaced = httpx.get(f"{stack.url}/api/status", headers={"x-request-id": bad})
        assert replaced.headers["x-request-id"] != bad
        assert REQUEST_ID.match(replaced.headers["x-request-id"])


def test_request_id_on_gateway_replies_and_errors(stack: Stack) -> None:
    unknown = httpx.get(f"{stack.url}/no/such/path", headers={"x-request-id": "req_Gateway404"})
    assert unknown.headers["x-request-id"] == "req_Gateway404"
    denied = httpx.post(f"{stack.url}/v4/smart/parse", json={})
    assert REQUEST_ID.match(denied.headers["x-request-id"])


# --- error bodies and statuses ---------------------------------------------------------------


def test_400_for_malformed_json(stack: Stack) -> None:
    response = httpx.post(f"{stack.url}/v4/smart/parse", content=b'{"pdf_file": ', headers={**AUTH})
    assert_error(response, 400)


def test_400_for_invalid_base64(stack: Stack) -> None:
    response = httpx.post(f"{stack.url}/v4/smart/parse", json={"pdf_file": "!!!"}, headers=AUTH)
    assert_error(response, 400)


def test_400_from_the_server_says_what_is_wrong(transport: Stack) -> None:
    response = httpx.post(f"{transport.url}/v4/smart/parse", json={}, headers=AUTH)
    body = assert_error(response, 400)
    assert "pdf_file" in body["msg"] and "pdf_url" in body["msg"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"x-api-key": "wrong"}, {"X-API-Key": "wrong"}, {"authorization": "Bearer not-a-token"}],
)
def test_401_without_valid_credentials(stack: Stack, headers: dict[str, str]) -> None:
    response = httpx.post(f"{stack.url}/v4/smart/parse", json={}, headers=headers)
    assert_error(response, 401)


def test_header_names_are_case_insensitive(transport: Stack) -> None:
    response = httpx.post(
        f"{transport.url}/v4/smart/parse", json={}, headers={"X-API-KEY": OPERATOR_KEY}
    )
    assert_error(response, 400)  # authenticated, then refused for the missing PDF


@pytest.mark.parametrize("method,path", [("GET", "/nope"), ("POST", "/v4/unknown/parse")])
def test_404_for_unknown_paths(stack: Stack, method: str, path: str) -> None:
    response = httpx.request(method, f"{stack.url}{path}", headers=AUTH)
    assert_error(response, 404)


@pytest.mark.parametrize(
    "method,path,allowed",
    [
        ("GET", "/v4/smart/parse", "POST"),
        ("DELETE", "/api/status", "GET"),
        ("POST", "/api/batch/jobs/job1/status", "GET"),
        ("PUT", "/api/history/jobs/job1", "DELETE, GET"),
    ],
)
def test_405_for_a_known_path_with_another_method(
    stack: Stack, method: str, path: str, allowed: str
) -> None:
    response = httpx.request(method, f"{stack.url}{path}", headers=AUTH)
    assert_error(response, 405)
    assert response.headers["allow"] == allowed
    assert response.json()["code"] == "METHOD_NOT_ALLOWED"
    assert path in response.json()["msg"]


def test_unknown_query_parameters_are_ignored(stack: Stack) -> None:
    assert httpx.get(f"{stack.url}/api/status?bogus=1").status_code == 200
    # the known ones are still read
    response = httpx.get(f"{stack.url}/api/history/jobs?page_size=100000&trace=1", headers=AUTH)
    assert_error(response, 400)


def test_413_for_a_multipart_body_over_the_gateway_limit(
    tmp_path: Path, engine: TransportEngine
) -> None:
    running = start_stack(tmp_path / "small", engine=engine)
    running.gateway.stop()
    small = Gateway(running.server.address, tmp_path, max_body=1024 * 1024).start()
    try:
        response = httpx.post(
            f"{small.url}/v4/smart/parse",
            files={"pdf_file": ("big.pdf", os.urandom(2 * 1024 * 1024), "application/pdf")},
            headers=AUTH,
            timeout=30,
        )
        assert_error(response, 413)
    finally:
        small.stop()
        running.stop()


def test_413_for_a_pdf_over_the_configured_cap(transport: Stack) -> None:
    too_big = transport.server.settings.max_upload_bytes + 1
    response = httpx.post(
        f"{transport.url}/v4/smart/parse",
        json={"pdf_file": base64.b64encode(b"%PDF" + bytes(too_big)).decode()},
        headers=AUTH,
        timeout=60,
    )
    assert_error(response, 413)


def test_413_for_a_json_body_beyond_the_message_limit(transport: Stack) -> None:
    limit = transport.server.settings.max_upload_bytes + 4 * 1024 * 1024
    response = httpx.post(
        f"{transport.url}/v4/smart/parse",
        json={"pdf_file": base64.b64encode(bytes(limit + 1024)).decode()},
        headers=AUTH,
        timeout=60,
    )
    assert_error(response, 413)


def test_500_hides_internals_and_names_the_request(transport: Stack) -> None:
    response = httpx.post(
        f"{transport.url}/v4/smart/parse",
        json={"pdf_file": base64.b64encode(b"%PDF-1.7").decode(), "password": "explode"},
        headers=AUTH,
    )
    body = assert_error(response, 500)
    assert "secret" not in body["msg"] and "sqlite" not in body["msg"]
    assert response.headers["x-request-id"] in body["msg"]


def test_500_not_503_when_the_server_is_down(tmp_path: Path) -> None:
    from tests.harness import free_port

    gateway = Gateway(f"127.0.0.1:{free_port()}", tmp_path).start(wait_for_upstream=False)
    try:
        response = httpx.get(f"{gateway.url}/api/status")
        assert_error(response, 500)
        with (
            grpc.insecure_channel(gateway.address) as channel,
            pytest.raises(grpc.RpcError) as info,
        ):
            status_pb2_grpc.StatusServiceStub(channel).GetStatus(status_pb2.GetStatusRequest())
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE  # native gRPC is untouched
    finally:
        gateway.stop()


def test_504_when_processing_outlives_the_route_timeout(hurried: Stack) -> None:
    response = httpx.post(
        f"{hurried.url}/v4/smart/parse",
        json={"pdf_file": base64.b64encode(b"%PDF-1.7").decode(), "password": "slow"},
        headers=AUTH,
        timeout=30,
    )
    assert_error(response, 504)
    # the server keeps serving
    assert httpx.get(f"{hurried.url}/api/status").status_code == 200


def test_native_grpc_sees_untouched_codes_and_details(stack: Stack) -> None:
    with grpc.insecure_channel(stack.gateway.address) as channel:
        stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
        with pytest.raises(grpc.RpcError) as info:
            stub.GetWorkflow(
                extraction_pb2.GetWorkflowRequest(workflow_id="wf_nobody"),
                metadata=tuple(AUTH.items()),
            )
    error = info.value
    assert error.code() == grpc.StatusCode.NOT_FOUND
    status = rpc_status.from_call(error)
    assert status is not None
    detail = error_details_pb2.ErrorInfo()
    assert status.details[0].Unpack(detail)
    assert detail.metadata["http_status"] == "404"
    assert not error.details().startswith("{")  # no REST body stuffed into grpc-message


# --- uploads -----------------------------------------------------------------------------------


def test_20mb_multipart_upload_arrives_byte_for_byte(
    transport: Stack, engine: TransportEngine
) -> None:
    payload = b"%PDF-1.7\n" + os.urandom(TWENTY_MB)
    response = httpx.post(
        f"{transport.url}/v4/cams_kfintech/parse",
        files={"pdf_file": ("cas.pdf", payload, "application/pdf")},
        data={"password": "secret"},
        headers=AUTH,
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert engine.received[-1] == payload
    assert response.json()["meta"]["cas_type"] == "CAMS_KFINTECH"


def test_20mb_json_upload_arrives_byte_for_byte(transport: Stack, engine: TransportEngine) -> None:
    payload = b"%PDF-1.7\n" + os.urandom(TWENTY_MB)
    response = httpx.post(
        f"{transport.url}/v4/nsdl/parse",
        json={"pdf_file": base64.b64encode(payload).decode(), "password": "secret"},
        headers=AUTH,
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert engine.received[-1] == payload
    assert response.json()["meta"]["cas_type"] == "NSDL"


def test_multipart_accepts_the_file_alias_and_answers_like_json(transport: Stack) -> None:
    pdf = b"%PDF-1.7 tiny"
    multipart = httpx.post(
        f"{transport.url}/v4/smart/parse", files={"file": ("a.pdf", pdf)}, headers=AUTH
    )
    as_json = httpx.post(
        f"{transport.url}/v4/smart/parse",
        json={"pdf_file": base64.b64encode(pdf).decode()},
        headers=AUTH,
    )
    assert multipart.status_code == as_json.status_code == 200
    assert multipart.json() == as_json.json()


def test_malformed_multipart_is_a_400(transport: Stack) -> None:
    response = httpx.post(
        f"{transport.url}/v4/smart/parse",
        content=b"--xyz\r\nthis is not a part",
        headers={**AUTH, "content-type": "multipart/form-data; boundary=xyz"},
    )
    assert_error(response, 400)


# --- streams ------------------------------------------------------------------------------------


def test_event_stream_arrives_incrementally_as_sse(stack: Stack) -> None:
    # An endless stream (count=0, so it needs credentials): if the gateway buffered it, no event
    # would ever arrive and the read timeout would fail the test.
    events: list[dict[str, Any]] = []
    with httpx.stream(
        "GET",
        f"{stack.url}/api/status/events?interval_seconds=1&count=0",
        headers=AUTH,
        timeout=10,
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert REQUEST_ID.match(response.headers["x-request-id"])
        for line in response.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[len("data: ") :]))
            if len(events) == 3:
                break
    assert [e["seq"] for e in events] == [1, 2, 3]


def test_event_stream_has_no_whole_stream_timeout(hurried: Stack) -> None:
    # The hurried gateway's unary route timeout is 1 s; this stream lasts longer.
    started = time.monotonic()
    with httpx.stream(
        "GET", f"{hurried.url}/api/status/events?interval_seconds=1&count=3", timeout=10
    ) as response:
        seqs = [
            json.loads(line[6:])["seq"]
            for line in response.iter_lines()
            if line.startswith("data: ")
        ]
    assert seqs == [1, 2, 3]
    assert time.monotonic() - started >= 2  # it really ran past the unary timeout


def test_native_grpc_streaming_through_the_gateway(stack: Stack) -> None:
    with grpc.insecure_channel(stack.gateway.address) as channel:
        stub = status_pb2_grpc.StatusServiceStub(channel)
        beats = list(stub.WatchStatus(status_pb2.WatchStatusRequest(interval_seconds=1, count=2)))
    assert [b.seq for b in beats] == [1, 2]


# --- access log ----------------------------------------------------------------------------------


def test_access_log_is_json_with_paths_status_and_request_id(stack: Stack) -> None:
    response = httpx.get(f"{stack.url}/api/status", headers={"x-request-id": "req_AccessLog99"})
    assert response.status_code == 200
    deadline = time.monotonic() + 10  # Envoy flushes stdout access logs on a timer
    entry = None
    while entry is None and time.monotonic() < deadline:
        for line in stack.gateway.access_log().splitlines():
            if line.startswith("{") and "req_AccessLog99" in line:
                entry = json.loads(line)
        time.sleep(0.2)
    assert entry is not None
    assert entry["rest_path"] == "/api/status"
    assert entry["grpc_method"] == "/casgate.v1.StatusService/GetStatus"
    assert entry["status"] == 200
    assert entry["request_id"] == "req_AccessLog99"


def test_access_log_never_holds_query_strings(stack: Stack) -> None:
    # a WebSocket token or a preview password travels in the query string
    httpx.get(
        f"{stack.url}/api/status?token=sekrit-token-123", headers={"x-request-id": "req_NoQuery1"}
    )
    deadline = time.monotonic() + 10
    lines: list[str] = []
    while not lines and time.monotonic() < deadline:
        lines = [line for line in stack.gateway.access_log().splitlines() if "req_NoQuery1" in line]
        time.sleep(0.2)
    assert lines and "sekrit-token-123" not in stack.gateway.access_log()
    assert json.loads(lines[0])["rest_path"] == "/api/status"
