"""``WatchBatch``: a snapshot of the job, then its events as they are committed, until the
job ends. Events are read from the database; in-process and Redis pub/sub notifications only
say when to look, and a periodic look covers any lost notification."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from core.accounts.clock import rfc3339
from core.accounts.ownership import get_owned
from core.accounts.principal import Principal
from core.batch.events import TERMINAL_EVENTS, channel, events_after, hub
from core.batch.models import JOB_TERMINAL, BatchJob
from core.batch.views import BatchEventView, BatchJobView
from core.db import session_scope, utcnow
from core.settings import Settings, get_settings

#: how often a watcher looks at the database even without a notification, seconds
POLL_SECONDS = 2.0
#: events read at once
PAGE = 500
#: after a notification, how long a watcher lets further events gather before it reads them
#: (a busy batch commits hundreds a second; each watcher then reads at most ~50 times a second)
GATHER_SECONDS = 0.02


def _load(settings: Settings, principal: Principal, job_id: str) -> BatchJob:
    with session_scope(settings) as session:
        return get_owned(session, BatchJob, job_id, principal, label="Job")


def snapshot_event(job: BatchJob) -> BatchEventView:
    """The ``snapshot`` event: the job's status and counters now, numbered as its newest
    event (a watcher joining a finished job learns from ``status`` that nothing follows)."""
    view = BatchJobView.of(job)
    return BatchEventView(
        job_id=job.id,
        seq=job.last_seq,
        type="snapshot",
        status=view.status,
        done=view.done,
        failed=view.failed,
        total=view.total,
        percent=view.percent,
        at=rfc3339(utcnow()),
    )


async def watch(
    principal: Principal,
    job_id: str,
    after_seq: int = 0,
    *,
    settings: Settings | None = None,
) -> AsyncIterator[BatchEventView]:
    """Progress events of a job the principal owns (``NotFound`` otherwise).

    ``after_seq=0`` starts with a ``snapshot`` of the current state; ``after_seq=n`` replays
    the events after ``n`` instead. The stream ends after the job's terminal event
    (``completed``, ``cancelled`` or ``failed``).
    """
    settings = settings or get_settings()
    job = await asyncio.to_thread(_load, settings, principal, job_id)
    entry = hub.subscribe(job_id)
    listener = (
        asyncio.create_task(_listen(settings, job_id, entry[1])) if settings.redis_url else None
    )
    try:
        if after_seq <= 0:
            yield snapshot_event(job)
            if job.status in JOB_TERMINAL:
                return
            last = job.last_seq
        else:
            last = after_seq
        woken = False  # nothing told us to look: an empty first read checks the job
        while True:
            entry[1].clear()  # before reading: an event committed from now on wakes us again
            events = await asyncio.to_thread(events_after, settings, job_id, last, PAGE)
            for event in events:
                yield BatchEventView.model_validate(event)
                last = event["seq"]
                if event["type"] in TERMINAL_EVENTS:
                    return
            if len(events) == PAGE:
                continue  # more are waiting
            if not events and not woken:  # a quiet period: has the job gone or ended?
                current = await asyncio.to_thread(_load, settings, principal, job_id)
                if current.status in JOB_TERMINAL and current.last_seq <= last:
                    return
            woken = True
            try:
                await asyncio.wait_for(entry[1].wait(), POLL_SECONDS)
            except TimeoutError:
                woken = False
            else:  # let a burst of events gather: one read for all of them
                await asyncio.sleep(GATHER_SECONDS)
    finally:
        hub.unsubscribe(job_id, entry)
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(BaseException):
                await listener


async def _listen(settings: Settings, job_id: str, wake: asyncio.Event) -> None:
    """Set ``wake`` on every Redis announcement of this job (other processes' workers)."""
    import redis.asyncio as aioredis

    client = aioredis.from_url(settings.redis_url)
    try:
        async with client.pubsub() as pubsub:
            await pubsub.subscribe(channel(settings, job_id))
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    wake.set()
    except Exception:  # Redis trouble: the watcher still polls
        return
    finally:
        await client.aclose()
