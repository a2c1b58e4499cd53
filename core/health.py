"""Probes of the dependencies a running casgate needs, each timed."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .settings import Settings

#: Below this much free space on the data folder the disk is reported degraded.
MIN_FREE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Probe:
    """Outcome of probing one dependency."""

    name: str
    status: str  # ok, degraded or down
    latency_ms: float
    detail: str


Check = Callable[[], Awaitable[tuple[str, str]]]


async def timed(name: str, check: Check, timeout: float = 2.0) -> Probe:
    """Run one check with a time limit; an exception or a timeout means ``down``."""
    started = time.perf_counter()
    try:
        status, detail = await asyncio.wait_for(check(), timeout)
    except TimeoutError:
        status, detail = "down", f"no answer within {timeout:g} s"
    except Exception as error:  # a probe must never take the health endpoint down with it
        status, detail = "down", type(error).__name__
    return Probe(name, status, (time.perf_counter() - started) * 1000, detail)


def disk_check(settings: Settings) -> Check:
    async def check() -> tuple[str, str]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(settings.data_dir).free
        status = "ok" if free >= MIN_FREE_BYTES else "degraded"
        return status, f"{free // (1024 * 1024)} MiB free"

    return check


def ocr_check(settings: Settings) -> Check:
    """Tesseract's version and languages, and whether the EasyOCR fallback is usable."""

    async def check() -> tuple[str, str]:
        from .ocr.health import ocr_status

        return await asyncio.to_thread(ocr_status, settings)

    return check


def cache_check(settings: Settings) -> Check:
    async def check() -> tuple[str, str]:
        if not settings.redis_url:
            return "ok", "in-process"
        from redis.asyncio import Redis

        client = Redis.from_url(settings.redis_url)
        try:
            await client.ping()
        finally:
            await client.aclose()
        return "ok", "redis"

    return check


#: a dependency switched off by configuration: not a fault, so not ``degraded``
OFF = "off"


def overall(probes: list[Probe]) -> str:
    """``ok`` when every probe is ok (or switched off), else ``degraded``."""
    return "ok" if all(p.status in ("ok", OFF) for p in probes) else "degraded"


def batch_workers_check(settings: Settings) -> Check:
    """Who runs batch documents: the server itself (embedded), or Dramatiq workers, counted by
    their heartbeats in Redis; none alive is ``down`` (queued documents would wait)."""

    async def check() -> tuple[str, str]:
        if settings.batch_executor != "dramatiq":
            return "ok", f"embedded: {settings.parse_workers} document worker(s) in the server"
        from .batch.heartbeat import alive_workers

        beats = await asyncio.to_thread(alive_workers, settings)
        if not beats:
            return "down", "no Dramatiq worker alive: queued documents wait (run casgate worker)"
        threads = sum(beat.threads for beat in beats)
        return "ok", f"{len(beats)} Dramatiq worker(s) alive, {threads} thread(s)"

    return check


def database_check(settings: Settings) -> Check:
    async def check() -> tuple[str, str]:
        from sqlalchemy import text

        from .db import get_engine

        def ping() -> str:
            engine = get_engine(settings)
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return engine.dialect.name

        return "ok", await asyncio.to_thread(ping)

    return check


def workers_check(run_in_worker: Callable[[], Awaitable[object]], size: int) -> Check:
    """Round-trip a trivial job through the parse worker pool."""

    async def check() -> tuple[str, str]:
        await run_in_worker()
        return "ok", f"{size} parse worker(s)"

    return check
