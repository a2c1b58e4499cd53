"""Every change of a job's or document's state: one transaction each, each starting with a
conditional ``UPDATE`` (so a retried or concurrent call changes nothing twice), each appending
its progress events in the same transaction and announcing them after the commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import CursorResult, func, update
from sqlmodel import Session, col, select

from core.accounts.principal import Principal
from core.batch.events import add_event, announce
from core.batch.models import (
    ITEM_TERMINAL,
    JOB_ACTIVE,
    BatchItem,
    BatchJob,
    EventType,
    ItemStatus,
    JobStatus,
)
from core.batch.sealing import unseal
from core.batch.sources import Source, stored_source
from core.batch.webhook_events import record_job_end
from core.db import session_scope, table, utcnow
from core.settings import Settings


class Busy(Exception):
    """Another worker holds the document's lease; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"document leased for another {retry_after:.1f}s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Claim:
    """What a worker needs to process one claimed document (the password unsealed)."""

    item_id: str
    job_id: str
    account_id: str
    principal: Principal
    source: Source
    #: the source as shown back to the owner (the item's ``source`` column)
    shown: str
    parse: bool
    #: 1 for a first delivery; more when an earlier worker may have got part of the way
    attempt: int
    #: read pages without a usable text layer by OCR (the job's ``ocr`` option)
    ocr: bool = False
    #: run the tagging pipeline on the document (``options.tag``)
    tag: bool = False
    #: keep a searchable PDF (OCR's words as an invisible text layer) beside the document
    searchable_pdf: bool = False
    #: keep a document that is no statement unparsed instead of failing it (single documents)
    any_document: bool = False

    def outcome(
        self,
        status: ItemStatus,
        found: Found | None = None,
        *,
        timings: dict[str, float] | None = None,
        **details: str | None,
    ) -> Outcome:
        return Outcome(
            self.item_id, self.job_id, self.shown, status, found=found, timings=timings, **details
        )

    def stage(self, settings: Settings, stage: str, ocr_pages: int | None = None) -> None:
        """Announce that this document enters ``stage`` (a ``document_stage`` event)."""
        with transaction(settings, self.job_id) as (session, seqs):
            added = add_event(
                session,
                self.job_id,
                EventType.DOCUMENT_STAGE,
                source=self.shown,
                stage=stage,
                ocr_pages=ocr_pages,
            )
            seqs.append(added.seq)


@contextmanager
def transaction(settings: Settings, job_id: str) -> Iterator[tuple[Session, list[int]]]:
    """A session whose appended event numbers are announced once it has committed."""
    seqs: list[int] = []
    with session_scope(settings) as session:
        yield session, seqs
    if seqs:
        announce(settings, job_id, max(seqs))


def _changed(result: Any) -> bool:
    cursor: CursorResult[Any] = result
    return cursor.rowcount == 1


def lease_seconds(settings: Settings) -> float:
    return settings.parse_timeout_seconds + settings.batch_redelivery_seconds


def principal_of(job: BatchJob) -> Principal:
    return Principal(
        kind=job.principal_kind,  # type: ignore[arg-type]
        account_id=job.account_id,
        key_id=job.key_id,
        user_id=job.user_id,
    )


class _NotTaken(Exception):
    """Rolls back a claim whose document changed between our read and our write."""


