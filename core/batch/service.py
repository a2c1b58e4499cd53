"""The batch functions the gRPC servicers call. Async where they do I/O (database work in
threads); every one takes the caller's :class:`Principal` and an optional ``settings``."""

from __future__ import annotations

import asyncio
import logging
import secrets
from functools import partial
from typing import Any

from sqlmodel import col, select

from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import Principal
from core.batch.analyse import CONTRACT_NOTE
from core.batch.dispatch import dispatch, dispatch_pending, ensure_queue_reachable, executor_of
from core.batch.events import add_event, relay
from core.batch.models import (
    JOB_ACTIVE,
    BatchItem,
    BatchJob,
    Document,
    DocumentContent,
    EventType,
    ItemStatus,
    JobStatus,
)
from core.batch.pool import document_pool
from core.batch.process import run_document
from core.batch.sealing import seal
from core.batch.sources import (
    PathScope,
    Source,
    check_path,
    parse_csv,
    parse_source,
    save_upload_name,
    upload_key,
)
from core.batch.state import (
    finalize_if_done,
    give_up,
    requeue_running,
    set_cancelled,
    set_paused,
    set_resumed,
    transaction,
)
from core.batch.views import (
    ActiveBatchesView,
    BatchControlView,
    BatchJobView,
    BatchStartedView,
    PathChecksView,
    ProcessedBatchView,
    ProcessedDocumentView,
)
from core.batch.webhook_events import EVENT_OPTION
from core.db import session_scope
from core.errors import (
    BadRequest,
    Code,
    Conflict,
    Forbidden,
    PayloadTooLarge,
    empty_upload,
)
from core.models.contract_note import ContractNote
from core.settings import Settings, get_settings
from core.webhooks.events import BATCH_COMPLETED

log = logging.getLogger(__name__)


def _owner(principal: Principal) -> str:
    if principal.account_id is None:
        raise Forbidden("The sandbox key cannot run batches; use an API key or sign in")
    return principal.account_id


def _options(options: dict[str, Any] | None) -> dict[str, Any]:
    options = dict(options or {})
    parse = options.get("parse")
    return {
        "parse": True if parse is None else bool(parse),
        "ocr": bool(options.get("ocr")),
        "tag": bool(options.get("tag")),
        "searchable_pdf": bool(options.get("searchable_pdf")),
        "any_document": bool(options.get("any_document")),
    }


def _sources(
    raw: list[dict[str, Any]],
    csv_text: str | None,
    settings: Settings,
    limit: int,
    principal: Principal,
) -> list[Source]:
    rows = list(raw or [])
    if csv_text and csv_text.strip():
        rows += parse_csv(csv_text)
    if not rows:
        raise BadRequest("a batch needs at least one source")
    if len(rows) > limit:
        raise BadRequest(f"a batch may hold at most {limit} documents; this one has {len(rows)}")
    paths = PathScope(settings, _owner(principal))
    return [parse_source(row, settings, paths) for row in rows]


def _create_job(
    settings: Settings,
    principal: Principal,
    name: str,
    sources: list[Source],
    options: dict[str, Any],
) -> tuple[str, list[str]]:
    account_id = _owner(principal)
    job = BatchJob(
        account_id=account_id,
        name=(name or "batch")[:200],
        total=len(sources),
        options=options,
        principal_kind=principal.kind,
        key_id=principal.key_id,
        user_id=principal.user_id,
    )
    items = []
    for position, source in enumerate(sources):
        item = BatchItem(
            account_id=account_id,
            job_id=job.id,
            position=position,
            source=source.display[:2048],
            kind=source.kind,
            ref=source.ref,
        )
        item.password_enc = seal(source.password, settings, context=item.id)
        items.append(item)
    with transaction(settings, job.id) as (session, seqs):
        session.add(job)
        session.flush()
        session.add_all(items)
        session.flush()
        seqs.append(add_event(session, job.id, EventType.QUEUED).seq)
    return job.id, [item.id for item in items]


async def start_batch(
    principal: Principal,
    name: str,
    sources: list[dict[str, Any]],
    options: dict[str, Any] | None = None,
    csv_text: str | None = None,
    *,
    settings: Settings | None = None,
) -> BatchStartedView:
    """Create a job and queue its documents (status ``queued``).

    ``sources``: dicts with exactly one of ``path``/``url``/``s3_uri``/``upload_id`` and an
    optional ``password``; ``csv_text`` adds rows in the :func:`template_csv` format.
    Raises ``BadRequest`` (no/malformed sources, path outside the batch root, too many),
    ``Forbidden`` (sandbox).
    """
    settings = settings or get_settings()
    _owner(principal)
    executor_of(settings)
    opts = _options(options)
    parsed = await asyncio.to_thread(
        _sources, sources, csv_text, settings, settings.batch_max_documents, principal
    )
    await asyncio.to_thread(ensure_queue_reachable, settings)
    job_id, item_ids = await asyncio.to_thread(_create_job, settings, principal, name, parsed, opts)
    await asyncio.to_thread(dispatch, settings, job_id, item_ids)
    return BatchStartedView(job_id=job_id, status=JobStatus.QUEUED, total=len(item_ids))


