"""Hand documents to the configured executor: the embedded runner or the Dramatiq queue."""

from __future__ import annotations

from core.batch.state import pending_items
from core.errors import REDIS_UNAVAILABLE, BadRequest, ServiceUnavailable
from core.settings import Settings

EXECUTORS = ("local", "dramatiq")


def executor_of(settings: Settings) -> str:
    if settings.batch_executor not in EXECUTORS:
        raise BadRequest(f"unknown batch executor {settings.batch_executor!r}")
    return settings.batch_executor


def ensure_queue_reachable(settings: Settings) -> None:
    """``ServiceUnavailable`` when the Dramatiq executor's Redis does not answer, so a batch is
    refused before anything of it is written."""
    if executor_of(settings) != "dramatiq":
        return
    from redis.exceptions import RedisError

    from core.batch.queue import get_broker

    try:
        get_broker(settings).client.ping()
    except RedisError:
        raise ServiceUnavailable(REDIS_UNAVAILABLE) from None


def dispatch(settings: Settings, job_id: str, item_ids: list[str]) -> None:
    """Queue ``item_ids`` of ``job_id`` (duplicates are harmless: processing is idempotent)."""
    if not item_ids:
        return
    if executor_of(settings) == "dramatiq":
        from core.batch.queue import enqueue

        enqueue(settings, job_id, item_ids)
    else:
        from core.batch.local_runner import get_runner

        get_runner(settings).submit(item_ids)


def dispatch_pending(settings: Settings, job_id: str, *, running_too: bool = False) -> int:
    items = pending_items(settings, job_id, running_too=running_too)
    dispatch(settings, job_id, items)
    return len(items)
