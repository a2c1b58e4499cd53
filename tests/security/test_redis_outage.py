"""Redis going away and coming back (a proxy in front of the real one is stopped and started):
authenticated calls keep working (rate limits count in the process meanwhile), what needs Redis
answers 503 saying so and writes nothing, and everything recovers without a restart.

The real grpc.aio server in process (no Envoy): the 503's REST body is the ErrorInfo's, shaped
by the gateway like any other (tests/gateway/test_e2e.py)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import grpc
import pytest
import redis
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from casgate.v1 import (
    account_pb2,
    account_pb2_grpc,
    batch_pb2,
    batch_pb2_grpc,
    status_pb2,
    status_pb2_grpc,
)
from tests.conftest import OPERATOR_KEY, start_server_thread
from tests.harness import ServerThread
from tests.security.tcp_proxy import TcpProxy
from tests.services import redis_prefix

AUTH = (("x-api-key", OPERATOR_KEY),)
BATCH = batch_pb2.StartBatchRequest(
    name="outage", sources=[batch_pb2.BatchSource(url="http://127.0.0.1:9/statement.pdf")]
)


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
def server(
    tmp_path_factory: pytest.TempPathFactory, redis_behind_proxy: tuple[TcpProxy, redis.Redis, str]
) -> Iterator[ServerThread]:
    proxy, _, prefix = redis_behind_proxy
    running = start_server_thread(
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


def _cache_health(channel: grpc.Channel) -> str:
    health = status_pb2_grpc.StatusServiceStub(channel).GetHealth(
        status_pb2.GetHealthRequest(), timeout=30
    )
    return {d.name: d.status for d in health.dependencies}["cache"]


def test_redis_down_then_back(
    server: ServerThread, redis_behind_proxy: tuple[TcpProxy, redis.Redis, str]
) -> None:
    proxy, direct, prefix = redis_behind_proxy
    with grpc.insecure_channel(server.address) as channel:
        accounts = account_pb2_grpc.AccountServiceStub(channel)
        batches = batch_pb2_grpc.BatchServiceStub(channel)
        accounts.GetCredits(account_pb2.GetCreditsRequest(), metadata=AUTH)
        counted = _counted(direct, prefix)
        assert counted >= 1

        proxy.stop()
        try:
            # authenticated calls still work: the rate limit counts in the process meanwhile
            for _ in range(3):
                accounts.GetCredits(account_pb2.GetCreditsRequest(), metadata=AUTH)
            assert _cache_health(channel) == "down"
            # a batch needs the queue: 503 saying so, and no job is left behind
            with pytest.raises(grpc.RpcError) as refused:
                batches.StartBatch(BATCH, metadata=AUTH)
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
            assert refused.value.details() == (
                "Redis (the batch queue) is unavailable; retry in a moment"
            )
            status = rpc_status.from_call(refused.value)  # type: ignore[arg-type]
            assert status is not None
            info = error_details_pb2.ErrorInfo()
            assert status.details[0].Unpack(info)
            assert info.metadata["http_status"] == "503"
            active = batches.ListActiveBatches(batch_pb2.ListActiveBatchesRequest(), metadata=AUTH)
            assert list(active.jobs) == []
            assert _counted(direct, prefix) == counted
        finally:
            proxy.start()

        # back: counting is shared through Redis again, and batches are accepted
        accounts.GetCredits(account_pb2.GetCreditsRequest(), metadata=AUTH)
        assert _counted(direct, prefix) == counted + 1
        batches.StartBatch(BATCH, metadata=AUTH)
        assert _cache_health(channel) == "ok"