def _job_with_items(
    settings: Settings, principal: Principal, job_id: str
) -> tuple[BatchJob, list[BatchItem]]:
    with session_scope(settings) as session:
        job = get_owned(session, BatchJob, job_id, principal, label="Job")
        items = session.exec(
            select(BatchItem).where(BatchItem.job_id == job.id).order_by(col(BatchItem.position))
        ).all()
        return job, list(items)


def _documents_of(settings: Settings, items: list[BatchItem]) -> dict[str, Document]:
    """The stored documents of a job's processed items, by id."""
    ids = [item.document_id for item in items if item.document_id]
    if not ids:
        return {}
    with session_scope(settings) as session:
        rows = session.exec(select(Document).where(col(Document.id).in_(ids))).all()
        return {row.id: row for row in rows}


def job_status(settings: Settings, principal: Principal, job_id: str) -> BatchJobView:
    job, items = _job_with_items(settings, principal, job_id)
    return BatchJobView.of(job, items, _documents_of(settings, items))


async def get_status(
    principal: Principal, job_id: str, *, settings: Settings | None = None
) -> BatchJobView:
    """The job with its documents; ``NotFound`` if not the caller's."""
    settings = settings or get_settings()
    return await asyncio.to_thread(job_status, settings, principal, job_id)


def _control(
    settings: Settings, principal: Principal, job_id: str, action: str
) -> BatchControlView:
    with session_scope(settings) as session:
        job = get_owned(session, BatchJob, job_id, principal, label="Job")
    if action == "pause":
        set_paused(settings, job.id)
    elif action == "resume":
        if job.status in (JobStatus.CANCELLING, JobStatus.CANCELLED):
            raise Conflict(f"Job {job.id} was cancelled; a cancelled job cannot be resumed")
        if set_resumed(settings, job.id):
            dispatch_pending(settings, job.id, running_too=True)
    else:
        set_cancelled(settings, job.id)
    with session_scope(settings) as session:
        current = session.get(BatchJob, job.id)
        status = current.status if current else job.status
    return BatchControlView(job_id=job.id, status=status)


async def pause(
    principal: Principal, job_id: str, *, settings: Settings | None = None
) -> BatchControlView:
    """Pause between documents (the one running finishes). A job that is not queued/running
    is left as it is. ``NotFound`` if not the caller's."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_control, settings, principal, job_id, "pause")


async def resume(
    principal: Principal, job_id: str, *, settings: Settings | None = None
) -> BatchControlView:
    """Resume a paused job; ``NotFound`` if not the caller's, ``Conflict`` if it was cancelled
    (a finished job is left as it is)."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_control, settings, principal, job_id, "resume")


async def cancel(
    principal: Principal, job_id: str, *, settings: Settings | None = None
) -> BatchControlView:
    """Cancel: documents done stay done, queued ones are cancelled, a running one finishes.
    The status is ``cancelling`` until that one finishes, then ``cancelled``."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_control, settings, principal, job_id, "cancel")


def _active(settings: Settings, principal: Principal) -> list[BatchJobView]:
    with session_scope(settings) as session:
        jobs = session.exec(
            owned_select(BatchJob, principal)
            .where(col(BatchJob.status).in_(JOB_ACTIVE))
            .order_by(col(BatchJob.created_at).desc(), col(BatchJob.id))
        ).all()
        return [BatchJobView.of(job) for job in jobs]


async def list_active(
    principal: Principal, *, settings: Settings | None = None
) -> ActiveBatchesView:
    """The caller's unfinished jobs (without documents), newest first."""
    settings = settings or get_settings()
    return ActiveBatchesView(jobs=await asyncio.to_thread(_active, settings, principal))


async def validate_paths(
    principal: Principal, paths: list[str], *, settings: Settings | None = None
) -> PathChecksView:
    """One check per path; a path outside the account's root is reported with its ``error``.
    ``BadRequest`` for more paths than a batch may hold, ``Forbidden`` when the caller's
    account was not given server-side paths."""
    settings = settings or get_settings()
    _owner(principal)
    if len(paths) > settings.batch_max_documents:
        raise BadRequest(f"at most {settings.batch_max_documents} paths may be checked at once")
    scope = PathScope(settings, _owner(principal))
    results = await asyncio.to_thread(lambda: [check_path(p, scope) for p in paths])
    valid = sum(1 for r in results if r.error is None)
    return PathChecksView(results=results, valid=valid, invalid=len(results) - valid)


