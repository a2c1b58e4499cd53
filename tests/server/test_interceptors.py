"""The interceptor chain (request id, errors, authentication) on the real grpc.aio server in
process: what native gRPC clients see, without Envoy (tests/gateway covers the REST shaping)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from casgate.v1 import (
    parse_pb2,
    parse_pb2_grpc,
    status_pb2,
    status_pb2_grpc,
)
from server.status_codes import HTTP_STATUS_OF_CODE
from tests.conftest import OPERATOR_KEY, start_server_thread
from tests.harness import ServerThread

REQUEST_ID = re.compile(r"^req_[A-Za-z0-9]{6,64}$")
AUTH = (("x-api-key", OPERATOR_KEY),)


class ExplodingEngine:
    """An engine whose failure names internals the caller must never see."""

    async def __call__(self, data: bytes, password: str | None, *args: Any, **kw: Any) -> Any:
        raise RuntimeError("secret internal detail: /srv/casgate/db.sqlite")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("interceptors"), engine=ExplodingEngine())
    yield running
    running.stop()


@pytest.fixture
def channel(server: ServerThread) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(server.address) as opened:
        yield opened


def error_info(error: grpc.RpcError) -> error_details_pb2.ErrorInfo:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    info = error_details_pb2.ErrorInfo()
    assert status.details[0].Unpack(info)
    return info


def test_request_id_is_reused_when_valid_and_made_otherwise(channel: grpc.Channel) -> None:
    stub = status_pb2_grpc.StatusServiceStub(channel)
    _, call = stub.GetStatus.with_call(
        status_pb2.GetStatusRequest(), metadata=(("x-request-id", "req_NativeGrpc1"),)
    )
    assert dict(call.initial_metadata())["x-request-id"] == "req_NativeGrpc1"
    for bad in (None, "req_x", "not-an-id"):
        metadata = () if bad is None else (("x-request-id", bad),)
        _, call = stub.GetStatus.with_call(status_pb2.GetStatusRequest(), metadata=metadata)
        made = dict(call.initial_metadata())["x-request-id"]
        assert made != bad and REQUEST_ID.match(made)


@pytest.mark.parametrize("metadata", [(), (("x-api-key", "wrong"),)])
def test_unauthenticated_callers_get_401_info(
    channel: grpc.Channel, metadata: tuple[tuple[str, str], ...]
) -> None:
    stub = parse_pb2_grpc.ParseServiceStub(channel)
    with pytest.raises(grpc.RpcError) as refused:
        stub.SmartParse(parse_pb2.SmartParseRequest(pdf_file=b"%PDF-1.7"), metadata=metadata)
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert error_info(refused.value).metadata["http_status"] == "401"


def test_unexpected_errors_hide_internals_and_name_the_request(channel: grpc.Channel) -> None:
    stub = parse_pb2_grpc.ParseServiceStub(channel)
    with pytest.raises(grpc.RpcError) as failed:
        stub.SmartParse(
            parse_pb2.SmartParseRequest(pdf_file=b"%PDF-1.7"),
            metadata=(*AUTH, ("x-request-id", "req_Explode123")),
        )
    error = failed.value
    assert error.code() == grpc.StatusCode.INTERNAL
    assert "secret" not in error.details() and "sqlite" not in error.details()
    assert "req_Explode123" in error.details()


def test_a_method_the_server_does_not_have_answers_unimplemented_with_501(
    channel: grpc.Channel,
) -> None:
    """Every declared method is built; a client with a newer contract still gets a clear 501."""
    missing = channel.unary_unary("/casgate.v1.FetchService/NotAMethod")
    with pytest.raises(grpc.RpcError) as info:
        missing(b"", metadata=AUTH)
    assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert HTTP_STATUS_OF_CODE[info.value.code().value[0]] == 501
