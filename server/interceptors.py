"""The interceptors every casgate RPC passes through, outermost first:

1. ``RequestIdInterceptor``: reuse a valid ``x-request-id`` or make one, start the call state,
   and send it as initial metadata with every answer.
2. ``ErrorInterceptor``: domain errors become their gRPC status and ErrorInfo; anything
   unexpected is logged with the request id and answered as a bare 500.
3. ``AuthInterceptor``: authenticate the caller as the method's access policy requires.
4. ``TextFieldInterceptor`` (``text_fields.py``): refuse control characters in text fields.

Only ``/casgate.`` methods are wrapped; health and reflection pass untouched.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, cast

import grpc
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.errors import (
    REDIS_UNAVAILABLE,
    CasgateError,
    InternalError,
    NotImplementedYet,
    ServiceUnavailable,
)

from .auth import Authenticator, policy_for
from .call import CallState, begin_call, current_call, request_id_from
from .client_address import client_address, peer_host
from .status_codes import to_rpc_status

log = logging.getLogger("casgate.server")

Context = grpc.aio.ServicerContext[Any, Any]
Unary = Callable[[Any, Context], Awaitable[Any]]
Stream = Callable[[Any, Context], AsyncIterator[Any]]


class WrappingInterceptor(grpc.aio.ServerInterceptor):
    """Wraps the behaviour of unary-unary and unary-stream casgate methods."""

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Any, Any] | None]
        ],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any] | None:
        handler = await continuation(details)
        method: str = details.method
        if handler is None or not method.startswith("/casgate."):
            return handler
        if handler.unary_unary is not None:
            return grpc.unary_unary_rpc_method_handler(
                # grpc.aio calls these behaviours as coroutines; the stubs type them as sync.
                self.wrap_unary(cast(Unary, handler.unary_unary), details),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream is not None:
            return grpc.unary_stream_rpc_method_handler(
                self.wrap_stream(cast(Stream, handler.unary_stream), details),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return handler

    def wrap_unary(self, behavior: Unary, details: grpc.HandlerCallDetails) -> Unary:
        raise NotImplementedError

    def wrap_stream(self, behavior: Stream, details: grpc.HandlerCallDetails) -> Stream:
        raise NotImplementedError


class RequestIdInterceptor(WrappingInterceptor):
    def _begin(self, details: grpc.HandlerCallDetails) -> None:
        metadata = {
            k.lower(): v for k, v in (details.invocation_metadata or ()) if isinstance(v, str)
        }
        method: str = details.method
        begin_call(
            CallState(method=method, request_id=request_id_from(metadata), metadata=metadata)
        )

    def wrap_unary(self, behavior: Unary, details: grpc.HandlerCallDetails) -> Unary:
        async def run(request: Any, context: Context) -> Any:
            self._begin(details)
            response = await behavior(request, context)
            await current_call().send_headers(context)
            return response

        return run

    def wrap_stream(self, behavior: Stream, details: grpc.HandlerCallDetails) -> Stream:
        async def run(request: Any, context: Context) -> AsyncIterator[Any]:
            self._begin(details)
            async for message in behavior(request, context):
                await current_call().send_headers(context)
                yield message

        return run


class ErrorInterceptor(WrappingInterceptor):
    async def _abort(
        self, context: Context, error: BaseException, *, headers_first: bool = True
    ) -> None:
        call = current_call()
        if isinstance(error, NotImplementedError):
            error = NotImplementedYet(f"{call.rest_path} is not available yet")
        if isinstance(error, RedisConnectionError | RedisTimeoutError):
            log.warning(
                "Redis unavailable in %s (request id %s): %s", call.method, call.request_id, error
            )
            error = ServiceUnavailable(REDIS_UNAVAILABLE)
        if not isinstance(error, CasgateError):
            log.error(
                "unexpected error in %s (request id %s)",
                call.method,
                call.request_id,
                exc_info=(type(error), error, error.__traceback__),
            )
            error = InternalError(f"Internal server error (request id {call.request_id})")
        if "retry_after" in error.extra:
            call.response_headers.append(("retry-after", error.extra["retry_after"]))
        call.http_status = error.http_status
        status = to_rpc_status(error)
        trailers = tuple(status.trailing_metadata)
        if headers_first:
            await call.send_headers(context)
        elif not call.headers_sent:
            # A trailers-only answer: the gateway can still give the REST client the error's
            # own status instead of an event stream's 200; the headers ride in the trailers.
            trailers = (("x-request-id", call.request_id), *call.response_headers, *trailers)
        await context.abort(status.code, status.details, trailers)

    def wrap_unary(self, behavior: Unary, details: grpc.HandlerCallDetails) -> Unary:
        async def run(request: Any, context: Context) -> Any:
            try:
                return await behavior(request, context)
            except (asyncio.CancelledError, grpc.aio.AbortError):
                raise
            except Exception as error:
                await self._abort(context, error)

        return run

    def wrap_stream(self, behavior: Stream, details: grpc.HandlerCallDetails) -> Stream:
        async def run(request: Any, context: Context) -> AsyncIterator[Any]:
            try:
                async for message in behavior(request, context):
                    yield message
            except (asyncio.CancelledError, grpc.aio.AbortError):
                raise
            except Exception as error:
                await self._abort(context, error, headers_first=False)

        return run


class AuthInterceptor(WrappingInterceptor):
    def __init__(self, authenticator: Authenticator, gateway_secret: str) -> None:
        self._authenticator = authenticator
        self._gateway_secret = gateway_secret

    async def _authenticate(self, context: Context) -> None:
        call = current_call()
        call.client = client_address(call.metadata, peer_host(context.peer()), self._gateway_secret)
        call.principal = await self._authenticator.authenticate(
            call.metadata, policy_for(call.method), client=call.client
        )

    def wrap_unary(self, behavior: Unary, details: grpc.HandlerCallDetails) -> Unary:
        async def run(request: Any, context: Context) -> Any:
            await self._authenticate(context)
            return await behavior(request, context)

        return run

    def wrap_stream(self, behavior: Stream, details: grpc.HandlerCallDetails) -> Stream:
        async def run(request: Any, context: Context) -> AsyncIterator[Any]:
            await self._authenticate(context)
            async for message in behavior(request, context):
                yield message

        return run
