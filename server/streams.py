"""A bound on the event streams one client holds open at once (``max_streams_per_client``).

A stream is held by its caller: the account when the call is authenticated, else the network
address (see ``server.client_address``). The count lives in this process: each server process
enforces the bound on the streams it serves.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import grpc

from core.accounts import Principal
from core.errors import RateLimited

from .call import current_call
from .interceptors import Context, Stream, Unary, WrappingInterceptor


class StreamSlots:
    """Open streams per client, refused past ``limit``."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._open: Counter[str] = Counter()
        self._lock = threading.Lock()

    def acquire(self, client: str) -> None:
        """Take one of ``client``'s slots; ``RateLimited`` when all are taken."""
        with self._lock:
            if self._open[client] >= self._limit:
                raise RateLimited(
                    f"Too many open event streams: at most {self._limit} at once per client",
                    retry_after=5,
                )
            self._open[client] += 1

    def release(self, client: str) -> None:
        with self._lock:
            self._open[client] -= 1
            if not self._open[client]:
                del self._open[client]

    @contextmanager
    def hold(self, client: str) -> Iterator[None]:
        self.acquire(client)
        try:
            yield
        finally:
            self.release(client)


def stream_holder(principal: object, client: str) -> str:
    """Whose stream a call is: its account, else its address."""
    if isinstance(principal, Principal) and not principal.is_sandbox:
        return f"account:{principal.account_id}"
    return f"address:{client}"


class StreamLimitInterceptor(WrappingInterceptor):
    """Holds one of the caller's stream slots for as long as a streaming call runs."""

    def __init__(self, slots: StreamSlots) -> None:
        self._slots = slots

    def wrap_unary(self, behavior: Unary, details: grpc.HandlerCallDetails) -> Unary:
        return behavior

    def wrap_stream(self, behavior: Stream, details: grpc.HandlerCallDetails) -> Stream:
        async def run(request: Any, context: Context) -> AsyncIterator[Any]:
            call = current_call()
            with self._slots.hold(stream_holder(call.principal, call.client)):
                async for message in behavior(request, context):
                    yield message

        return run
