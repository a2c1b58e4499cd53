"""Fixtures shared by the whole suite."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.accounts.secret import gateway_secret
from core.settings import Settings
from tests.harness import Gateway, ServerThread
from tests.webhooks.receiver import Receiver

OPERATOR_KEY = "op_test_key_0123456789"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings for a test: embedded defaults in ``data_dir``, the operator key set."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "bootstrap_api_key": OPERATOR_KEY,
        "allow_private_urls": True,
        # suites make many calls a minute with one key; the limit tests set their own
        "rate_limit_per_minute": 10_000,
        # development defaults, as `make run` has them
        "grpc_reflection": True,
        # servers started side by side: the forward-to addresses' SMTP receiver on a free port
        "inbound_smtp_port": 0,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


class Stack:
    """A running server and the gateway in front of it."""

    def __init__(self, server: ServerThread, gateway: Gateway) -> None:
        self.server = server
        self.gateway = gateway

    @property
    def url(self) -> str:
        return self.gateway.url

    def stop(self) -> None:
        self.gateway.stop()
        self.server.stop()


def start_server_thread(
    data_dir: Path, *, settings: dict[str, object] | None = None, **collaborators: object
) -> ServerThread:
    """The real grpc.aio server alone, in process on a free port: the layer most servicer,
    interceptor, auth and sandbox tests run against (no Envoy)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return ServerThread(make_settings(data_dir, **(settings or {})), **collaborators).start()


def start_stack(
    data_dir: Path,
    *,
    request_timeout: int = 60,
    settings: dict[str, object] | None = None,
    **collaborators: object,
) -> Stack:
    """A server (with ``settings`` overrides and injected collaborators) behind a gateway."""
    server = start_server_thread(data_dir, settings=settings, **collaborators)
    try:
        gateway = Gateway(
            server.address,
            data_dir,
            ws_upstream=f"127.0.0.1:{server.ws_port}",
            request_timeout=request_timeout,
            gateway_secret=gateway_secret(server.settings),
        ).start()
    except BaseException:
        server.stop()
        raise
    return Stack(server, gateway)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The default stack: real server with its default collaborators, real Envoy."""
    running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    running.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on loopback that answers 200 (``tests/webhooks/receiver.py``)."""
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture(scope="session", autouse=True)
def _batch_workers_end_with_the_session() -> Iterator[None]:
    """The batch document pools' processes outlive each test (kept warm for the next one, see
    ``tests/batch/conftest.py``); they end with the session."""
    yield
    pools = sys.modules.get("core.batch.pool")  # loaded only by a session that ran batches
    if pools is not None:
        pools.shutdown_document_pools()
