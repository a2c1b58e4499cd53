"""Distributed execution on Dramatiq over Redis: one message per document.

Messages carry ids only (never passwords), and the request id of the call that queued them.
Dramatiq delivers at least once; a worker that dies mid-document stops heart-beating and its
unacknowledged messages go back to the queue after ``settings.batch_redelivery_seconds``.
Processing is idempotent (see :mod:`core.batch.process`).
"""

from __future__ import annotations

import threading

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import CurrentMessage

from core.logs import current_request_id
from core.settings import Settings

QUEUE = "casgate-batch"
ACTOR = "casgate_process_document"

_brokers: dict[tuple[str, str, int], RedisBroker] = {}
_lock = threading.Lock()


def get_broker(settings: Settings) -> RedisBroker:
    """The broker of ``settings`` (Redis URL, key prefix as namespace), one per process."""
    if not settings.redis_url:
        raise RuntimeError("the dramatiq batch executor needs CASGATE_REDIS_URL")
    key = (settings.redis_url, settings.redis_key_prefix, settings.batch_redelivery_seconds)
    with _lock:
        broker = _brokers.get(key)
        if broker is None:
            broker = RedisBroker(
                url=settings.redis_url,
                namespace=f"{settings.redis_key_prefix}dramatiq",
                heartbeat_timeout=settings.batch_redelivery_seconds * 1000,
                # dead workers are only noticed during maintenance; make it frequent
                maintenance_chance=100_000,
            )
            broker.add_middleware(CurrentMessage())
            broker.declare_queue(QUEUE)
            _brokers[key] = broker
        return broker


def message_for(job_id: str, item_id: str) -> dramatiq.Message:  # type: ignore[type-arg]
    """The message of one document; it carries the current request id to the worker's logs."""
    return dramatiq.Message(
        queue_name=QUEUE,
        actor_name=ACTOR,
        args=(job_id, item_id),
        kwargs={},
        options={"request_id": current_request_id()},
    )


def enqueue(
    settings: Settings, job_id: str, item_ids: list[str], *, delay_ms: int | None = None
) -> None:
    broker = get_broker(settings)
    for item_id in item_ids:
        broker.enqueue(message_for(job_id, item_id), delay=delay_ms)
