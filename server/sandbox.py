"""The sandbox key's answers: sample data of every endpoint's documented shape.

``SandboxInterceptor`` sits after authentication; for a sandbox principal it answers from
:mod:`server.sandbox_samples` without calling the servicer (no PDF needed, no account touched).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from google.protobuf.message import Message

from core.accounts import Principal

from . import sandbox_samples
from .call import current_call
from .interceptors import Context, Stream, Unary, WrappingInterceptor
from .servicers.upload import to_json_body, twin_of


def _method_key(full_method: str) -> str:
    """``/casgate.v1.ParseService/SmartParse`` → ``ParseService/SmartParse``."""
    service, _, method = full_method.lstrip("/").partition("/")
    return f"{service.rsplit('.', 1)[-1]}/{method}"


def _response_class(key: str) -> type[Message]:
    service, method = key.split("/")
    descriptor = descriptor_pool.Default().FindMethodByName(f"casgate.v1.{service}.{method}")
    return message_factory.GetMessageClass(descriptor.output_type)


def sample_response(full_method: str) -> Message | None:
    """The sandbox answer of a method, as its response message; None when it has none."""
    key = _method_key(full_method)
    if key.startswith("UploadService/"):
        twin = twin_of(key.split("/")[1])
        answer = sample_response(f"/casgate.v1.{twin}")
        if answer is None:
            return None
        return _response_class(key)(body=to_json_body(answer))
    data = sandbox_samples.sample_for(key)
    return None if data is None else json_format.ParseDict(data, _response_class(key)())


def _is_sandbox() -> bool:
    principal = current_call().principal
    return isinstance(principal, Principal) and principal.is_sandbox


class SandboxInterceptor(WrappingInterceptor):
    def wrap_unary(self, behavior: Unary, details: grpc.HandlerCallDetails) -> Unary:
        async def run(request: Any, context: Context) -> Any:
            if _is_sandbox():
                answer = sample_response(current_call().method)
                if answer is not None:
                    return answer
            return await behavior(request, context)

        return run

    def wrap_stream(self, behavior: Stream, details: grpc.HandlerCallDetails) -> Stream:
        async def run(request: Any, context: Context) -> AsyncIterator[Any]:
            if _is_sandbox() and current_call().method.endswith("BatchService/WatchBatch"):
                response_class = _response_class("BatchService/WatchBatch")
                for event in sandbox_samples.sample_events(request.job_id or "job_sandbox0001"):
                    yield json_format.ParseDict(event, response_class())
                return
            async for message in behavior(request, context):
                yield message

        return run
