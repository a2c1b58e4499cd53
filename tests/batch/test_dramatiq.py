"""Batches on Dramatiq over Redis with real worker processes (``python -m core.batch.worker``),
on SQLite and PostgreSQL: a worker killed mid-document with SIGKILL, redelivered messages,
a poison document, progress reaching a watcher in another process through Redis pub/sub, and
a document failing unexpectedly, retried with each failure logged once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.batch import start_batch
from core.batch.queue import QUEUE, enqueue, get_broker
from core.settings import Settings
from tests.batch.conftest import POISON, Account, make_settings, new_account, statement
from tests.batch.conftest import write_statements as write
from tests.batch.helpers import (
    GatedServer,
    charged_rows,
    check_event_stream,
    credits_used,
    documents,
    follow,
    items,
    job_row,
)
from tests.harness import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def queued(database_url: str, tmp_path: Path, redis_prefix: tuple[str, str]) -> Iterator[Settings]:
    redis_url, prefix = redis_prefix
    yield make_settings(
        database_url,
        tmp_path,
        redis_url=redis_url,
        redis_key_prefix=prefix,
        batch_executor="dramatiq",
        parse_workers=1,
        parse_timeout_seconds=8,
        batch_redelivery_seconds=2,
    )


class Worker:
    """A batch worker in its own process group (so SIGKILL takes its parse pool too)."""

    def __init__(self, settings: Settings, log: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for name in (
            "database_url",
            "data_dir",
            "batch_root",
            "redis_url",
            "redis_key_prefix",
            "batch_executor",
            "parse_workers",
            "parse_timeout_seconds",
            "batch_redelivery_seconds",
            "batch_max_retries",
            "jwt_secret",
            "allow_private_urls",
        ):
            env[f"CASGATE_{name.upper()}"] = str(getattr(settings, name))
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "core.batch.worker", "--threads", "1"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(30)
        self.log.close()


async def test_worker_killed_mid_document_loses_and_duplicates_nothing(
    queued: Settings, tmp_path: Path
) -> None:
    account: Account = new_account(queued)
    victim = statement(20)
    gated = GatedServer({"slow.pdf": victim.pdf})
    first = Worker(queued, tmp_path / "worker1.log")
    second: Worker | None = None
    try:
        (Path(queued.batch_root) / "poison.pdf").write_bytes(POISON)
        sources = [
            {
                "url": gated.url("slow.pdf", gated=True),
                **({"password": victim.password} if victim.password else {}),
            },
            *write(queued, [21, 22, 23, 24, 25]),
            {"path": "poison.pdf"},
        ]
        job_id = (
            await start_batch(account.principal, "faults", sources, {}, settings=queued)
        ).job_id
        watcher = asyncio.create_task(follow(account.principal, job_id, queued))
        await asyncio.to_thread(gated.entered.wait, 120)  # the worker is inside document 1
        first.kill()
        gated.release()
        second = Worker(queued, tmp_path / "worker2.log")
        events = await asyncio.wait_for(watcher, 180)

        check_event_stream(events)
        assert events[-1].type == "completed"
        finished = [e for e in events if e.type == "document_finished"]
        failed = [e for e in events if e.type == "document_failed"]
        assert len(finished) == 6 and len({e.source for e in finished}) == 6
        assert [e.source for e in failed] == ["poison.pdf"] and failed[0].error
        job = job_row(queued, job_id)
        assert (job.status, job.done, job.failed) == ("completed", 6, 1)
        rows = items(queued, job_id)
        assert rows[0].status == "completed" and rows[0].attempts == 2  # retried once
        assert len(documents(queued, job_id)) == 7  # six parsed, one failure record
        assert credits_used(queued, account.key_id) == 6.0
        assert charged_rows(queued, account.key_id) == 6

        # every message delivered again: nothing is counted, stored or charged twice
        before = events[-1].seq
        await asyncio.to_thread(enqueue, queued, job_id, [row.id for row in rows])
        await asyncio.to_thread(get_broker(queued).join, QUEUE, timeout=120_000)
        job = job_row(queued, job_id)
        assert (job.done, job.failed, job.last_seq) == (6, 1, before)
        assert len(documents(queued, job_id)) == 7
        assert credits_used(queued, account.key_id) == 6.0
    finally:
        gated.close()
        first.kill()
        if second is not None:
            second.stop()


async def test_two_workers_share_a_batch(queued: Settings, tmp_path: Path) -> None:
    account = new_account(queued)
    workers = [Worker(queued, tmp_path / f"w{i}.log") for i in range(2)]
    try:
        sources = write(queued, list(range(30, 42)))
        job_id = (
            await start_batch(account.principal, "shared", sources, {}, settings=queued)
        ).job_id
        events = await asyncio.wait_for(follow(account.principal, job_id, queued), 180)
        check_event_stream(events)
        assert events[-1].type == "completed" and events[-1].done == 12
        assert len(documents(queued, job_id)) == 12
        assert credits_used(queued, account.key_id) == 12.0
    finally:
        for worker in workers:
            worker.stop()


def test_an_unexpected_failure_is_retried_and_logged_once_per_attempt(
    queued: Settings, tmp_path: Path
) -> None:
    """The worker's database refuses connections: each attempt's error is logged once, by the
    parse pool with its traceback (neither this worker nor Dramatiq logs it again); after the
    last retry the document is given up, whose own failure Dramatiq logs."""
    closed = f"postgresql://casgate@127.0.0.1:{free_port()}/casgate"
    broken = queued.model_copy(update={"database_url": closed, "batch_max_retries": 1})
    log = tmp_path / "worker.log"
    worker = Worker(broken, log)
    try:
        enqueue(broken, "job-x", ["item-x"])
        deadline = time.monotonic() + 120
        while "Retries exceeded" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.stop()
    text = log.read_text()
    for attempt in (1, 2):
        assert text.count(f"batch document item-x (attempt {attempt}) failed") == 1, text
    errors = [line for line in text.splitlines() if " ERROR " in line]
    assert len(errors) == 3, text  # one per attempt, and the give-up's
    assert sum("unexpected error in a worker of the batch pool" in line for line in errors) == 2, (
        text
    )
    assert sum("unhandled exception" in line for line in errors) == 1, text
