"""Extraction and review jobs in the database: created queued, marked running, finished by
:func:`save_outcome`, the single place a result is saved (with its completion event, in one
transaction), and read back by their owner only."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from core.accounts.clock import rfc3339
from core.accounts.ownership import get_owned
from core.accounts.principal import Principal
from core.db import session_scope, utcnow
from core.errors import CasgateError, NotFound
from core.extraction.events import record_completion
from core.extraction.models import ExtractionJob, JobKind, JobStatus, Mode
from core.extraction.views import ExtractionResultView, JobView
from core.review.views import ReviewResultView
from core.settings import Settings, get_settings

#: why a job whose server stopped under it failed
INTERRUPTED = "The server stopped while the job ran; submit the document again."


def create_job(
    settings: Settings,
    principal: Principal,
    kind: JobKind,
    mode: Mode,
    filename: str,
    workflow: tuple[str, int] | None = None,
) -> str:
    if principal.account_id is None:
        raise NotFound("Job not found")
    job = ExtractionJob(
        account_id=principal.account_id, kind=kind, mode=mode, filename=filename[:500]
    )
    if workflow is not None:
        job.workflow_id, job.workflow_version = workflow
    with session_scope(settings) as session:
        session.add(job)
    return job.id


def mark_running(settings: Settings, job_id: str) -> None:
    with session_scope(settings) as session:
        job = session.get(ExtractionJob, job_id)
        if job is not None and job.status is JobStatus.QUEUED:
            job.status = JobStatus.RUNNING
            session.add(job)


def save_outcome(
    settings: Settings,
    job_id: str,
    *,
    result: dict[str, Any] | None = None,
    error: CasgateError | None = None,
) -> None:
    """Finish a job with its result or its error, and record its completion event, in one
    transaction. A job already finished is left as it is (it completes once)."""
    with session_scope(settings) as session:
        job = session.get(ExtractionJob, job_id, with_for_update=True)
        if job is None or job.status in (JobStatus.COMPLETED, JobStatus.FAILED):
            return
        job.finished_at = utcnow()
        if error is None:
            job.status, job.result = JobStatus.COMPLETED, result
        else:
            job.status, job.error, job.error_status = (
                JobStatus.FAILED,
                error.message[:2000],
                error.http_status,
            )
        session.add(job)
        session.flush()
        record_completion(session, job)


def fail_stale(settings: Settings) -> int:
    """Fail the jobs still queued or running ``extraction_job_stale_seconds`` after they were
    submitted: their server stopped under them (a live job ends long before, its worker
    deadlines are shorter). Each gets its completion event; returns how many. Run at start-up
    and periodically, so one server never fails the live jobs of another."""
    cutoff = utcnow() - timedelta(seconds=settings.extraction_job_stale_seconds)
    with session_scope(settings) as session:
        ids = list(
            session.exec(
                select(ExtractionJob.id).where(
                    col(ExtractionJob.status).in_([JobStatus.QUEUED, JobStatus.RUNNING]),
                    col(ExtractionJob.created_at) <= cutoff,
                )
            )
        )
    for job_id in ids:
        save_outcome(settings, job_id, error=CasgateError(INTERRUPTED))
    return len(ids)


def _view(job: ExtractionJob) -> JobView:
    result = review = None
    if job.result is not None and job.kind is JobKind.EXTRACTION:
        result = ExtractionResultView.model_validate(job.result)
    elif job.result is not None:
        review = ReviewResultView.model_validate(job.result)
    return JobView(
        job_id=job.id,
        kind=job.kind.value,
        status=job.status.value,
        filename=job.filename,
        mode=job.mode.value,
        workflow_id=job.workflow_id,
        workflow_version=job.workflow_version,
        error=job.error,
        error_status=job.error_status,
        result=result,
        review=review,
        created_at=rfc3339(job.created_at),
        finished_at=rfc3339(job.finished_at) if job.finished_at else None,
    )


def _get(settings: Settings, principal: Principal, job_id: str) -> JobView:
    with session_scope(settings) as session:
        return _view(get_owned(session, ExtractionJob, job_id, principal, label="Job"))


async def get_job(
    principal: Principal, job_id: str, *, settings: Settings | None = None
) -> JobView:
    """One of the caller's extraction or review jobs; anyone else's is a 404."""
    return await asyncio.to_thread(_get, settings or get_settings(), principal, job_id)
