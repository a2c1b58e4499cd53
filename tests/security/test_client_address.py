"""Who a caller is, by address: a forged x-forwarded-for on the server's own port (or through
the gateway) cannot pose as a fresh client to reset the sandbox's per-client limit; and gRPC
reflection is off unless the operator turns it on."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest

from casgate.v1 import account_pb2, account_pb2_grpc
from core.accounts import SANDBOX_API_KEY
from core.accounts.ratelimit import MemoryRateLimiter
from core.accounts.secret import gateway_secret
from server.client_address import GATEWAY_HEADER, peer_host
from tests.conftest import Stack, start_stack
from tests.harness import FixedClock

pytestmark = pytest.mark.e2e  # through the real Envoy gateway

LIMIT = 10


@pytest.fixture(scope="module")
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("client_address"),
        settings={"sandbox_rate_limit_per_minute": LIMIT, "grpc_reflection": False},
        limiter=MemoryRateLimiter(clock=clock),
    )
    yield running
    running.stop()


def _credits(address: str, *extra: tuple[str, str]) -> grpc.StatusCode:
    with grpc.insecure_channel(address) as channel:
        try:
            account_pb2_grpc.AccountServiceStub(channel).GetCredits(
                account_pb2.GetCreditsRequest(),
                metadata=[("x-api-key", SANDBOX_API_KEY), *extra],
            )
        except grpc.RpcError as error:
            return error.code()
    return grpc.StatusCode.OK


@pytest.mark.parametrize("through", ["server", "gateway"])
def test_a_forged_forwarded_for_does_not_reset_the_sandbox_limit(
    stack: Stack, clock: FixedClock, through: str
) -> None:
    address = stack.server.address if through == "server" else stack.gateway.address
    clock.now += 60  # a fresh window
    codes = [
        _credits(address, ("x-forwarded-for", f"198.51.100.{n}"), (GATEWAY_HEADER, "guess"))
        for n in range(LIMIT + 5)
    ]
    # every forged address counts as the one real caller
    assert codes == [grpc.StatusCode.OK] * LIMIT + [grpc.StatusCode.RESOURCE_EXHAUSTED] * 5


def test_the_gateway_secret_makes_the_forwarded_address_count(
    stack: Stack, clock: FixedClock
) -> None:
    secret = gateway_secret(stack.server.settings)
    own = ("x-forwarded-for", "203.0.113.7")
    clock.now += 60
    for _ in range(LIMIT):  # the loopback address uses up its window first
        _credits(stack.server.address)
    codes = [
        _credits(stack.server.address, own, (GATEWAY_HEADER, secret)) for _ in range(LIMIT + 1)
    ]
    # a client of its own: its window is untouched by the loopback address's calls
    assert codes == [grpc.StatusCode.OK] * LIMIT + [grpc.StatusCode.RESOURCE_EXHAUSTED]


def test_reflection_is_off_unless_turned_on(stack: Stack) -> None:
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    with grpc.insecure_channel(stack.gateway.address) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        answers = stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")])
        )
        with pytest.raises(grpc.RpcError) as info:
            next(answers)
    assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED


@pytest.mark.parametrize(
    "peer,host",
    [("ipv4:127.0.0.1:5123", "127.0.0.1"), ("ipv6:[::1]:5123", "::1"), ("unix:/tmp/s", "/tmp/s")],
)
def test_a_connection_is_known_by_its_host_not_its_port(peer: str, host: str) -> None:
    assert peer_host(peer) == host
