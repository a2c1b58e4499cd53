"""Production delivery: the server only schedules (``webhook_executor = "dramatiq"``) and a
real worker process (``python -m core.webhooks.worker``) delivers over Redis, on SQLite and
PostgreSQL; a retry that falls due later is found by the scheduler's poll, and a worker told to
stop finishes what it sent and claims nothing more."""

from __future__ import annotations

import contextlib
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
from core.webhooks.models import DeliveryStatus
from core.webhooks.queue import DrainScheduler

from .conftest import DeliveryThread, new_principal, webhook_settings
from .helpers import create, deliveries, emit, outbox_rows, wait_until
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


def _worker(
    settings: Settings, log: Path, concurrency: int | None = None
) -> subprocess.Popen[bytes]:
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
        "CASGATE_WEBHOOK_TIMEOUT_SECONDS": str(settings.webhook_timeout_seconds),
        "CASGATE_WEBHOOK_LEASE_SECONDS": str(settings.webhook_lease_seconds),
        "CASGATE_WEBHOOK_CONCURRENCY": str(concurrency or settings.webhook_concurrency),
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "core.webhooks.worker", "--threads", "2"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=out,
        )


def _stop(worker: subprocess.Popen[bytes], log: Path) -> None:
    """SIGTERM, then the worker must exit 0 (1 means a drain was stuck: its log says where)."""
    worker.send_signal(signal.SIGTERM)
    try:
        code = worker.wait(60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(10)
        code = None
    assert code == 0, f"the worker exited {code}; its log:\n{log.read_text()}"


@contextlib.contextmanager
def _delivering(settings: Settings, log: Path, concurrency: int | None = None) -> Iterator[None]:
    """A worker process and the server's scheduler; on leaving, both stop (see :func:`_stop`)."""
    worker = _worker(settings, log, concurrency)
    scheduler = DeliveryThread(settings, DrainScheduler).start()
    try:
        yield
    finally:
        scheduler.stop()
        _stop(worker, log)


def test_a_worker_process_delivers_over_redis(queued: Settings, tmp_path: Path) -> None:
    principal: Principal = new_principal(queued)
    flaky = Receiver([Reply(500), Reply(200)]).start()
    steady = Receiver().start()
    try:
        with _delivering(queued, tmp_path / "worker.log"):
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
        flaky.stop()
        steady.stop()


def test_a_stopping_worker_finishes_its_attempts_and_claims_no_more(
    queued: Settings, tmp_path: Path, receiver: Receiver
) -> None:
    """Each answer takes a second and a drain sends one delivery at a time: the worker stopped
    after the first arrival leaves the rest pending, not claimed, for the next worker."""
    principal = new_principal(queued)
    receiver.script = [Reply(200, delay=1.0)]
    hook = create(queued, principal, receiver.url)
    receiver.secrets = [hook.secret or ""]
    events = 6
    for number in range(events):
        emit(queued, principal, f"job-{number}")
    log = tmp_path / "worker.log"
    with _delivering(queued, log, concurrency=1):
        receiver.wait_for(1, timeout=60)
    rows = outbox_rows(queued, principal.account_id or "")
    sent = len(receiver.received)
    assert sent < events, "the stopping worker went on claiming"
    assert sorted(row.status for row in rows) == sorted(
        [DeliveryStatus.SUCCEEDED] * sent + [DeliveryStatus.PENDING] * (events - sent)
    )
    with _delivering(queued, log):  # the next worker sends the rest, each once
        assert len(receiver.wait_for_ids(events, timeout=60)) == events
        assert receiver.duplicates == 0
