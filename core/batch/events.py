"""Progress events: numbered per job in the database (the record), announced after commit
in-process and over Redis pub/sub (a wake-up only: watchers always read the database)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from typing import Any, Literal, NamedTuple

import redis
from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from core.accounts.clock import rfc3339
from core.batch.models import JOB_TERMINAL, BatchEvent, BatchJob, EventType, JobStatus
from core.db import session_scope, table, utcnow
from core.isolation import notify_parent
from core.settings import Settings

log = logging.getLogger(__name__)

TERMINAL_EVENTS = tuple(EventType(status) for status in JOB_TERMINAL)
#: the note a worker process sends its parent for each announcement (see :func:`relay`)
_WAKE = "batch-wake"


def percent(done: int, failed: int, total: int) -> float:
    return round(100.0 * (done + failed) / total, 2) if total else 100.0


class Added(NamedTuple):
    """An appended event's number and the job's state it left."""

    seq: int
    status: JobStatus
    done: int
    failed: int
    total: int


def add_event(
    session: Session,
    job_id: str,
    type_: EventType,
    *,
    count: Literal["done", "failed"] | None = None,
    **fields: Any,
) -> Added:
    """Append an event to the job inside the caller's transaction. ``count`` names the job
    counter (``done`` or ``failed``) the event adds one to.

    The ``UPDATE ... RETURNING`` takes the job row's lock, so events of one job are numbered
    and committed strictly in order.
    """
    now = utcnow()
    job = table(BatchJob)
    counters = {count: job.c[count] + 1} if count else {}
    connection = session.connection()
    row = connection.execute(
        update(job)
        .where(job.c.id == job_id)
        .values(last_seq=job.c.last_seq + 1, updated_at=now, **counters)
        .returning(job.c.last_seq, job.c.status, job.c.done, job.c.failed, job.c.total)
    ).one()
    added = Added(*row)
    payload = {k: v for k, v in fields.items() if v is not None}
    payload.update(
        done=added.done,
        failed=added.failed,
        total=added.total,
        percent=percent(added.done, added.failed, added.total),
    )
    connection.execute(
        insert(table(BatchEvent)).values(
            job_id=job_id, seq=added.seq, type=type_, payload=payload, at=now
        )
    )
    return added


def events_after(
    settings: Settings, job_id: str, after_seq: int, limit: int = 500
) -> list[dict[str, Any]]:
    """The job's events after ``after_seq``, oldest first (plain rows: watchers read often)."""
    query = (
        select(BatchEvent.seq, BatchEvent.type, BatchEvent.at, BatchEvent.payload)
        .where(BatchEvent.job_id == job_id, col(BatchEvent.seq) > after_seq)
        .order_by(col(BatchEvent.seq))
        .limit(limit)
    )
    with session_scope(settings) as session:
        rows = session.execute(query).all()
    return [
        {"job_id": job_id, "seq": seq, "type": type_, "at": rfc3339(at), **payload}
        for seq, type_, at, payload in rows
    ]


# ------------------------------------------------------------------ announcements
class _LocalHub:
    """Wakes watchers in this process; safe to call from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}

    def subscribe(self, job_id: str) -> tuple[asyncio.AbstractEventLoop, asyncio.Event]:
        entry = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            self._waiters.setdefault(job_id, set()).add(entry)
        return entry

    def unsubscribe(
        self, job_id: str, entry: tuple[asyncio.AbstractEventLoop, asyncio.Event]
    ) -> None:
        with self._lock:
            waiters = self._waiters.get(job_id)
            if waiters is not None:
                waiters.discard(entry)
                if not waiters:
                    del self._waiters[job_id]

    def wake(self, job_id: str) -> None:
        with self._lock:
            waiters = list(self._waiters.get(job_id, ()))
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(event.set)


hub = _LocalHub()
_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def channel(settings: Settings, job_id: str) -> str:
    return f"{settings.redis_key_prefix}batch:{job_id}"


def _redis(url: str) -> redis.Redis:
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            client = _clients[url] = redis.Redis.from_url(url, socket_timeout=5)
        return client


def announce(settings: Settings, job_id: str, seq: int) -> None:
    """Tell watchers a committed event exists (call after the transaction commits). In an
    isolated worker process the wake-up goes to the server process (:func:`relay`)."""
    if not notify_parent((_WAKE, job_id)):
        hub.wake(job_id)
    if settings.redis_url:
        try:
            _redis(settings.redis_url).publish(channel(settings, job_id), str(seq))
        except redis.RedisError as exc:  # watchers still poll the database
            log.warning("batch progress publish failed: %s", type(exc).__name__)


def relay(note: Any) -> None:
    """``on_note`` of a document run in an isolated worker: wake this process's watchers."""
    if isinstance(note, tuple) and len(note) == 2 and note[0] == _WAKE:
        hub.wake(str(note[1]))
