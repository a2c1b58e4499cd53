"""The webhook event of a job that ended: ``batch.completed`` for a batch, ``parse.completed``
for a single document (the job's ``webhook_event`` option), written in the transaction that
ends the job (see :func:`core.webhooks.outbox.record_event`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlmodel import Session

from core.batch.models import BatchItem, BatchJob, Document, DocumentContent
from core.db import table
from core.webhooks.events import BATCH_COMPLETED, PARSE_COMPLETED
from core.webhooks.outbox import record_event

#: the job option naming the event its end sends
EVENT_OPTION = "webhook_event"
_PENDING = "casgate_webhook_job_ends"
_LISTENING = "casgate_webhook_job_ends_listening"


def _document_result(session: Session, item: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "status": item.status.value,
        "document_id": item.document_id,
        "error": item.error,
    }
    if item.document_id:
        document = session.get(Document, item.document_id)
        content = session.get(DocumentContent, item.document_id)
        if document is not None:
            result.update(document_type=document.document_type, pages=document.pages)
        if content is not None and content.statement:
            result["statement"] = content.statement
    return result


def record_job_end(session: Session, job_id: str) -> None:
    """Queue the webhook event of ``job_id``, which just reached its end state, in this
    transaction. It is written just before the commit: the job's last document (its history
    row and statement, the event's ``result``) is stored after its outcome ended the job."""
    pending: list[str] = session.info.setdefault(_PENDING, [])
    if not session.info.get(_LISTENING):
        session.info[_LISTENING] = True
        event.listen(session, "before_commit", _write_job_ends)
    pending.append(job_id)


def _write_job_ends(session: Session) -> None:
    job_ids = session.info.pop(_PENDING, [])
    if job_ids:
        session.flush()
    for job_id in job_ids:
        _record(session, job_id)


def _record(session: Session, job_id: str) -> None:
    jobs, batch_items = table(BatchJob), table(BatchItem)
    job = session.execute(select(jobs).where(jobs.c.id == job_id)).one()
    items = session.execute(
        select(batch_items).where(batch_items.c.job_id == job_id).order_by(batch_items.c.position)
    ).all()
    name = (job.options or {}).get(EVENT_OPTION, BATCH_COMPLETED)
    if name == PARSE_COMPLETED and len(items) == 1:
        result = _document_result(session, items[0])
    else:
        name = BATCH_COMPLETED
        result = {
            "status": job.status.value,
            "total": job.total,
            "done": job.done,
            "failed": job.failed,
            "documents": [
                {
                    "source": item.source,
                    "status": item.status.value,
                    "document_id": item.document_id,
                    "error": item.error,
                }
                for item in items
            ],
        }
    record_event(
        session,
        account_id=job.account_id,
        event=name,
        data={"job_id": job_id, "filename": job.name, "result": result},
    )
