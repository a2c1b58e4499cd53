"""The webhook event of a job that ended: ``batch.completed`` for a batch, ``parse.completed``
for a single document (the job's ``webhook_event`` option), written in the transaction that
ends the job (see :func:`core.webhooks.outbox.record_event`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from core.batch.models import BatchItem, BatchJob, Document, DocumentContent
from core.db import table
from core.webhooks.events import BATCH_COMPLETED, PARSE_COMPLETED
from core.webhooks.outbox import record_event

#: the job option naming the event its end sends
EVENT_OPTION = "webhook_event"


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
    """Queue the webhook event of ``job_id``, which just reached its end state."""
    jobs, batch_items = table(BatchJob), table(BatchItem)
    job = session.execute(select(jobs).where(jobs.c.id == job_id)).one()
    items = session.execute(
        select(batch_items).where(batch_items.c.job_id == job_id).order_by(batch_items.c.position)
    ).all()
    event = (job.options or {}).get(EVENT_OPTION, BATCH_COMPLETED)
    if event == PARSE_COMPLETED and len(items) == 1:
        result = _document_result(session, items[0])
    else:
        event = BATCH_COMPLETED
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
        event=event,
        data={"job_id": job_id, "filename": job.name, "result": result},
    )
