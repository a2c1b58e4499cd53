"""Past and present jobs of the caller: list, detail, delete (with the stored files)."""

from __future__ import annotations

import asyncio

from sqlalchemy import func
from sqlmodel import col, select

from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import Principal
from core.batch.models import JOB_ACTIVE, BatchJob
from core.batch.service import job_status
from core.batch.views import BatchJobView
from core.db import session_scope
from core.errors import Conflict
from core.history.paging import page_window
from core.history.views import JobPageView
from core.notice import Notice
from core.retention import remove_jobs
from core.settings import Settings, get_settings


def _list(settings: Settings, principal: Principal, page: int, page_size: int) -> JobPageView:
    page, page_size, offset = page_window(page, page_size)
    query = owned_select(BatchJob, principal)
    with session_scope(settings) as session:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        jobs = session.exec(
            query.order_by(col(BatchJob.created_at).desc(), col(BatchJob.id))
            .offset(offset)
            .limit(page_size)
        ).all()
        return JobPageView(
            jobs=[BatchJobView.of(job) for job in jobs],
            page=page,
            page_size=page_size,
            total=total,
        )


async def list_jobs(
    principal: Principal, page: int = 1, page_size: int = 20, *, settings: Settings | None = None
) -> JobPageView:
    """The caller's jobs (without their documents), newest first. ``BadRequest`` for a page < 1 or a
    page_size outside 1-100 (0 means default)."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_list, settings, principal, page, page_size)


async def get_job(
    principal: Principal, job_id: str, *, settings: Settings | None = None
) -> BatchJobView:
    """One job with its documents; ``NotFound`` if not the caller's."""
    settings = settings or get_settings()
    return await asyncio.to_thread(job_status, settings, principal, job_id)


def _delete(settings: Settings, principal: Principal, job_id: str) -> Notice:
    with session_scope(settings) as session:
        job = get_owned(session, BatchJob, job_id, principal, label="Job")
        if job.status in JOB_ACTIVE:
            raise Conflict("The job is still active; cancel it before deleting it")
    count = remove_jobs(settings, [job_id]).documents
    return Notice(msg=f"Deleted job {job_id} with {count} document{'s' if count != 1 else ''}")


async def delete_job(
    principal: Principal, job_id: str, *, settings: Settings | None = None
) -> Notice:
    """Delete a finished job, its documents and their stored files. ``NotFound`` if not the
    caller's, ``Conflict`` while the job is active."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_delete, settings, principal, job_id)
