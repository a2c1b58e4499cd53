"""Event streams cannot be hoarded: anonymous heartbeats are short, and each client holds a
bounded number of streams at once."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import ExitStack

import grpc
import httpx
import pytest
from websockets.sync.client import connect

from casgate.v1 import status_pb2, status_pb2_grpc
from tests.conftest import OPERATOR_KEY, Stack, start_stack

pytestmark = pytest.mark.e2e  # through the real Envoy gateway

AUTH = {"x-api-key": OPERATOR_KEY}
LIMIT = 2


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("streams"),
        settings={"max_streams_per_client": LIMIT, "anonymous_status_beats": 3},
    )
    yield running
    running.stop()


def _events_url(stack: Stack, count: int) -> str:
    return f"{stack.url}/api/status/events?interval_seconds=1&count={count}"


def _first_event(lines: Iterator[str]) -> dict:
    """The first event of a stream's lines. Pass an iterator that outlives the call: closing
    httpx's line iterator early closes the connection, which would end the stream."""
    for line in lines:
        if line.startswith("data: "):
            return dict(json.loads(line[len("data: ") :]))
    raise AssertionError("the stream ended without an event")


def test_endless_or_long_anonymous_status_streams_need_credentials(stack: Stack) -> None:
    for count in (0, 4):
        refused = httpx.get(_events_url(stack, count), timeout=10)
        assert refused.status_code == 401, count
        assert "need credentials" in refused.json()["msg"]
    short = httpx.get(_events_url(stack, 1), timeout=10)
    assert short.status_code == 200 and '"seq":1' in short.text
    with httpx.stream("GET", _events_url(stack, 0), headers=AUTH, timeout=10) as endless:
        assert _first_event(endless.iter_lines())["seq"] == 1


def test_a_client_holds_a_bounded_number_of_streams(stack: Stack) -> None:
    open_lines = []
    with ExitStack() as held, httpx.Client(timeout=10) as client:
        for _ in range(LIMIT):
            stream = held.enter_context(client.stream("GET", _events_url(stack, 0), headers=AUTH))
            open_lines.append(stream.iter_lines())
            assert _first_event(open_lines[-1])["seq"] == 1  # the server has taken its slot
        refused = client.get(_events_url(stack, 0), headers=AUTH)
        assert refused.status_code == 429
        assert "Too many open event streams" in refused.json()["msg"]
        # native gRPC streams count against the same bound
        with grpc.insecure_channel(stack.gateway.address) as channel:
            beats = status_pb2_grpc.StatusServiceStub(channel).WatchStatus(
                status_pb2.WatchStatusRequest(interval_seconds=1, count=0),
                metadata=[("x-api-key", OPERATOR_KEY)],
            )
            with pytest.raises(grpc.RpcError) as info:
                next(beats)
            assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        # so do WebSocket streams: the first frame says why, then the socket closes
        job = client.post(
            f"{stack.url}/api/batch/start",
            json={"name": "ws", "sources": [{"url": "http://127.0.0.1:9/statement.pdf"}]},
            headers=AUTH,
        ).json()
        socket_url = stack.url.replace("http://", "ws://")
        with connect(f"{socket_url}/api/batch/ws/{job['job_id']}?token={OPERATOR_KEY}") as ws:
            first = json.loads(ws.recv(timeout=10))
        assert first["type"] == "failed" and "Too many open event streams" in first["error"]
    # the held streams are closed: their slots come free once the server has seen them go
    for _ in range(100):
        again = httpx.get(_events_url(stack, 2), headers=AUTH, timeout=10)
        if again.status_code != 429:
            break
        time.sleep(0.05)
    assert again.status_code == 200 and '"seq":2' in again.text
