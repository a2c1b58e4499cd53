"""Redis going away and coming back (a proxy in front of the real one is stopped and started):
authenticated calls keep working (rate limits count in the process meanwhile), what needs Redis
answers 503 saying so and writes nothing, and everything recovers without a restart."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
import redis

from tests.conftest import OPERATOR_KEY, Stack, start_stack
from tests.security.tcp_proxy import TcpProxy
from tests.services import redis_prefix

pytestmark = pytest.mark.e2e  # through the real Envoy gateway

AUTH = {"x-api-key": OPERATOR_KEY}
BATCH = {"name": "outage", "sources": [{"url": "http://127.0.0.1:9/statement.pdf"}]}


@pytest.fixture(scope="module")
def redis_behind_proxy() -> Iterator[tuple[TcpProxy, redis.Redis, str]]:
    with redis_prefix() as (url, prefix):
        parts = urlsplit(url)
        proxy = TcpProxy((parts.hostname or "127.0.0.1", parts.port or 6379)).start()
        direct = redis.Redis.from_url(url)
        try:
            yield proxy, direct, prefix
        finally:
            proxy.stop()
            direct.close()


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, redis_behind_proxy: tuple[TcpProxy, redis.Redis, str]
) -> Iterator[Stack]:
    proxy, _, prefix = redis_behind_proxy
    running = start_stack(
        tmp_path_factory.mktemp("redis_outage"),
        settings={
            "redis_url": f"redis://127.0.0.1:{proxy.port}/0",
            "redis_key_prefix": prefix,
            "batch_executor": "dramatiq",
        },
    )
    yield running
    running.stop()


def _counted(direct: redis.Redis, prefix: str) -> int:
    """Requests counted in Redis by the rate limiter so far."""
    return sum(int(direct.get(key) or 0) for key in direct.scan_iter(f"{prefix}ratelimit:*"))


def test_redis_down_then_back(
    stack: Stack, redis_behind_proxy: tuple[TcpProxy, redis.Redis, str]
) -> None:
    proxy, direct, prefix = redis_behind_proxy
    assert httpx.post(f"{stack.url}/v1/credits", json={}, headers=AUTH).status_code == 200
    counted = _counted(direct, prefix)
    assert counted >= 1

    proxy.stop()
    try:
        # authenticated calls still work: the rate limit counts in the process meanwhile
        for _ in range(3):
            credits = httpx.post(f"{stack.url}/v1/credits", json={}, headers=AUTH)
            assert credits.status_code == 200, credits.text
        health = httpx.get(f"{stack.url}/api/health", timeout=30).json()
        assert {d["name"]: d["status"] for d in health["dependencies"]}["cache"] == "down"
        # a batch needs the queue: 503 saying so, and no job is left behind
        refused = httpx.post(f"{stack.url}/api/batch/start", json=BATCH, headers=AUTH)
        assert refused.status_code == 503
        assert refused.json() == {
            "status": "failed",
            "msg": "Redis (the batch queue) is unavailable; retry in a moment",
            "code": "UNAVAILABLE",
        }
        active = httpx.get(f"{stack.url}/api/batch/active", headers=AUTH).json()
        assert active["jobs"] == []
        assert _counted(direct, prefix) == counted
    finally:
        proxy.start()

    # back: counting is shared through Redis again, and batches are accepted
    assert httpx.post(f"{stack.url}/v1/credits", json={}, headers=AUTH).status_code == 200
    assert _counted(direct, prefix) == counted + 1
    started = httpx.post(f"{stack.url}/api/batch/start", json=BATCH, headers=AUTH)
    assert started.status_code == 200, started.text
    health = httpx.get(f"{stack.url}/api/health", timeout=30).json()
    assert {d["name"]: d["status"] for d in health["dependencies"]}["cache"] == "ok"
