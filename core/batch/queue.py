"""Distributed execution on Dramatiq over Redis: one message per document.

Messages carry ids only (never passwords), and the request id of the call that queued them.
Dramatiq delivers at least once; a worker that dies mid-document stops heart-beating and its
unacknowledged messages go back to the queue after ``settings.batch_redelivery_seconds``.
Processing is idempotent (see :mod:`core.batch.process`).

Every enqueue (first delivery, retry, delayed message coming due) records the document's
current Redis message id in a ledger hash beside the queue, so :func:`message_alive` can tell a
document whose message Redis lost (a restart without persistence, a flushed key) from one that
is merely waiting; :mod:`core.batch.recovery` queues the lost ones again.
"""

from __future__ import annotations

import threading
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.common import dq_name
from dramatiq.middleware import CurrentMessage, Middleware

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
            broker = RedisBroker(  # type: ignore[no-untyped-call]  # dramatiq ships no hints
                url=settings.redis_url,
                namespace=f"{settings.redis_key_prefix}dramatiq",
                heartbeat_timeout=settings.batch_redelivery_seconds * 1000,
                # dead workers are only noticed during maintenance; make it frequent
                maintenance_chance=100_000,
            )
            broker.add_middleware(CurrentMessage())
            broker.add_middleware(MessageLedger(ledger_key(settings)))
            broker.declare_queue(QUEUE)
            _brokers[key] = broker
        return broker


def ledger_key(settings: Settings) -> str:
    """The Redis hash: document id → id of the Redis message that will deliver it."""
    return f"{settings.redis_key_prefix}batch:messages"


class MessageLedger(Middleware):
    """Records each document's newest message id in the ledger hash as it is enqueued."""

    def __init__(self, key: str) -> None:
        self._key = key

    def after_enqueue(self, broker: Any, message: Any, delay: int | None) -> None:
        if message.actor_name == ACTOR:  # the broker is always the RedisBroker of get_broker
            broker.client.hset(self._key, message.args[1], message.options["redis_message_id"])


def message_alive(settings: Settings, item_id: str) -> bool:
    """Whether Redis still holds a message that will deliver ``item_id`` (waiting, delayed, or
    taken by a worker and not yet acknowledged)."""
    broker = get_broker(settings)
    message_id = broker.client.hget(ledger_key(settings), item_id)
    if message_id is None:
        return False
    return any(
        broker.client.hexists(f"{broker.namespace}:{queue}.msgs", message_id)
        for queue in (QUEUE, dq_name(QUEUE))
    )


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
