"""Request rate limits per caller: fixed one-minute windows.

In-process by default; shared by every server process through Redis when ``redis_url`` is set
(one ``INCR`` per request on a key that expires with its window).

Redis down does not take the API down with it: while Redis does not answer, each process counts
in memory (the limit then holds per process rather than across processes), and every request
tries Redis first again, so shared counting resumes as soon as it is back.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.accounts.principal import Principal
from core.errors import RateLimited
from core.settings import Settings

Clock = Callable[[], float]
WINDOW_SECONDS = 60
log = logging.getLogger(__name__)


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: int = WINDOW_SECONDS) -> None:
        """Count one request for ``key``; ``RateLimited`` when it is over ``limit``."""
        ...

    async def aclose(self) -> None: ...


class MemoryRateLimiter:
    """Counters in this process (one server process, or tests)."""

    def __init__(self, *, clock: Clock = time.time, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._windows: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    async def hit(self, key: str, limit: int, window_seconds: int = WINDOW_SECONDS) -> None:
        now = self._clock()
        start = _window_start(now, window_seconds)
        with self._lock:
            if len(self._windows) >= self._max_keys:
                self._windows = {k: v for k, v in self._windows.items() if v[0] == start}
            window, count = self._windows.get(key, (start, 0))
            count = count + 1 if window == start else 1
            self._windows[key] = (start, count)
        if count > limit:
            _refuse(limit, start + window_seconds - now)

    async def aclose(self) -> None:
        return None


class RedisRateLimiter:
    """Counters in Redis, shared by every process using the same ``prefix``."""

    def __init__(self, url: str, *, prefix: str = "casgate:", clock: Clock = time.time) -> None:
        self._redis = aioredis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self._prefix = prefix
        self._clock = clock
        #: counts while Redis is away
        self._fallback = MemoryRateLimiter(clock=clock)
        self.redis_down = False

    async def hit(self, key: str, limit: int, window_seconds: int = WINDOW_SECONDS) -> None:
        now = self._clock()
        try:
            count = await self._count(key, now, window_seconds)
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            if not self.redis_down:
                log.warning("Redis unavailable (%s): rate limits count in this process", exc)
            self.redis_down = True
            await self._fallback.hit(key, limit, window_seconds)
            return
        if self.redis_down:
            log.warning("Redis is back: rate limits are shared again")
        self.redis_down = False
        if count > limit:
            _refuse(limit, _window_start(now, window_seconds) + window_seconds - now)

    async def _count(self, key: str, now: float, window_seconds: int) -> int:
        start = _window_start(now, window_seconds)
        name = f"{self._prefix}ratelimit:{key}:{start}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=window_seconds + 5, nx=True)  # TTL set once, with the key
            pipe.incr(name)
            _, count = await pipe.execute()
        return int(count)

    async def aclose(self) -> None:
        await self._redis.aclose()


def create_rate_limiter(settings: Settings) -> RateLimiter:
    """Redis-backed when ``settings.redis_url`` is set, in-process otherwise."""
    if settings.redis_url:
        return RedisRateLimiter(settings.redis_url, prefix=settings.redis_key_prefix)
    return MemoryRateLimiter()


def rate_limit_for(
    principal: Principal, settings: Settings, *, client: str | None = None
) -> tuple[str, int]:
    """``(counter key, requests per minute)`` of a caller: its API key (tokens count against
    the key they came from), its user, or for the sandbox key (shared by everyone) the client
    address when one is given."""
    if principal.is_sandbox:
        return f"sandbox:{client or 'all'}", settings.sandbox_rate_limit_per_minute
    if principal.key_id:
        return f"key:{principal.key_id}", settings.rate_limit_per_minute
    return f"user:{principal.user_id}", settings.rate_limit_per_minute


async def enforce_rate_limit(
    principal: Principal, limiter: RateLimiter, settings: Settings, *, client: str | None = None
) -> None:
    """Count one request of ``principal``; ``RateLimited(retry_after=...)`` when over.
    ``client`` (e.g. the peer address) separates sandbox users from each other."""
    key, limit = rate_limit_for(principal, settings, client=client)
    await limiter.hit(key, limit)


def _window_start(now: float, window_seconds: int) -> int:
    return int(now // window_seconds) * window_seconds


def _refuse(limit: int, seconds_left: float) -> None:
    retry_after = max(1, math.ceil(seconds_left))
    raise RateLimited(
        f"Rate limit exceeded: {limit} requests per minute; retry in {retry_after} seconds",
        retry_after=retry_after,
    )
