"""Periodic jobs of the server process: the retention purge (hourly, when
``retention_days`` is set), mail import's purge (hourly: expired consents, old mail files), the
purge of files kept only for expired download links (every ten minutes), failing the extraction
jobs whose server stopped under them (every 5 minutes) and, with the Dramatiq executor, queueing
again the batch documents whose messages Redis lost (every ``batch_queue_check_seconds``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from core.batch.dispatch import executor_of
from core.downloads import purge_expired_downloads
from core.extraction.jobs import fail_stale
from core.inbox.retention import purge_mail
from core.retention import purge_expired
from core.settings import Settings

log = logging.getLogger("casgate.housekeeping")

PURGE_INTERVAL_SECONDS = 3600
DOWNLOAD_PURGE_SECONDS = 600
STALE_JOBS_INTERVAL_SECONDS = 300


async def _every(seconds: float, job: Callable[[Settings], Any], settings: Settings) -> None:
    while True:
        try:
            await asyncio.to_thread(job, settings)
        except Exception:  # a failed round (database or Redis away) is retried next time
            log.exception("housekeeping job %s failed", job.__name__)
        await asyncio.sleep(seconds)


def start_housekeeping(settings: Settings) -> list[asyncio.Task[None]]:
    """Start the periodic jobs ``settings`` call for; cancel the tasks to stop them."""
    # expired OAuth consents always; kept mail files past retention_days when it is set;
    # files kept only for download links once their links expire; extraction jobs left behind
    jobs: list[tuple[float, Callable[[Settings], Any]]] = [
        (PURGE_INTERVAL_SECONDS, purge_mail),
        (DOWNLOAD_PURGE_SECONDS, purge_expired_downloads),
        (STALE_JOBS_INTERVAL_SECONDS, fail_stale),
    ]
    if settings.retention_days > 0:
        jobs.append((PURGE_INTERVAL_SECONDS, purge_expired))
    if executor_of(settings) == "dramatiq":
        from core.batch.recovery import requeue_lost

        jobs.append((settings.batch_queue_check_seconds, requeue_lost))
    return [asyncio.create_task(_every(seconds, job, settings)) for seconds, job in jobs]


async def stop_housekeeping(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
