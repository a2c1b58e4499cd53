"""Redis loses the batch queue mid-batch (a restart without persistence; here its keys are
deleted): the server notices the documents whose messages are gone and queues them again, and
the batch completes without a restart, nothing counted or charged twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import redis

from core.batch import start_batch, watch
from core.settings import Settings
from server.housekeeping import start_housekeeping, stop_housekeeping
from tests.accounts.conftest import (  # noqa: F401  (fixtures)
    _no_default_settings,
    database_url,
    redis_prefix,
)
from tests.batch.conftest import make_settings, new_account
from tests.batch.conftest import write_statements as write
from tests.batch.helpers import check_event_stream, credits_used, documents, job_row
from tests.batch.test_dramatiq import Worker

DOCUMENTS = 8


async def test_a_batch_whose_queue_redis_lost_still_completes(
    database_url: str,  # noqa: F811
    redis_prefix: tuple[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    url, prefix = redis_prefix
    settings: Settings = make_settings(
        database_url,
        tmp_path,
        redis_url=url,
        redis_key_prefix=prefix,
        batch_executor="dramatiq",
        parse_workers=1,
        batch_queue_check_seconds=1,
    )
    account = new_account(settings)
    worker = Worker(settings, tmp_path / "worker.log")
    housekeeping = []
    try:
        sources = write(settings, list(range(60, 60 + DOCUMENTS)))
        started = await start_batch(account.principal, "lost", sources, {}, settings=settings)
        job_id = started.job_id
        events = []
        async for event in watch(account.principal, job_id, 0, settings=settings):
            events.append(event)
            if event.type == "document_finished" and not housekeeping:
                # mid-batch: Redis forgets every key of this service
                client = redis.Redis.from_url(url)
                lost = [key for key in client.scan_iter(f"{prefix}*")]
                client.delete(*lost)
                client.close()
                # the server's periodic check finds what no message will deliver any more
                housekeeping = start_housekeeping(settings)
            if event.type in ("completed", "failed", "cancelled"):
                break

        check_event_stream(events)
        assert events[-1].type == "completed" and events[-1].done == DOCUMENTS
        job = job_row(settings, job_id)
        assert (job.status, job.done, job.failed) == ("completed", DOCUMENTS, 0)
        assert len(documents(settings, job_id)) == DOCUMENTS
        assert credits_used(settings, account.key_id) == float(DOCUMENTS)
    finally:
        await stop_housekeeping(housekeeping)
        worker.stop()
        await asyncio.sleep(0)
