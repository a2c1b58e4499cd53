"""Fixtures of the webhook tests: a migrated database per backend (SQLite and this machine's
PostgreSQL, from ``tests/accounts/conftest.py``), settings with a short retry schedule and
loopback receivers allowed, accounts, a loopback receiver, and the delivery loop running in a
thread of its own."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete

from core.accounts.auth import authenticate
from core.accounts.keys import create_key
from core.accounts.principal import Principal
from core.db import session_scope
from core.settings import Settings
from core.webhooks.dispatcher import Dispatcher
from core.webhooks.models import WebhookEndpoint
from core.webhooks.queue import DrainScheduler
from tests.accounts.conftest import (  # noqa: F401  (fixtures)
    _no_default_settings,
    database_url,
    redis_prefix,
)

#: short enough for tests, long enough that an attempt is never mistaken for the next
SCHEDULE = [0.3, 0.3, 0.3]


def webhook_settings(url: str, tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": url,
        "data_dir": tmp_path / "data",
        "redis_url": "",
        "bootstrap_api_key": "",
        "jwt_secret": "webhook-tests-secret-0123456789abcdef012345678",
        "webhook_allow_private_urls": True,
        "webhook_retry_schedule": SCHEDULE,
        "webhook_retry_jitter": 0.0,
        "webhook_timeout_seconds": 2.0,
        "webhook_lease_seconds": 1.0,
        "webhook_poll_seconds": 0.1,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:  # noqa: F811
    return webhook_settings(database_url, tmp_path)


@pytest.fixture(autouse=True)
def _drop_webhooks(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """After a test on the session's shared database, its webhooks (and so its deliveries)
    are deleted, so no later test's worker sends them to a port reused since."""
    yield
    if "database_url" in request.fixturenames:
        shared = webhook_settings(request.getfixturevalue("database_url"), tmp_path)
        with session_scope(shared) as session:
            session.execute(delete(WebhookEndpoint))


def new_principal(settings: Settings) -> Principal:
    _, secret = create_key("webhook tests", 100, settings=settings)
    return authenticate(secret, None, settings=settings)


@pytest.fixture
def principal(settings: Settings) -> Principal:
    return new_principal(settings)


@pytest.fixture
def other(settings: Settings) -> Principal:
    return new_principal(settings)


class DeliveryThread:
    """The server's part in delivery (by default the in-process delivery loop; the Dramatiq
    scheduler with ``runner=DrainScheduler``), in a thread with its own event loop."""

    def __init__(
        self, settings: Settings, runner: type[Dispatcher | DrainScheduler] = Dispatcher
    ) -> None:
        self.settings = settings
        self._runner = runner
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._dispatcher: Dispatcher | DrainScheduler | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        self._loop.close()

    async def _serve(self) -> None:
        self._stopped = asyncio.Event()
        self._dispatcher = self._runner(self.settings).start()
        self._ready.set()
        await self._stopped.wait()
        await self._dispatcher.stop()

    def start(self) -> DeliveryThread:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(15)


@pytest.fixture
def delivering(settings: Settings) -> Iterator[DeliveryThread]:
    running = DeliveryThread(settings).start()
    yield running
    running.stop()
