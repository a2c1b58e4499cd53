"""Production delivery on Dramatiq over Redis (``webhook_executor = "dramatiq"``).

The outbox in the database stays the source of truth; a Dramatiq message only says "deliver
what is due" (:func:`core.webhooks.dispatcher.drain`), so a lost, duplicated or late message
costs nothing: claiming is safe under any number of concurrent workers, and the server's
:class:`DrainScheduler` queues a message whenever an event commits in it and whenever a poll
finds due deliveries (retries, events of other processes, leases of dead workers).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from typing import Any

import dramatiq

from core.batch.queue import get_broker
from core.settings import Settings
from core.webhooks.claims import has_due
from core.webhooks.wake import add_waker, remove_waker

log = logging.getLogger(__name__)

QUEUE = "casgate-webhooks"
ACTOR = "casgate_deliver_webhooks"


def webhook_broker(settings: Settings) -> Any:
    broker = get_broker(settings)
    if QUEUE not in broker.get_declared_queues():
        broker.declare_queue(QUEUE)
    return broker


def drain_waiting(settings: Settings) -> bool:
    """Whether a drain message is queued or being worked on (Dramatiq keeps a message in the
    queue's ``.msgs`` hash until it is acknowledged)."""
    broker = webhook_broker(settings)
    return bool(broker.client.hlen(f"{broker.namespace}:{QUEUE}.msgs"))


def enqueue_drain(settings: Settings) -> None:
    webhook_broker(settings).enqueue(
        dramatiq.Message(queue_name=QUEUE, actor_name=ACTOR, args=(), kwargs={}, options={})
    )


def declare_actor(settings: Settings, stopping: threading.Event) -> Any:
    """Register the drain actor on the broker of ``settings``; once ``stopping`` is set, a
    drain claims nothing more."""
    from core.webhooks.dispatcher import drain

    broker = webhook_broker(settings)
    if ACTOR in broker.actors:
        return broker.actors[ACTOR]

    limit = max(1, settings.webhook_concurrency) * 8

    def casgate_deliver_webhooks() -> None:
        asyncio.run(drain(settings, limit, stopping.is_set))

    return dramatiq.actor(actor_name=ACTOR, queue_name=QUEUE, broker=broker, max_retries=0)(
        casgate_deliver_webhooks
    )


class DrainScheduler:
    """In the server: queue a drain when an event commits here, or when a poll finds work."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> DrainScheduler:
        self._task = asyncio.create_task(self._run(), name="casgate-webhook-scheduler")
        return self

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def _due_and_idle(self) -> bool:
        """A poll queues a drain only when work is due and no drain is already on its way (an
        event committed here queues one regardless)."""
        return has_due(self._settings) and not drain_waiting(self._settings)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()

        def waker() -> None:
            loop.call_soon_threadsafe(self._wake.set)

        add_waker(waker)
        try:
            while True:
                woken = self._wake.is_set()
                self._wake.clear()
                try:
                    if woken or await asyncio.to_thread(self._due_and_idle):
                        await asyncio.to_thread(enqueue_drain, self._settings)
                except Exception:  # Redis or the database away: next round
                    log.exception("queueing webhook deliveries failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._settings.webhook_poll_seconds)
        finally:
            remove_waker(waker)
