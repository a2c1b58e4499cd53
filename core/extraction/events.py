"""The completion events of extraction and review jobs (``extraction.completed``,
``review.completed``), recorded in the transaction that saves the job's result, so that an
event is neither lost (the result saved, the event not) nor invented (the reverse).

:func:`record_completion` is the one place the event is written: into the webhooks' durable
outbox (:func:`core.webhooks.outbox.record_event`), inside the caller's ``session``.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from core.extraction.models import ExtractionJob, JobKind, JobStatus
from core.webhooks.outbox import record_event

EVENTS = {JobKind.EXTRACTION: "extraction.completed", JobKind.REVIEW: "review.completed"}


def event_data(job: ExtractionJob) -> dict[str, Any]:
    """The webhook body's ``data``: ``{"job_id", "filename", "result"}`` (the reference's),
    plus ``status`` and, for a failure, ``error`` and ``error_status``."""
    data: dict[str, Any] = {
        "job_id": job.id,
        "filename": job.filename,
        "status": job.status.value,
        "result": job.result,
    }
    if job.status is JobStatus.FAILED:
        data.update(error=job.error, error_status=job.error_status)
    if job.workflow_id is not None:
        data.update(workflow_id=job.workflow_id, workflow_version=job.workflow_version)
    return data


def record_completion(session: Session, job: ExtractionJob) -> None:
    """Write the job's completion event in ``session`` (the transaction of its result)."""
    record_event(session, account_id=job.account_id, event=EVENTS[job.kind], data=event_data(job))
