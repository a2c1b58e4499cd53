"""Production delivery: the server only schedules (``webhook_executor = "dramatiq"``) and a
real worker process (``python -m core.webhooks.worker``) delivers over Redis, on SQLite and
PostgreSQL; a retry that falls due later is found by the scheduler's poll."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.accounts.principal import Principal
from core.settings import Settings
from core.webhooks.queue import DrainScheduler

from .conftest import DeliveryThread, new_principal, webhook_settings
from .helpers import create, deliveries, emit, wait_until
from .receiver import Receiver, Reply

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def queued(database_url: str, tmp_path: Path, redis_prefix: tuple[str, str]) -> Iterator[Settings]:
    redis_url, prefix = redis_prefix
    yield webhook_settings(
        database_url,
        tmp_path,
        redis_url=redis_url,
        redis_key_prefix=prefix,
        webhook_executor="dramatiq",
    )


def _worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CASGATE_DATA_DIR": str(settings.data_dir),
        "CASGATE_DATABASE_URL": settings.database_url,
        "CASGATE_REDIS_URL": settings.redis_url,
        "CASGATE_REDIS_KEY_PREFIX": settings.redis_key_prefix,
        "CASGATE_JWT_SECRET": settings.jwt_secret,
        "CASGATE_WEBHOOK_EXECUTOR": "dramatiq",
        "CASGATE_WEBHOOK_ALLOW_PRIVATE_URLS": "true",
        "CASGATE_WEBHOOK_RETRY_SCHEDULE": json.dumps(settings.webhook_retry_schedule),
        "CASGATE_WEBHOOK_RETRY_JITTER": "0",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "core.webhooks.worker", "--threads", "2"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=out,
        )


def test_a_worker_process_delivers_over_redis(queued: Settings, tmp_path: Path) -> None:
    principal: Principal = new_principal(queued)
    flaky = Receiver([Reply(500), Reply(200)]).start()
    steady = Receiver().start()
    worker = _worker(queued, tmp_path / "worker.log")
    scheduler = DeliveryThread(queued, DrainScheduler).start()
    try:
        retried = create(queued, principal, flaky.url, ["batch.completed"])
        hook = create(queued, principal, steady.url)
        steady.secrets = [hook.secret or ""]
        for number in range(10):
            emit(queued, principal, f"job-{number}")
        emit(queued, principal, "batch-1", "batch.completed")
        assert len(steady.wait_for_ids(10, timeout=60)) == 10
        assert all(got.verified for got in steady.received)
        first, second = flaky.wait_for(2, timeout=60)  # the retry came due and was found
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        (done,) = wait_until(
            lambda: [
                d for d in deliveries(queued, principal, retried.id) if d.status == "succeeded"
            ]
        )
        assert [a.response_code for a in done.attempt_log] == [500, 200]
        assert steady.duplicates == 0
    finally:
        scheduler.stop()
        worker.send_signal(signal.SIGTERM)  # it finishes the drain it is in, then stops
        try:
            worker.wait(60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)
            raise
        flaky.stop()
        steady.stop()