async def save_upload(
    principal: Principal,
    data: bytes,
    *,
    filename: str = "",
    pdf_only: bool = True,
    settings: Settings | None = None,
) -> str:
    """Keep an uploaded PDF for a later batch; returns its ``upload_id`` (a ``upload_id``
    source), shown by its original ``filename`` when given. ``PayloadTooLarge``;
    ``BadRequest`` (empty, not a PDF) unless ``pdf_only`` is false: one of several uploads of
    a batch then fails as its own document, named, instead of refusing the whole batch."""
    from core.storage import get_store

    settings = settings or get_settings()
    account_id = _owner(principal)
    if len(data) > settings.max_upload_bytes:
        raise PayloadTooLarge(f"the file is larger than the limit of {settings.max_upload_bytes}")
    if pdf_only and not data:
        raise empty_upload()
    if pdf_only and b"%PDF-" not in data[:1024]:
        raise BadRequest("the upload is not a PDF", code=Code.NOT_A_PDF)
    upload_id = secrets.token_hex(16)
    await asyncio.to_thread(get_store(settings).put, upload_key(account_id, upload_id), data)
    if filename:
        await asyncio.to_thread(save_upload_name, settings, account_id, upload_id, filename)
    return upload_id


# ------------------------------------------------------------------ legacy synchronous
def _process_inline(settings: Settings, item_id: str) -> None:
    run_document(item_id, settings, document_pool(settings), on_note=relay)


def _sync_results(settings: Settings, principal: Principal, job_id: str) -> ProcessedBatchView:
    job, items = _job_with_items(settings, principal, job_id)
    ids = [item.document_id for item in items if item.document_id]
    with session_scope(settings) as session:
        contents = {
            row.document_id: row.statement
            for row in session.exec(
                select(DocumentContent).where(col(DocumentContent.document_id).in_(ids))
            ).all()
        }
    documents = _documents_of(settings, items)
    results = []
    for item in items:
        result = contents.get(item.document_id) if item.document_id else None
        if item.status != ItemStatus.COMPLETED:
            result = None
        document = documents.get(item.document_id or "")
        note = document is not None and document.document_type == CONTRACT_NOTE
        results.append(
            ProcessedDocumentView(
                source=item.source,
                status=item.status,
                document_id=item.document_id or None,
                error=item.error or None,
                statement=result if result and not note else None,
                contract_note=ContractNote.model_validate(result) if result and note else None,
            )
        )
    return ProcessedBatchView(
        job_id=job.id,
        status=job.status,
        total=job.total,
        done=job.done,
        failed=job.failed,
        results=results,
    )


async def process_sync(
    principal: Principal,
    sources: list[dict[str, Any]],
    options: dict[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    name: str = "synchronous batch",
    event: str = BATCH_COMPLETED,
) -> ProcessedBatchView:
    """Legacy ``ProcessBatch``: process a small batch now (in this process's parse pool) and
    answer every result. The job is kept in the history; its end sends the webhook ``event``.
    Raises as :func:`start_batch`; at most ``settings.batch_sync_max_documents`` sources."""
    settings = settings or get_settings()
    _owner(principal)
    opts = {**_options(options), EVENT_OPTION: event}
    parsed = await asyncio.to_thread(
        _sources, sources, None, settings, settings.batch_sync_max_documents, principal
    )
    job_id, item_ids = await asyncio.to_thread(_create_job, settings, principal, name, parsed, opts)
    slots = asyncio.Semaphore(max(1, settings.parse_workers))

    async def one(item_id: str) -> None:
        async with slots:
            try:
                # on the document pool's own threads: a slow document never holds a database
                # thread
                await document_pool(settings).in_pool_thread(
                    partial(_process_inline, settings, item_id)
                )
            except Exception:  # no executor retries a synchronous call: the document fails
                log.exception("synchronous batch document %s failed unexpectedly", item_id)
                await asyncio.to_thread(give_up, settings, item_id)

    await asyncio.gather(*(one(item_id) for item_id in item_ids))
    return await asyncio.to_thread(_sync_results, settings, principal, job_id)


# ------------------------------------------------------------------ start-up
def resume_active_jobs(settings: Settings | None = None) -> int:
    """Continue every unfinished job after a start-up (blocking; call it once the database is
    migrated). Embedded mode takes back documents left running by the previous process;
    the Dramatiq mode re-queues unfinished documents (duplicates are harmless). Returns the
    number of jobs continued."""
    settings = settings or get_settings()
    local = executor_of(settings) == "local"
    with session_scope(settings) as session:
        jobs = session.exec(
            select(BatchJob.id, BatchJob.status).where(col(BatchJob.status).in_(JOB_ACTIVE))
        ).all()
    for job_id, status in jobs:
        if local:
            requeue_running(settings, job_id)
        if status == JobStatus.CANCELLING:
            with transaction(settings, job_id) as (session, seqs):
                seqs += finalize_if_done(session, job_id)
        if status != JobStatus.PAUSED:
            dispatch_pending(settings, job_id, running_too=True)
    return len(jobs)