def claim_item(settings: Settings, item_id: str) -> Claim | None:
    """Take a document for processing. ``None`` when there is nothing to do (already
    finished, job paused, cancelled or gone); :class:`Busy` when another worker holds it.

    The common case is one transaction that reads the item and its job, then writes them.
    """
    seqs: list[int] = []
    claim: Claim | None = None
    try:
        with session_scope(settings) as session:
            item = session.get(BatchItem, item_id)
            job = session.get(BatchJob, item.job_id) if item else None
            if item is None or job is None or item.status in ITEM_TERMINAL:
                return None
            gave_up = False
            if job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
                now = utcnow()
                if (
                    item.status == ItemStatus.RUNNING
                    and item.lease_until
                    and item.lease_until > now
                ):
                    raise Busy((item.lease_until - now).total_seconds() + 0.5)
                gave_up = (
                    item.status == ItemStatus.RUNNING and item.attempts > settings.batch_max_retries
                )
                if not gave_up:
                    claim = _take(session, seqs, item, job, settings)
    except _NotTaken:
        raise Busy(1.0) from None  # someone claimed it between our read and our write
    if claim is None:
        if job.status in (JobStatus.CANCELLING, JobStatus.CANCELLED):
            cancel_item(settings, item)
        elif gave_up:
            finish_item(
                settings,
                item.id,
                status=ItemStatus.FAILED,
                error=f"processing this document stopped its worker {item.attempts} times",
            )
        return None  # paused: resuming queues the document again
    if seqs:
        announce(settings, claim.job_id, max(seqs))
    password = unseal(item.password_enc, settings, context=item.id)
    return replace(claim, source=replace(claim.source, password=password))


def running_claim(settings: Settings, item_id: str) -> Claim | None:
    """The claim of a document still running (without its password), for recording the
    outcome of a worker that was stopped; ``None`` once the document has finished."""
    with session_scope(settings) as session:
        item = session.get(BatchItem, item_id)
        job = session.get(BatchJob, item.job_id) if item else None
    if item is None or job is None or item.status != ItemStatus.RUNNING:
        return None
    return _claim_of(item, job)


def _claim_of(item: BatchItem, job: BatchJob) -> Claim:
    return Claim(
        item_id=item.id,
        job_id=job.id,
        account_id=job.account_id,
        principal=principal_of(job),
        source=stored_source(item.kind, item.ref, item.source),
        shown=item.source,
        parse=bool(job.options.get("parse", True)),
        ocr=bool(job.options.get("ocr", False)),
        attempt=item.attempts,
        tag=bool(job.options.get("tag", False)),
        searchable_pdf=bool(job.options.get("searchable_pdf", False)),
        any_document=bool(job.options.get("any_document", False)),
    )


def _take(
    session: Session, seqs: list[int], item: BatchItem, job: BatchJob, settings: Settings
) -> Claim:
    """The claim's writes. The job row is written before the item's, the order cancelling
    takes, so on PostgreSQL the two never wait for each other's locks in a cycle."""
    started = session.execute(
        update(BatchJob)
        .where(col(BatchJob.id) == job.id, col(BatchJob.status) == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING)
    )
    if _changed(started):
        seqs.append(add_event(session, job.id, EventType.STARTED).seq)
    if item.status == ItemStatus.QUEUED:
        seqs.append(add_event(session, job.id, EventType.DOCUMENT_STARTED, source=item.source).seq)
    now = utcnow()
    items = table(BatchItem)
    took = session.connection().execute(
        update(items)
        .where(
            items.c.id == item.id,
            items.c.status == item.status,
            items.c.attempts == item.attempts,
        )
        .values(
            status=ItemStatus.RUNNING,
            attempts=items.c.attempts + 1,
            lease_until=now + timedelta(seconds=lease_seconds(settings)),
            updated_at=now,
        )
    )
    if not _changed(took):
        raise _NotTaken
    return replace(_claim_of(item, job), attempt=item.attempts + 1)


def finish_item(
    settings: Settings,
    item_id: str,
    *,
    status: ItemStatus,
    document_id: str | None = None,
    error: str | None = None,
    summary: str | None = None,
    sha256: str | None = None,
    expect: ItemStatus = ItemStatus.RUNNING,
    found: Found | None = None,
    timings: dict[str, float] | None = None,
) -> bool:
    """Record a document's outcome exactly once (``False`` if it was already recorded)."""
    with session_scope(settings) as session:
        item = session.get(BatchItem, item_id)
        if item is None:
            return False
        job_id, shown = item.job_id, item.source
    with transaction(settings, job_id) as (session, seqs):
        recorded = record_outcome(
            session,
            Outcome(
                item_id,
                job_id,
                shown,
                status,
                document_id=document_id,
                error=error,
                summary=summary,
                sha256=sha256,
                found=found,
                timings=timings,
            ),
            expect=expect,
        )
        if recorded is None:
            return False
        seqs += recorded
    return True


