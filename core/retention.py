"""How long stored data lives, and removing it: the retention purge and deleting an account.

``settings.retention_days`` (0: forever) bounds the life of every record that holds a
customer's data: processed documents (their row, extracted text, parsed statement, stored PDF),
finished batch jobs (with their documents, events and uploaded PDFs), usage rows, failed
sign-in records and finished webhook deliveries. The server runs :func:`purge_expired` hourly;
``casgate purge`` runs it once. :func:`delete_account` removes one account and everything it
owns at once (``casgate delete-account``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete
from sqlmodel import Session, col, select

from core.accounts.models import Account, LoginThrottle, UsageLog
from core.batch.documents import searchable_key, unindex
from core.batch.models import JOB_TERMINAL, BatchItem, BatchJob, Document
from core.batch.sources import upload_key
from core.db import session_scope, utcnow
from core.errors import NotFound
from core.retrieval.models import DownloadFile
from core.settings import Settings
from core.storage import get_store
from core.webhooks.claims import purge_finished


@dataclass(frozen=True)
class Removed:
    """What one purge or deletion removed."""

    documents: int = 0
    jobs: int = 0
    files: int = 0
    usage_rows: int = 0


def _stored_files(session: Session, documents: list[Document], jobs: list[str]) -> list[str]:
    """Object keys of ``documents`` and of the uploads the items of ``jobs`` read."""
    keys = [doc.object_key for doc in documents if doc.object_key]
    keys += [searchable_key(key) for key in keys]  # deleting a missing key is no error
    if jobs:
        uploads = session.exec(
            select(BatchItem.account_id, BatchItem.ref).where(
                col(BatchItem.job_id).in_(jobs), BatchItem.kind == "upload_id"
            )
        ).all()
        keys += [upload_key(account_id, ref) for account_id, ref in uploads]
    return keys


def _remove(
    settings: Settings, documents: list[Document], jobs: list[str], keys: list[str]
) -> None:
    """Delete the files first, then the rows: a crash in between leaves rows that the next run
    removes, never a file that no row points at."""
    store = get_store(settings)
    for key in keys:
        store.delete(key)
        if key.startswith("uploads/"):
            store.delete(key + ".name")  # the upload's original file name, if it had one
    with session_scope(settings) as session:
        ids = [doc.id for doc in documents]
        unindex(session, ids)
        if ids:
            session.execute(delete(Document).where(col(Document.id).in_(ids)))
        if jobs:
            session.execute(delete(BatchJob).where(col(BatchJob.id).in_(jobs)))


def remove_jobs(settings: Settings, jobs: list[str]) -> Removed:
    """Remove finished jobs with their documents, events, stored PDFs and uploads."""
    with session_scope(settings) as session:
        documents = list(session.exec(select(Document).where(col(Document.job_id).in_(jobs))))
        keys = _stored_files(session, documents, jobs)
    _remove(settings, documents, jobs, keys)
    return Removed(len(documents), len(jobs), len(keys))


def purge_expired(settings: Settings, *, now: datetime | None = None) -> Removed:
    """Remove what is older than ``settings.retention_days`` (nothing when it is 0)."""
    if settings.retention_days <= 0:
        return Removed()
    cutoff = (now or utcnow()) - timedelta(days=settings.retention_days)
    with session_scope(settings) as session:
        jobs = list(
            session.exec(
                select(BatchJob.id).where(
                    col(BatchJob.status).in_(JOB_TERMINAL), col(BatchJob.updated_at) < cutoff
                )
            ).all()
        )
        documents = list(
            session.exec(
                select(Document).where(
                    (col(Document.created_at) < cutoff) | col(Document.job_id).in_(jobs)
                )
            ).all()
        )
        keys = _stored_files(session, documents, jobs)
    _remove(settings, documents, jobs, keys)
    with session_scope(settings) as session:
        usage = session.execute(
            delete(UsageLog).where(
                col(UsageLog.created_at) < cutoff, col(UsageLog.status_code) != 0
            )
        )
        session.execute(delete(LoginThrottle).where(col(LoginThrottle.updated_at) < cutoff))
        purge_finished(session, cutoff)  # webhook deliveries: their bodies carry results
    return Removed(len(documents), len(jobs), len(keys), _count(usage))


def _count(result: Any) -> int:
    cursor: CursorResult[Any] = result
    return cursor.rowcount or 0


def delete_account(settings: Settings, account_id: str) -> Removed:
    """Remove an account and everything it owns: users, keys, usage, jobs, documents and
    their stored files. ``NotFound`` when there is no such account."""
    # imported here: core.inbox reaches this module through core.single and the batch package
    from core.inbox.retention import mail_file_keys

    with session_scope(settings) as session:
        if session.get(Account, account_id) is None:
            raise NotFound(f"no account {account_id}")
        jobs = list(session.exec(select(BatchJob.id).where(BatchJob.account_id == account_id)))
        documents = list(session.exec(select(Document).where(Document.account_id == account_id)))
        keys = _stored_files(session, documents, jobs)
        # statements that came by mail (their rows go with the account)
        keys += mail_file_keys(session, account_id)
        # files kept only for download links (their rows go with the account)
        keys += session.exec(
            select(DownloadFile.object_key).where(DownloadFile.account_id == account_id)
        ).all()
    _remove(settings, documents, jobs, keys)
    with session_scope(settings) as session:
        usage = session.execute(delete(UsageLog).where(col(UsageLog.account_id) == account_id))
        # users, keys and their sessions go with the account (ON DELETE CASCADE)
        session.execute(delete(Account).where(col(Account.id) == account_id))
    return Removed(len(documents), len(jobs), len(keys), _count(usage))
