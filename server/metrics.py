"""The server's Prometheus side: an interceptor counting and timing every casgate call, and
the ``/metrics`` endpoint on its own (private) address, apart from the gateway."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from wsgiref.simple_server import WSGIServer

import grpc
from prometheus_client import start_http_server

from core import metrics
from core.settings import Settings

from .call import current_call
from .interceptors import Context, Stream, Unary, WrappingInterceptor
from .servicers.upload import twin_of

log = logging.getLogger("casgate.metrics")

#: the status of a call whose client went away before the answer (nginx's convention)
CLIENT_CLOSED = 499


@lru_cache(maxsize=512)
def method_label(method: str) -> str:
    """``/casgate.v1.ParseService/SmartParse`` → ``ParseService/SmartParse``; a multipart
    twin counts as the method it stands in for (``UploadService/UploadSmartParse`` too)."""
    label = method.rsplit(".", 1)[-1]
    service, _, name = label.partition("/")
    if service == "UploadService":
        try:
            return twin_of(name)
        except LookupError:
            return label
    return label


def _observe(method: str, started: float, status: int) -> None:
    metrics.REQUESTS.labels(method, str(status)).inc()
    metrics.REQUEST_SECONDS.labels(method).observe(time.perf_counter() - started)


class MetricsInterceptor(WrappingInterceptor):
    """Counts each call by method and REST status and times it. Sits inside the request-id
    interceptor (it reads the call's state) and outside the error interceptor (it sees the
    status an error was answered with)."""

    def wrap_unary(self, behavior: Unary, details: grpc.HandlerCallDetails) -> Unary:
        method = method_label(details.method)

        async def run(request: Any, context: Context) -> Any:
            with _observed(method):
                return await behavior(request, context)

        return run

    def wrap_stream(self, behavior: Stream, details: grpc.HandlerCallDetails) -> Stream:
        method = method_label(details.method)

        async def run(request: Any, context: Context) -> AsyncIterator[Any]:
            with _observed(method):
                async for message in behavior(request, context):
                    yield message

        return run


@contextmanager
def _observed(method: str) -> Iterator[None]:
    """Count and time the call inside: its status is the call's (an error's once the error
    interceptor answered it), or ``CLIENT_CLOSED`` when it was cut short (cancelled, closed)."""
    started, status = time.perf_counter(), CLIENT_CLOSED
    try:
        yield
        status = current_call().http_status
    except grpc.aio.AbortError:
        status = current_call().http_status
        raise
    finally:
        _observe(method, started, status)


@dataclass
class MetricsEndpoint:
    """A running ``/metrics`` listener."""

    server: WSGIServer
    thread: threading.Thread

    @property
    def port(self) -> int:
        return int(self.server.server_port)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def start_metrics_endpoint(settings: Settings, port: int | None = None) -> MetricsEndpoint | None:
    """Serve ``settings``' metrics on ``metrics_host:metrics_port`` (``port`` overrides; 0
    picks a free one), or nothing when the setting is 0 and no port is given."""
    chosen = settings.metrics_port if port is None else port
    if port is None and chosen == 0:
        return None
    try:
        server, thread = start_http_server(
            chosen, addr=settings.metrics_host, registry=metrics.registry_for(settings)
        )
    except OSError as error:  # the API matters more than its metrics: serve on, loudly
        log.error(
            "metrics endpoint not started on %s:%d: %s (CASGATE_METRICS_PORT)",
            settings.metrics_host,
            chosen,
            error.strerror or error,
        )
        return None
    log.info("metrics on http://%s:%d/metrics", settings.metrics_host, server.server_port)
    return MetricsEndpoint(server, thread)
