"""Nothing is lost when the server dies: the real server (``python -m server``) is killed with
SIGKILL while one delivery is in flight and others are pending, more events are recorded while
it is down, and after a restart every event reaches the receiver. The receiver de-duplicates on
``webhook-id``: the one delivery that was in flight arrived before the kill, was never answered
to the server, and is sent again after its lease runs out: exactly one duplicate, the
at-least-once guarantee. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from core.accounts.principal import Principal
from core.settings import Settings
from core.webhooks.models import DeliveryStatus
from tests.harness import free_port

from .conftest import webhook_settings
from .helpers import create, emit, outbox_rows, wait_until
from .receiver import Receiver, Reply

REPO = Path(__file__).resolve().parents[2]
BEFORE, DURING = 12, 8
#: how long the first request is held by the receiver: far beyond the kill
HELD_SECONDS = 30.0


def _start(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CASGATE_DATA_DIR": str(settings.data_dir),
        "CASGATE_DATABASE_URL": settings.database_url,
        "CASGATE_REDIS_URL": "",
        "CASGATE_BOOTSTRAP_API_KEY": "",
        "CASGATE_JWT_SECRET": settings.jwt_secret,
        "CASGATE_GRPC_PORT": str(free_port()),
        "CASGATE_WS_PORT": str(free_port()),
        "CASGATE_PARSE_WORKERS": "1",
        "CASGATE_INBOUND_SMTP_PORT": "0",  # a free port for the inbound SMTP receiver (main has it)
        "CASGATE_WEBHOOK_ALLOW_PRIVATE_URLS": "true",
        "CASGATE_WEBHOOK_CONCURRENCY": "1",
        "CASGATE_WEBHOOK_TIMEOUT_SECONDS": str(settings.webhook_timeout_seconds),
        "CASGATE_WEBHOOK_LEASE_SECONDS": str(settings.webhook_lease_seconds),
        "CASGATE_WEBHOOK_RETRY_SCHEDULE": json.dumps(settings.webhook_retry_schedule),
        "CASGATE_WEBHOOK_RETRY_JITTER": "0",
        "CASGATE_WEBHOOK_POLL_SECONDS": "0.1",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "server"], cwd=REPO, env=env, stdout=out, stderr=out
        )


def _all_succeeded(settings: Settings, principal: Principal) -> bool:
    rows = outbox_rows(settings, principal.account_id or "")
    return len(rows) == BEFORE + DURING and all(
        row.status == DeliveryStatus.SUCCEEDED for row in rows
    )


def test_sigkill_loses_no_event(database_url: str, tmp_path: Path) -> None:
    settings = webhook_settings(
        database_url,
        tmp_path,
        webhook_timeout_seconds=5.0,
        webhook_lease_seconds=0.5,
        webhook_retry_schedule=[0.2] * 5,
    )
    from .conftest import new_principal

    principal = new_principal(settings)
    receiver = Receiver([Reply(200, delay=HELD_SECONDS), Reply(200)]).start()
    log = tmp_path / "server.log"
    server = None
    try:
        hook = create(settings, principal, receiver.url)
        receiver.secrets = [hook.secret or ""]
        for number in range(BEFORE):
            emit(settings, principal, f"before-{number}")
        server = _start(settings, log)
        (in_flight,) = receiver.wait_for(1, timeout=60)  # held: the server awaits its answer
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        rows = outbox_rows(settings, principal.account_id or "")
        assert sorted(row.status.value for row in rows).count("delivering") == 1
        assert sum(row.status == DeliveryStatus.PENDING for row in rows) == BEFORE - 1
        for number in range(DURING):  # jobs that end while no server runs
            emit(settings, principal, f"during-{number}")

        server = _start(settings, log)
        ids = receiver.wait_for_ids(BEFORE + DURING, timeout=120)
        wait_until(lambda: _all_succeeded(settings, principal), timeout=60)
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        receiver.stop()
    assert len(ids) == BEFORE + DURING
    assert all(got.verified for got in receiver.received), log.read_text()[-2000:]
    # at least once: the delivery in flight at the kill came again, and only it
    assert receiver.duplicates == 1
    resent = [
        r for r in receiver.received if r.headers["webhook-id"] == in_flight.headers["webhook-id"]
    ]
    assert len(resent) == 2 and resent[0].body == resent[1].body
    assert len(receiver.received) == BEFORE + DURING + 1