#: the reason given for a document whose processing kept failing unexpectedly
GAVE_UP = "the document could not be processed (internal error)"


def give_up(settings: Settings, item_id: str) -> bool:
    """Fail a document the executor could not process after its retries, wherever it
    stopped: claimed, or still queued (its worker never started)."""
    return any(
        finish_item(settings, item_id, status=ItemStatus.FAILED, error=GAVE_UP, expect=state)
        for state in (ItemStatus.RUNNING, ItemStatus.QUEUED)
    )


@dataclass(frozen=True)
class Outcome:
    """How one document ended."""

    item_id: str
    job_id: str
    shown: str
    status: ItemStatus  # an end state: completed, failed or cancelled
    document_id: str | None = None
    error: str | None = None
    summary: str | None = None
    sha256: str | None = None
    #: what the parse found, for the document_finished event
    found: Found | None = None
    #: milliseconds per stage that ran (``{"open_ms": 3.1, ...}``), for the document's event
    timings: dict[str, float] | None = None


@dataclass(frozen=True)
class Found:
    """A completed document's type, whether its statement reconciled, and its OCR pages."""

    document_type: str
    complete: bool | None
    incomplete_sections: tuple[str, ...]
    ocr_pages: int

    def event_fields(self) -> dict[str, Any]:
        return {
            "document_type": self.document_type,
            "complete": self.complete,
            "incomplete_sections": list(self.incomplete_sections) or None,
            "ocr_pages": self.ocr_pages or None,
        }


def record_outcome(
    session: Session, outcome: Outcome, *, expect: ItemStatus = ItemStatus.RUNNING
) -> list[int] | None:
    """Record ``outcome`` in the caller's transaction: the item, the job's counter, its event
    and, for the last document, the job's end. ``None`` (nothing written) when the item is no
    longer ``expect``: another delivery recorded it first."""
    item = table(BatchItem)
    changed = session.connection().execute(
        update(item)
        .where(item.c.id == outcome.item_id, item.c.status == expect)
        .values(
            status=outcome.status,
            document_id=outcome.document_id,
            error=outcome.error,
            sha256=outcome.sha256,
            lease_until=None,
            password_enc=None,
            updated_at=utcnow(),
        )
    )
    if not _changed(changed):
        return None
    if outcome.status == ItemStatus.CANCELLED:  # no counter, no event of its own; the job's says it
        session.execute(
            update(BatchJob).where(col(BatchJob.id) == outcome.job_id).values(updated_at=utcnow())
        )
        return finalize_if_done(session, outcome.job_id)
    completed = outcome.status == ItemStatus.COMPLETED
    added = add_event(
        session,
        outcome.job_id,
        EventType.DOCUMENT_FINISHED if completed else EventType.DOCUMENT_FAILED,
        count="done" if completed else "failed",
        source=outcome.shown,
        document_id=outcome.document_id,
        error=outcome.error,
        summary=outcome.summary,
        timings=outcome.timings or None,
        **(outcome.found.event_fields() if outcome.found else {}),
    )
    # Only cancelling leaves documents cancelled, so otherwise the counters tell what is left.
    if added.status != JobStatus.CANCELLING and added.done + added.failed < added.total:
        return [added.seq]
    return [added.seq, *finalize_if_done(session, outcome.job_id)]


def cancel_item(settings: Settings, item: BatchItem) -> None:
    """A document of a cancelled job that had not finished is cancelled."""
    if item.status == ItemStatus.RUNNING and item.lease_until and item.lease_until > utcnow():
        return  # its worker is still on it and will record the outcome
    finish_item(settings, item.id, status=ItemStatus.CANCELLED, expect=item.status)


