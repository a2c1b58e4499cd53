"""The gateway under attack: anonymous bodies refused on their headers, a fixed heap limit that
answers 503 instead of growing, and an admin interface only the operator can reach."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import httpx
import pytest

from casgate.v1 import parse_pb2, parse_pb2_grpc, status_pb2, status_pb2_grpc
from tests.conftest import OPERATOR_KEY, Stack, start_stack
from tests.harness import Gateway, free_port

pytestmark = pytest.mark.e2e  # through the real Envoy gateway

AUTH = {"x-api-key": OPERATOR_KEY}
#: the attack's body size: 45 MB of JSON, of which only the first part is ever sent
DECLARED = 45 * 1024 * 1024
SENT = 256 * 1024


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("gateway_limits"))
    yield running
    running.stop()


def _post_headers(path: str, extra: str = "") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nhost: casgate\r\ncontent-type: application/json\r\n"
        f"content-length: {DECLARED}\r\n{extra}\r\n"
    ).encode()


def _answer_without_the_body(port: int, path: str, extra: str = "") -> tuple[int, dict, int]:
    """Send a request's headers and a small part of its declared 45 MB body, then read the
    answer: ``(status, json body, body bytes sent)``. The gateway answers while nearly all of
    the body is still unsent, so it cannot have buffered it."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(_post_headers(path, extra))
        sock.sendall(b'{"pdf_file": "' + b"A" * (SENT - 14))
        reply = b""
        while b"\r\n\r\n" not in reply or len(reply.split(b"\r\n\r\n", 1)[1]) < 2:
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return status, json.loads(body[:length]), SENT


def test_an_anonymous_45_mb_body_is_refused_on_its_headers(stack: Stack) -> None:
    status, body, sent = _answer_without_the_body(stack.gateway.port, "/v4/smart/parse")
    assert status == 401 and sent < DECLARED
    assert body["status"] == "failed" and "Missing credentials" in body["msg"]


def test_sixteen_concurrent_anonymous_bodies_leave_the_gateway_heap_flat(stack: Stack) -> None:
    def heap() -> int:
        memory = httpx.get(f"http://127.0.0.1:{stack.gateway.admin_port}/memory").json()
        return int(memory["allocated"])

    before = heap()
    with ThreadPoolExecutor(16) as pool:
        answers = list(
            pool.map(
                lambda _: _answer_without_the_body(stack.gateway.port, "/api/batch/start"),
                range(16),
            )
        )
    assert [status for status, _, _ in answers] == [401] * 16
    # 16 buffered bodies of even the part that was sent would be 4 MiB more
    assert heap() - before < 16 * SENT


def test_credentials_of_any_kind_pass_the_gate_to_the_server(stack: Stack) -> None:
    # the gate only looks for credentials; the server judges them (its own message, not the gate's)
    for headers in ({"x-api-key": "cg_not_a_key"}, {"authorization": "Bearer not.a.jwt"}):
        response = httpx.post(f"{stack.url}/v4/smart/parse", json={}, headers=headers)
        assert response.status_code == 401
        assert "Missing credentials" not in response.json()["msg"]
    assert httpx.post(f"{stack.url}/v1/credits", json={}, headers=AUTH).status_code == 200


def test_public_paths_need_no_credentials_and_others_do(stack: Stack) -> None:
    assert httpx.get(f"{stack.url}/api/health", timeout=30).status_code == 200
    assert httpx.get(f"{stack.url}/").status_code == 200
    refused = httpx.post(f"{stack.url}/v1/credits", json={})
    assert refused.status_code == 401 and refused.json()["status"] == "failed"
    assert refused.headers["x-request-id"].startswith("req_")
    bearer_without_token = httpx.post(
        f"{stack.url}/v1/credits", json={}, headers={"authorization": "Bearer"}
    )
    assert bearer_without_token.status_code == 401


def test_native_grpc_without_credentials_is_unauthenticated_at_the_gateway(stack: Stack) -> None:
    with grpc.insecure_channel(stack.gateway.address) as channel:
        status = status_pb2_grpc.StatusServiceStub(channel).GetStatus(status_pb2.GetStatusRequest())
        assert status.status == "ok"
        with pytest.raises(grpc.RpcError) as info:
            parse_pb2_grpc.ParseServiceStub(channel).SmartParse(
                parse_pb2.SmartParseRequest(pdf_file=b"x" * 1024)
            )
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "Missing credentials" in (info.value.details() or "")


def test_an_overloaded_gateway_answers_503_instead_of_growing(stack: Stack, tmp_path: Path) -> None:
    # a heap limit below what Envoy already uses at rest: it is overloaded from the start
    tight = Gateway(stack.server.address, tmp_path, max_heap_mb=1).start(wait_for_upstream=False)
    try:
        _wait_for_stat(tight, "overload.envoy.overload_actions.stop_accepting_requests.active", 1)
        response = httpx.get(f"{tight.url}/api/health")
        assert response.status_code == 503
        assert response.json() == {
            "status": "failed",
            "msg": "The gateway is overloaded; retry shortly",
        }
        with (
            grpc.insecure_channel(tight.address) as channel,
            pytest.raises(grpc.RpcError) as info,
        ):
            status_pb2_grpc.StatusServiceStub(channel).GetStatus(status_pb2.GetStatusRequest())
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        tight.stop()


def _wait_for_stat(gateway: Gateway, name: str, value: int) -> None:
    """Until the overload manager's next refresh has set ``name`` to ``value``."""
    for _ in range(200):
        stats = httpx.get(f"http://127.0.0.1:{gateway.admin_port}/stats?filter={name}").text
        if f"{name}: {value}" in stats:
            return
        time.sleep(0.05)
    raise AssertionError(f"{name} never became {value}")


def test_the_admin_interface_can_be_turned_off(stack: Stack, tmp_path: Path) -> None:
    closed = Gateway(stack.server.address, tmp_path, admin=False).start()
    try:
        assert httpx.get(f"{closed.url}/").status_code == 200
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{closed.admin_port}/config_dump")
        with pytest.raises(httpx.ConnectError):
            httpx.post(f"http://127.0.0.1:{closed.admin_port}/quitquitquit")
    finally:
        closed.stop()


def test_the_admin_interface_listens_on_loopback_only(stack: Stack) -> None:
    config = httpx.get(f"http://127.0.0.1:{stack.gateway.admin_port}/server_info").json()
    assert config["state"] == "LIVE"
    outside = _non_loopback_address()
    if outside is None:
        pytest.skip("this machine has no non-loopback address to try")
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://{outside}:{stack.gateway.admin_port}/ready", timeout=3)


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", free_port()))  # no packet is sent for UDP connect
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address
