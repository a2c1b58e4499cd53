from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis

from core.accounts.principal import SANDBOX_PRINCIPAL, Principal
from core.accounts.ratelimit import (
    MemoryRateLimiter,
    RateLimiter,
    RedisRateLimiter,
    create_rate_limiter,
    enforce_rate_limit,
)
from core.errors import RateLimited
from core.settings import Settings
from tests.harness import FixedClock


@pytest.fixture(params=["memory", "redis"])
async def limiter_and_clock(
    request: pytest.FixtureRequest,
) -> AsyncIterator[tuple[RateLimiter, FixedClock]]:
    clock = FixedClock(1_800_000_015.0)  # 15 s into a minute
    limiter: RateLimiter
    if request.param == "memory":
        limiter = MemoryRateLimiter(clock=clock)
        yield limiter, clock
    else:
        url, prefix = request.getfixturevalue("redis_prefix")
        limiter = RedisRateLimiter(url, prefix=prefix, clock=clock)
        yield limiter, clock
    await limiter.aclose()


KEY_CALLER = Principal(kind="api_key", account_id="a" * 32, key_id="k" * 32)


async def test_limit_per_minute_then_retry_after(
    limiter_and_clock: tuple[RateLimiter, FixedClock],
) -> None:
    limiter, clock = limiter_and_clock
    settings = Settings(rate_limit_per_minute=3)
    for _ in range(3):
        await enforce_rate_limit(KEY_CALLER, limiter, settings)
    with pytest.raises(RateLimited) as refused:
        await enforce_rate_limit(KEY_CALLER, limiter, settings)
    assert refused.value.retry_after == 45
    assert refused.value.extra == {"retry_after": "45"}

    clock.now += 45  # the next window
    await enforce_rate_limit(KEY_CALLER, limiter, settings)


async def test_sandbox_has_its_own_lower_limit(
    limiter_and_clock: tuple[RateLimiter, FixedClock],
) -> None:
    limiter, _ = limiter_and_clock
    settings = Settings()  # defaults: 60 per key, 10 for the sandbox
    for _ in range(10):
        await enforce_rate_limit(SANDBOX_PRINCIPAL, limiter, settings, client="10.0.0.1")
    with pytest.raises(RateLimited):
        await enforce_rate_limit(SANDBOX_PRINCIPAL, limiter, settings, client="10.0.0.1")
    await enforce_rate_limit(SANDBOX_PRINCIPAL, limiter, settings, client="10.0.0.2")
    for _ in range(60):
        await enforce_rate_limit(KEY_CALLER, limiter, settings)
    with pytest.raises(RateLimited):
        await enforce_rate_limit(KEY_CALLER, limiter, settings)


async def test_access_tokens_count_against_their_key(
    limiter_and_clock: tuple[RateLimiter, FixedClock],
) -> None:
    limiter, _ = limiter_and_clock
    settings = Settings(rate_limit_per_minute=2)
    via_token = Principal(kind="access_token", account_id="a" * 32, key_id="k" * 32)
    other_key = Principal(kind="api_key", account_id="a" * 32, key_id="o" * 32)
    await enforce_rate_limit(KEY_CALLER, limiter, settings)
    await enforce_rate_limit(via_token, limiter, settings)
    with pytest.raises(RateLimited):
        await enforce_rate_limit(via_token, limiter, settings)
    await enforce_rate_limit(other_key, limiter, settings)


async def test_redis_counters_are_shared_between_limiters(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    clock = FixedClock(1_800_000_000.0)
    first = RedisRateLimiter(url, prefix=prefix, clock=clock)
    second = RedisRateLimiter(url, prefix=prefix, clock=clock)  # another server process
    try:
        await first.hit("k", 2)
        await second.hit("k", 2)
        with pytest.raises(RateLimited):
            await first.hit("k", 2)
    finally:
        await first.aclose()
        await second.aclose()


def test_backend_follows_settings() -> None:
    assert isinstance(create_rate_limiter(Settings(redis_url="")), MemoryRateLimiter)
    assert isinstance(
        create_rate_limiter(Settings(redis_url="redis://127.0.0.1:6379/0")), RedisRateLimiter
    )


async def test_redis_keys_live_under_the_prefix_and_expire(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    limiter = RedisRateLimiter(url, prefix=prefix, clock=FixedClock(1_800_000_000.0))
    try:
        await limiter.hit("k", 5)
    finally:
        await limiter.aclose()
    client = redis.Redis.from_url(url)
    [name] = list(client.scan_iter(match=prefix + "*"))
    assert 0 < client.ttl(name) <= 65
    client.close()
