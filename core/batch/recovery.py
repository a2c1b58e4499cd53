"""Finding batch documents whose queue message was lost (Dramatiq executor).

Redis holds the queue; restarted without persistence, or with its keys flushed, it forgets
every waiting message, and nothing would ever deliver those documents. The database still knows
them: a document queued, or running past its lease (its worker is gone), whose message Redis
no longer holds (see :func:`core.batch.queue.message_alive`) is queued again. Delivering a
document twice is harmless (processing is idempotent), so an occasional extra message costs
one look at the database, never a second charge.
"""

from __future__ import annotations

import logging

from sqlmodel import col, or_, select

from core.batch.models import BatchItem, BatchJob
from core.batch.queue import enqueue, message_alive
from core.db import session_scope, utcnow
from core.settings import Settings

log = logging.getLogger(__name__)

#: jobs whose documents a worker should be delivered (paused ones wait for resume)
_DELIVERING = ("queued", "running")


def _waiting_items(settings: Settings) -> list[tuple[str, str]]:
    """``(job id, item id)`` of every document that some message should be delivering."""
    now = utcnow()
    with session_scope(settings) as session:
        rows = session.exec(
            select(BatchItem.job_id, BatchItem.id)
            .join(BatchJob, col(BatchJob.id) == col(BatchItem.job_id))
            .where(
                col(BatchJob.status).in_(_DELIVERING),
                or_(
                    col(BatchItem.status) == "queued",
                    (col(BatchItem.status) == "running") & (col(BatchItem.lease_until) < now),
                ),
            )
        ).all()
    return [(job_id, item_id) for job_id, item_id in rows]


def requeue_lost(settings: Settings) -> int:
    """Queue again every waiting document whose message Redis lost; the number queued."""
    lost: dict[str, list[str]] = {}
    for job_id, item_id in _waiting_items(settings):
        if not message_alive(settings, item_id):
            lost.setdefault(job_id, []).append(item_id)
    for job_id, item_ids in lost.items():
        log.warning(
            "job %s: %d queued document(s) lost by Redis, queued again", job_id, len(item_ids)
        )
        enqueue(settings, job_id, item_ids)
    return sum(len(ids) for ids in lost.values())
