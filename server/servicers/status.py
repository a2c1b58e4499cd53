"""StatusService: identity, liveness and dependency health."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import grpc

from casgate.v1 import status_pb2, status_pb2_grpc
from core import health
from core.errors import Unauthenticated
from core.settings import Settings
from core.version import VERSION

from ..call import current_call

Context = grpc.aio.ServicerContext[Any, Any]


class StatusServicer(status_pb2_grpc.StatusServiceServicer):
    def __init__(self, settings: Settings, checks: dict[str, health.Check]) -> None:
        self._settings = settings
        self._checks = checks
        self._started = time.monotonic()

    async def GetServiceInfo(
        self, request: status_pb2.GetServiceInfoRequest, context: Context
    ) -> status_pb2.GetServiceInfoResponse:
        return status_pb2.GetServiceInfoResponse(name="casgate", version=VERSION, status="ok")

    async def GetStatus(
        self, request: status_pb2.GetStatusRequest, context: Context
    ) -> status_pb2.GetStatusResponse:
        return status_pb2.GetStatusResponse(
            status="ok", version=VERSION, uptime_seconds=time.monotonic() - self._started
        )

    async def WatchStatus(
        self, request: status_pb2.WatchStatusRequest, context: Context
    ) -> AsyncIterator[status_pb2.WatchStatusResponse]:
        anonymous_cap = self._settings.anonymous_status_beats
        if current_call().principal is None and not 0 < request.count <= anonymous_cap:
            raise Unauthenticated(
                f"Status streams of more than {anonymous_cap} beats (or endless ones, count 0) "
                "need credentials: send your API key in the x-api-key header"
            )
        interval = min(max(request.interval_seconds or 5, 1), 60)
        seq = 0
        while request.count <= 0 or seq < request.count:
            if seq:
                await asyncio.sleep(interval)
            seq += 1
            yield status_pb2.WatchStatusResponse(
                seq=seq,
                status="ok",
                uptime_seconds=time.monotonic() - self._started,
                at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            )

    async def GetHealth(
        self, request: status_pb2.GetHealthRequest, context: Context
    ) -> status_pb2.GetHealthResponse:
        probes = [await health.timed(name, check) for name, check in self._checks.items()]
        return status_pb2.GetHealthResponse(
            status=health.overall(probes),
            dependencies=[
                status_pb2.DependencyHealth(
                    name=p.name, status=p.status, latency_ms=p.latency_ms, detail=p.detail
                )
                for p in probes
            ],
        )