def finalize_if_done(session: Session, job_id: str) -> list[int]:
    """End the job once no document is left: cancelled, failed (every document failed) or
    completed. Must run after this transaction's job-row lock was taken."""
    left = session.execute(
        select(func.count())
        .select_from(BatchItem)
        .where(col(BatchItem.job_id) == job_id, col(BatchItem.status).not_in(ITEM_TERMINAL))
    ).scalar_one()
    if left:
        return []
    job = session.execute(
        select(BatchJob.status, BatchJob.done, BatchJob.failed, BatchJob.total).where(
            col(BatchJob.id) == job_id
        )
    ).one()
    status, _done, failed, total = job
    if status not in JOB_ACTIVE:
        return []
    if status == JobStatus.CANCELLING:
        final = JobStatus.CANCELLED
    elif total and failed == total:
        final = JobStatus.FAILED
    else:
        final = JobStatus.COMPLETED
    ended = session.execute(
        update(BatchJob)
        .where(col(BatchJob.id) == job_id, col(BatchJob.status).in_(JOB_ACTIVE))
        .values(status=final)
    )
    if not _changed(ended):
        return []
    session.execute(
        update(BatchItem).where(col(BatchItem.job_id) == job_id).values(password_enc=None)
    )
    error = "every document failed" if final == JobStatus.FAILED else None
    record_job_end(session, job_id)  # its webhook event commits with the job's end
    return [add_event(session, job_id, EventType(final), error=error).seq]


# ------------------------------------------------------------------ job controls
def set_paused(settings: Settings, job_id: str) -> bool:
    with transaction(settings, job_id) as (session, seqs):
        changed = session.execute(
            update(BatchJob)
            .where(
                col(BatchJob.id) == job_id,
                col(BatchJob.status).in_((JobStatus.QUEUED, JobStatus.RUNNING)),
            )
            .values(status=JobStatus.PAUSED)
        )
        if _changed(changed):
            seqs.append(add_event(session, job_id, EventType.PAUSED).seq)
            return True
    return False


def set_resumed(settings: Settings, job_id: str) -> bool:
    with transaction(settings, job_id) as (session, seqs):
        changed = session.execute(
            update(BatchJob)
            .where(col(BatchJob.id) == job_id, col(BatchJob.status) == JobStatus.PAUSED)
            .values(status=JobStatus.RUNNING)
        )
        if _changed(changed):
            seqs.append(add_event(session, job_id, EventType.RESUMED).seq)
            return True
    return False


def set_cancelled(settings: Settings, job_id: str) -> bool:
    """Cancel: queued documents are cancelled now, a running one finishes first."""
    with transaction(settings, job_id) as (session, seqs):
        changed = session.execute(
            update(BatchJob)
            .where(col(BatchJob.id) == job_id, col(BatchJob.status).in_(JOB_ACTIVE[:3]))
            .values(status=JobStatus.CANCELLING, updated_at=utcnow())
        )
        if not _changed(changed):
            return False
        session.execute(
            update(BatchItem)
            .where(col(BatchItem.job_id) == job_id, col(BatchItem.status) == ItemStatus.QUEUED)
            .values(status=ItemStatus.CANCELLED, password_enc=None, updated_at=utcnow())
        )
        seqs += finalize_if_done(session, job_id)
    return True


def pending_items(settings: Settings, job_id: str, *, running_too: bool) -> list[str]:
    """Ids of the job's unfinished documents, in order."""
    states = (ItemStatus.QUEUED, ItemStatus.RUNNING) if running_too else (ItemStatus.QUEUED,)
    with session_scope(settings) as session:
        return list(
            session.exec(
                select(BatchItem.id)
                .where(BatchItem.job_id == job_id, col(BatchItem.status).in_(states))
                .order_by(col(BatchItem.position))
            ).all()
        )


def requeue_running(settings: Settings, job_id: str) -> None:
    """Embedded mode after a restart: documents left running belonged to the dead process."""
    with session_scope(settings) as session:
        session.execute(
            update(BatchItem)
            .where(col(BatchItem.job_id) == job_id, col(BatchItem.status) == ItemStatus.RUNNING)
            .values(lease_until=None)
        )
