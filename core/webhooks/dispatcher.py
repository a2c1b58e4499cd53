"""The delivery loop: claim due deliveries, send them concurrently, record each outcome.

:class:`Dispatcher` runs as an asyncio task in the server (``webhook_executor = "local"``); it
is woken as soon as an event's transaction commits in this process (:mod:`core.webhooks.wake`)
and otherwise polls every ``webhook_poll_seconds`` for retries that came due and for deliveries
a dead worker left behind (its lease ran out). :func:`drain` is one pass of the same work, what
a Dramatiq message runs (:mod:`core.webhooks.worker`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Awaitable, Callable

import httpx

from core.settings import Settings
from core.webhooks.claims import (
    AttemptResult,
    Claimed,
    claim_due,
    record_attempt,
    record_attempts,
    release,
)
from core.webhooks.models import DeliveryStatus
from core.webhooks.send import attempt
from core.webhooks.wake import add_waker, remove_waker

log = logging.getLogger(__name__)


def new_client(settings: Settings, tls: ssl.SSLContext | None = None) -> httpx.AsyncClient:
    """A client of one connection: httpcore's pool looks at every connection it holds for every
    request it assigns, so one busy pool of many connections costs more than many of one."""
    return httpx.AsyncClient(
        verify=tls or ssl.create_default_context(),
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(settings.webhook_timeout_seconds),
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
    )


class Clients:
    """One client per delivery slot, lent to one delivery at a time."""

    def __init__(self, settings: Settings) -> None:
        tls = ssl.create_default_context()  # loading the CA store once, not per client
        self._all = [new_client(settings, tls) for _ in range(max(1, settings.webhook_concurrency))]
        self._free: asyncio.Queue[httpx.AsyncClient] = asyncio.Queue()
        for client in self._all:
            self._free.put_nowait(client)

    async def deliver(self, settings: Settings, claimed: Claimed, record: Record) -> None:
        client = await self._free.get()
        try:
            await deliver(client, settings, claimed, record)
        finally:
            self._free.put_nowait(client)

    async def aclose(self) -> None:
        await asyncio.gather(*(client.aclose() for client in self._all), return_exceptions=True)


Record = Callable[[Claimed, AttemptResult], Awaitable[DeliveryStatus]]


async def deliver(
    client: httpx.AsyncClient, settings: Settings, claimed: Claimed, record: Record | None = None
) -> None:
    result = await attempt(client, settings, claimed)
    if record is None:
        status = await asyncio.to_thread(record_attempt, settings, claimed, result)
    else:
        status = await record(claimed, result)
    if not result.succeeded:
        log.info(
            "webhook delivery %s attempt %d: %s (now %s)",
            claimed.delivery_id,
            claimed.attempt,
            result.error,
            status.value,
        )


class Recorder:
    """Writes the outcomes that finished meanwhile in one transaction, so a busy worker
    commits once per round rather than once per delivery."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._queue: asyncio.Queue[
            tuple[Claimed, AttemptResult, asyncio.Future[DeliveryStatus]]
        ] = asyncio.Queue()

    async def record(self, claimed: Claimed, result: AttemptResult) -> DeliveryStatus:
        done: asyncio.Future[DeliveryStatus] = asyncio.get_running_loop().create_future()
        await self._queue.put((claimed, result, done))
        return await done

    async def run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                statuses = await asyncio.to_thread(
                    record_attempts, self._settings, [(c, r) for c, r, _ in batch]
                )
            except Exception as exc:  # the database is away: each delivery's lease runs out
                for _, _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for (_, _, done), status in zip(batch, statuses, strict=True):
                if not done.done():
                    done.set_result(status)


class Dispatcher:
    """The in-process delivery worker of a server."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._wake = asyncio.Event()
        self._running: dict[asyncio.Task[None], Claimed] = {}
        self._task: asyncio.Task[None] | None = None

    def start(self) -> Dispatcher:
        self._task = asyncio.create_task(self._run(), name="casgate-webhooks")
        return self

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()

        def waker() -> None:
            loop.call_soon_threadsafe(self._wake.set)

        add_waker(waker)
        recorder = Recorder(self._settings)
        recording = asyncio.create_task(recorder.run())
        try:
            clients = Clients(self._settings)
            try:
                await self._loop(clients, recorder)
            finally:
                await clients.aclose()
        finally:
            remove_waker(waker)
            await self._abandon()
            recording.cancel()

    async def _loop(self, clients: Clients, recorder: Recorder) -> None:
        settings = self._settings
        while True:
            self._wake.clear()
            free = settings.webhook_concurrency - len(self._running)
            if self._running and free < max(1, settings.webhook_concurrency // 4):
                # claim in rounds of several rows, not one row per finished delivery
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), settings.webhook_poll_seconds)
                continue
            try:
                claimed = await asyncio.to_thread(claim_due, settings, free)
            except Exception:  # the database is away: try again at the next poll
                log.exception("claiming webhook deliveries failed")
                claimed = []
            for one in claimed:
                task = asyncio.create_task(clients.deliver(settings, one, recorder.record))
                self._running[task] = one
                task.add_done_callback(self._finished)
            if claimed and len(claimed) == free:
                continue  # maybe more are due: claim again once a slot frees
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), settings.webhook_poll_seconds)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._running.pop(task, None)
        self._wake.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("webhook delivery crashed", exc_info=task.exception())

    async def _abandon(self) -> None:
        """Stopping: cancel what is in flight and hand those deliveries back at once."""
        tasks = dict(self._running)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        unfinished = [claimed for task, claimed in tasks.items() if task.cancelled()]
        await asyncio.to_thread(release, self._settings, unfinished)


async def drain(settings: Settings, limit: int, stopping: Callable[[], bool]) -> int:
    """Deliver due deliveries until none is due, ``limit`` were attempted or ``stopping()``
    says the worker is stopping (the round in flight is finished and recorded first); the
    number attempted."""
    done = 0
    recorder = Recorder(settings)
    recording = asyncio.create_task(recorder.run())
    try:
        clients = Clients(settings)
        while done < limit and not stopping():
            claimed = await asyncio.to_thread(
                claim_due, settings, min(settings.webhook_concurrency, limit - done)
            )
            if not claimed:
                break
            await asyncio.gather(
                *(clients.deliver(settings, one, recorder.record) for one in claimed)
            )
            done += len(claimed)
        await clients.aclose()
    finally:
        recording.cancel()
    return done
