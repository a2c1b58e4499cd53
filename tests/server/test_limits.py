"""Rate limits per key, the sandbox's own limit, and limits shared through Redis: the real
grpc.aio server in process (no Envoy) with a fake clock, so a window moves only when the test
moves it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from casgate.v1 import account_pb2, account_pb2_grpc
from clients._errors import api_error
from core.accounts import SANDBOX_API_KEY, MemoryRateLimiter, RedisRateLimiter, create_key
from tests.conftest import start_server_thread
from tests.harness import FixedClock, ServerThread
from tests.services import redis_prefix

MINUTE = 60


def credits(channel: grpc.Channel, key: str) -> tuple[int, dict[str, str]]:
    """The REST status a GetCredits call with ``key`` stands for, and the headers it carried."""
    try:
        _, call = account_pb2_grpc.AccountServiceStub(channel).GetCredits.with_call(
            account_pb2.GetCreditsRequest(), metadata=(("x-api-key", key),)
        )
    except grpc.RpcError as error:
        headers = dict((*error.initial_metadata(), *error.trailing_metadata()))
        return api_error(error).status, headers
    return 200, dict(call.initial_metadata())


def statuses(channel: grpc.Channel, key: str, count: int) -> list[int]:
    return [credits(channel, key)[0] for _ in range(count)]


@pytest.fixture(scope="module")
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def fresh_window(clock: FixedClock) -> FixedClock:
    """The clock moved 15 s into the next minute: every counter starts from zero."""
    clock.now += MINUTE - clock.now % MINUTE + 15
    return clock


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("limits"),
        settings={"rate_limit_per_minute": 5},
        limiter=MemoryRateLimiter(clock=clock),
    )
    yield running
    running.stop()


def test_rate_limit_per_key_then_retry_after(
    server: ServerThread, fresh_window: FixedClock
) -> None:
    _, key = create_key("a", 10, settings=server.settings)
    _, other = create_key("b", 10, settings=server.settings)
    with grpc.insecure_channel(server.address) as channel:
        assert statuses(channel, key, 5) == [200] * 5
        status, headers = credits(channel, key)
        assert (status, headers["retry-after"]) == (429, "45")  # 15 s into the minute
        assert statuses(channel, other, 1) == [200]
        fresh_window.now += 45  # the next window
        assert statuses(channel, key, 1) == [200]


def test_sandbox_is_limited_to_10_requests_a_minute(
    server: ServerThread, fresh_window: FixedClock
) -> None:
    # the sandbox counts per client: one channel is one client
    with grpc.insecure_channel(server.address) as channel:
        assert statuses(channel, SANDBOX_API_KEY, 11) == [200] * 10 + [429]
        fresh_window.now += MINUTE
        assert statuses(channel, SANDBOX_API_KEY, 1) == [200]


def test_rate_limits_are_shared_through_redis(tmp_path: Path) -> None:
    clock = FixedClock()
    with redis_prefix() as (url, prefix):
        shared: dict[str, object] = {
            "rate_limit_per_minute": 5,
            "database_url": f"sqlite:///{tmp_path}/shared.db",
        }
        one = start_server_thread(
            tmp_path / "one",
            settings=shared,
            limiter=RedisRateLimiter(url, prefix=prefix, clock=clock),
        )
        two = start_server_thread(
            tmp_path / "two",
            settings=shared,
            limiter=RedisRateLimiter(url, prefix=prefix, clock=clock),
        )
        try:
            _, key = create_key("shared", 10, settings=one.settings)
            with (
                grpc.insecure_channel(one.address) as to_one,
                grpc.insecure_channel(two.address) as to_two,
            ):
                answers = [credits(c, key)[0] for c in (to_one, to_two) * 3]
            assert answers == [200] * 5 + [429]
        finally:
            one.stop()
            two.stop()
