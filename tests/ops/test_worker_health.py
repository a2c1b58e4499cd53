"""``casgate worker`` as a real process on Redis: it logs its start, its queue and each
document at info level, beats its heartbeat, serves its own metrics (``--metrics-port``), and
``/api/health``'s ``batch_workers`` probe says whether any worker is alive; OCR switched off is
reported as ``off``, not ``ok``."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core import health
from core.batch import start_batch
from core.batch.heartbeat import alive_workers
from core.migrate import upgrade
from core.settings import Settings
from tests.batch.conftest import make_settings, new_account, write_statements
from tests.batch.helpers import follow, job_row
from tests.harness import free_port
from tests.services import redis_prefix

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def queued(tmp_path: Path) -> Iterator[Settings]:
    with redis_prefix() as (redis_url, prefix):
        settings = make_settings(
            f"sqlite:///{tmp_path / 'casgate.db'}",
            tmp_path,
            redis_url=redis_url,
            redis_key_prefix=prefix,
            batch_executor="dramatiq",
            parse_workers=1,
            worker_heartbeat_seconds=1,
        )
        upgrade(settings)
        yield settings


def _probe(settings: Settings) -> tuple[str, str]:
    probe = asyncio.run(health.timed("batch_workers", health.batch_workers_check(settings), 5))
    return probe.status, probe.detail


def _wait(condition: object, what: str, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_worker_logs_beats_and_is_seen_by_health(queued: Settings, tmp_path: Path) -> None:
    assert _probe(queued)[0] == "down"
    assert "no Dramatiq worker alive" in _probe(queued)[1]

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in (
        "database_url",
        "data_dir",
        "batch_root",
        "redis_url",
        "redis_key_prefix",
        "batch_executor",
        "parse_workers",
        "jwt_secret",
        "worker_heartbeat_seconds",
    ):
        env[f"CASGATE_{name.upper()}"] = str(getattr(queued, name))  # fmt: skip
    log_path = tmp_path / "worker.log"
    metrics_port = free_port()
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "worker", "--threads", "1",
             "--metrics-port", str(metrics_port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait(lambda: alive_workers(queued), "the worker's first heartbeat")
        assert _probe(queued) == ("ok", "1 Dramatiq worker(s) alive, 1 thread(s)")

        account = new_account(queued)
        (Path(queued.batch_root) / "notes.txt").write_bytes(b"not a pdf at all")
        sources = [*write_statements(queued, [1]), {"path": "notes.txt"}]
        job_id = asyncio.run(
            start_batch(account.principal, "logged", sources, {}, settings=queued)
        ).job_id
        asyncio.run(asyncio.wait_for(follow(account.principal, job_id, queued), 120))
        assert job_row(queued, job_id).status == "completed"
        _wait(lambda: log_path.read_text().count(f"of job {job_id}: ") >= 4, "document logs")
        scraped = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).text
        assert 'casgate_parsed_documents_total{origin="batch",outcome="ok"} 1.0' in scraped
        assert 'casgate_credits_spent_total{feature="batch"} 1.0' in scraped
        assert "casgate_batch_workers_alive 1.0" in scraped
    finally:
        worker.terminate()
        worker.wait(60)

    text = log_path.read_text()
    assert " INFO " in text and "Traceback" not in text
    assert f"started: queue casgate-batch on {queued.redis_url}, 1 thread(s)" in text
    assert text.count(f"of job {job_id}: started (attempt 1)") == 2
    assert f"of job {job_id}: completed in " in text
    assert f"of job {job_id}: failed in " in text and "not a PDF" in text
    # a stopped worker takes its heartbeat with it: health says so at once
    assert _probe(queued)[0] == "down"


def test_health_says_embedded_workers_and_ocr_off(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, ocr_enabled=False, parse_workers=3)
    assert _probe(settings) == ("ok", "embedded: 3 document worker(s) in the server")
    ocr = asyncio.run(health.timed("ocr", health.ocr_check(settings)))
    assert ocr.status == "off" and "switched off" in ocr.detail
    # off is a choice, not a fault: it does not make the whole service degraded
    assert health.overall([ocr]) == "ok"
    assert health.overall([ocr, health.Probe("disk", "down", 1.0, "")]) == "degraded"
