"""The sandbox key on every data method of the real grpc.aio server in process (no Envoy):
each answers sample data, with path fields filled as a REST caller would fill them.
tests/gateway/test_sandbox_and_limits.py keeps one REST route per service, multipart and SSE."""

from __future__ import annotations

import re
from collections.abc import Iterator

import grpc
import pytest
from google.api import annotations_pb2
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import MethodDescriptor

import server.app  # noqa: F401  (registers every casgate.v1 descriptor)
from core.accounts import SANDBOX_API_KEY
from tests.conftest import start_server_thread
from tests.harness import ServerThread

SANDBOX = (("x-api-key", SANDBOX_API_KEY),)
SERVICES = ("Parse", "Fetch", "Inbox", "InboundEmail", "Account", "Batch", "History", "Extraction")
#: answer users and tokens for what they are; the sandbox only stands in for data methods
NOT_SANDBOXED = {
    "Register", "Login", "RefreshToken", "Logout", "GetMe", "CreateApiKey", "ListApiKeys",
    "RevokeApiKey", "VerifyAccessToken", "GetBatchTemplate", "WatchBatch",
    "CompleteInboxConnection",  # the providers' browser redirect, public: no data to stand in for
}  # fmt: skip
#: samples that are an empty list on purpose (the sandbox runs no batches)
EMPTY_SAMPLES = {"ListActiveBatches"}


def data_methods() -> list[MethodDescriptor]:
    pool = descriptor_pool.Default()
    return [
        method
        for service in SERVICES
        for method in pool.FindServiceByName(f"casgate.v1.{service}Service").methods
        if method.name not in NOT_SANDBOXED
    ]


def path_fields(method: MethodDescriptor) -> set[str]:
    """The request fields the method's REST path carries (``{job_id}`` and the like)."""
    rule = method.GetOptions().Extensions[annotations_pb2.http]
    fields: set[str] = set()
    for binding in [rule, *rule.additional_bindings]:
        path = getattr(binding, binding.WhichOneof("pattern"))
        fields.update(re.findall(r"\{([^}=]+)", path))
    return fields


@pytest.fixture(scope="module")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("sandbox"), settings={"sandbox_rate_limit_per_minute": 1000}
    )
    yield running
    running.stop()


def test_the_sweep_covers_every_data_method() -> None:
    assert len(data_methods()) > 40


@pytest.mark.parametrize("method", data_methods(), ids=lambda m: m.name)
def test_sandbox_answers_every_data_method_with_sample_data(
    sandbox_server: ServerThread, method: MethodDescriptor
) -> None:
    request_type = message_factory.GetMessageClass(method.input_type)
    response_type = message_factory.GetMessageClass(method.output_type)
    request = request_type(**{name: "sandbox1" for name in path_fields(method)})
    with grpc.insecure_channel(sandbox_server.address) as channel:
        call = channel.unary_unary(
            f"/{method.containing_service.full_name}/{method.name}",
            request_serializer=request_type.SerializeToString,
            response_deserializer=response_type.FromString,
        )
        answer = call(request, metadata=SANDBOX, timeout=30)
    assert answer.ByteSize() > 0 or method.name in EMPTY_SAMPLES, "an empty sample is no sample"
    if "status" in answer.DESCRIPTOR.fields_by_name:
        assert answer.status != "failed"
