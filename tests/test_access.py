"""Access policy lives in the protos (``(casgate.v1.access)``) and fails closed without it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, empty_pb2

from casgate.v1 import options_pb2
from core.accounts import Principal
from core.errors import Forbidden
from server import contract
from server.auth import Access, policy_for
from server.interceptors import AuthInterceptor, ErrorInterceptor, RequestIdInterceptor

#: a service added to the default pool by this test only: its method states no policy
UNGUARDED = "/casgate.v1.UnguardedTestService/Open"


def _add_unguarded_service() -> None:
    try:
        descriptor_pool.Default().FindServiceByName("casgate.v1.UnguardedTestService")
        return
    except KeyError:
        pass
    file = descriptor_pb2.FileDescriptorProto(
        name="casgate/v1/unguarded_test.proto", package="casgate.v1", syntax="proto3"
    )
    file.dependency.append(empty_pb2.DESCRIPTOR.name)
    service = file.service.add(name="UnguardedTestService")
    service.method.add(
        name="Open", input_type=".google.protobuf.Empty", output_type=".google.protobuf.Empty"
    )
    descriptor_pool.Default().AddSerializedFile(file.SerializeToString())


def test_every_method_states_its_access_policy() -> None:
    methods = [m for s in contract.services() for m in s.methods]
    assert len(methods) > 50
    stated = {Access(contract.access_of(m)) for m in methods}  # ValueError if one is unset
    assert stated == set(Access)


def test_policies_read_from_the_protos() -> None:
    assert policy_for("/casgate.v1.AccountService/Login") is Access.PUBLIC
    assert policy_for("/casgate.v1.StatusService/WatchStatus") is Access.OPTIONAL
    assert policy_for("/casgate.v1.AccountService/GetCredits") is Access.NO_ACCESS_TOKEN
    assert policy_for("/casgate.v1.ParseService/SmartParse") is Access.CLIENT
    assert policy_for("/casgate.v1.UploadService/UploadSmartParse") is Access.CLIENT


def test_the_python_policy_is_the_proto_enum() -> None:
    in_proto = {
        v.name.removeprefix("ACCESS_"): v.number for v in options_pb2.Access.DESCRIPTOR.values
    }
    assert {a.name: a.value for a in Access} == {k: v for k, v in in_proto.items() if v}


def test_an_unknown_or_unannotated_method_is_refused() -> None:
    _add_unguarded_service()
    with pytest.raises(Forbidden):
        policy_for("/casgate.v1.ParseService/SmartParseRenamed")
    with pytest.raises(Forbidden):
        policy_for(UNGUARDED)


class _Recorder:
    """An authenticator that records the policies it was asked to enforce and lets all in."""

    def __init__(self) -> None:
        self.asked: list[Access] = []

    async def authenticate(
        self, metadata: dict[str, str], access: Access, *, client: str | None = None
    ) -> Principal | None:
        self.asked.append(access)
        return None


async def _serve(authenticator: _Recorder, reached: list[str]) -> AsyncIterator[str]:
    async def open_(request: bytes, context: Any) -> bytes:
        reached.append("open")
        return b""

    server = grpc.aio.server(
        interceptors=[RequestIdInterceptor(), ErrorInterceptor(), AuthInterceptor(authenticator)]
    )
    service, _, method = UNGUARDED.lstrip("/").partition("/")
    handler = grpc.unary_unary_rpc_method_handler(open_)
    server.add_generic_rpc_handlers(
        [grpc.method_handlers_generic_handler(service, {method: handler})]
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        await server.stop(None)


async def test_the_server_refuses_a_method_without_a_policy() -> None:
    _add_unguarded_service()
    authenticator, reached = _Recorder(), []
    async for address in _serve(authenticator, reached):
        async with grpc.aio.insecure_channel(address) as channel:
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await channel.unary_unary(UNGUARDED)(b"")
    assert refused.value.code() is grpc.StatusCode.PERMISSION_DENIED
    assert reached == [] and authenticator.asked == []
