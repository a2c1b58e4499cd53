"""Processing one batch document, the same in every executor and in the legacy synchronous
call: in an isolated worker process, claim it, read its bytes, analyse them, keep the file,
then charge, store the history row and record the outcome in one transaction. Every step is
idempotent, so a redelivered task is harmless."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session

from core import metrics
from core.accounts.credits import charge_in
from core.batch.analyse import Analysis, StageHook, analyse, search_fields, summarise
from core.batch.documents import (
    add_document,
    completed_key,
    failed_key,
    find_by_key,
    searchable_key,
)
from core.batch.models import Document, DocumentStatus, ItemStatus
from core.batch.sealing import SealBroken
from core.batch.sources import read_source
from core.batch.state import (
    Busy,
    Claim,
    Found,
    claim_item,
    finish_item,
    record_outcome,
    running_claim,
    transaction,
)
from core.batch.timings import StageClock, elapsed_ms
from core.errors import BadRequest, CasgateError, InsufficientCredits, ProcessingTimeout
from core.isolation import WorkerPool
from core.settings import Settings
from core.storage import get_store

if TYPE_CHECKING:
    from core.tagging.pipeline import TaggingResult

log = logging.getLogger(__name__)

UNREADABLE = "The PDF could not be read (an unexpected error in the PDF engine)."

#: the path recorded on the usage rows of batch documents
USAGE_PATH = "/api/batch/start"


class _AlreadyRecorded(Exception):
    """Another delivery recorded this document's outcome first: roll ours back."""


def document_deadline(settings: Settings) -> float:
    """How long one document may take in its worker: the download, then the parse."""
    return settings.url_fetch_timeout_seconds + settings.parse_timeout_seconds


def run_document(
    item_id: str,
    settings: Settings,
    pool: WorkerPool,
    *,
    on_note: Callable[[Any], None] | None = None,
) -> float | None:
    """Process one document entirely in an isolated worker process of ``pool``: its database
    work too, so executors scale with workers instead of queueing on this process. Returns
    the seconds to wait before trying again when another worker holds the document's lease.

    The worker asks this process to read a scan's pages, which are spread over the OCR
    pool (:func:`core.ocr.run.answer_pages`) within the document's deadline.

    A worker stopped by the pool (deadline, memory, crash) fails the document with the
    reason; unexpected errors (database down, ...) propagate so the executor retries.
    """
    started = time.monotonic()
    try:
        retry_after: float | None = pool.run(
            _process_here,
            item_id,
            settings,
            timeout=document_deadline(settings),
            on_note=on_note,
            on_ask=partial(_answer_pages, settings),
        )
    except (ProcessingTimeout, BadRequest) as stopped:
        claim = running_claim(settings, item_id)
        if claim is None:  # stopped before it took the document: nothing is recorded
            raise WorkerStopped(stopped.message) from None
        _fail(settings, claim, stopped.message, started)
        return None
    return retry_after


def _answer_pages(settings: Settings, request: Any, seconds: float) -> Any:
    # imported with the first scan: the PDF and imaging modules stay out of server start-up
    from core.ocr.run import answer_pages

    return answer_pages(settings, request, seconds)


class WorkerStopped(Exception):
    """The worker was stopped before it had claimed the document; the executor retries."""


def _process_here(item_id: str, settings: Settings) -> float | None:
    """:func:`run_document`'s job, in the worker process."""
    try:
        process_item(item_id, settings)
    except Busy as busy:
        return busy.retry_after
    return None


def process_item(item_id: str, settings: Settings) -> None:
    """Process one document of a job, parse included: the body of :func:`run_document`'s job
    in an isolated worker process (tests call it directly).

    Raises :class:`core.batch.state.Busy` when another worker holds the document's lease;
    unexpected errors (database down, ...) propagate so the executor retries.
    """
    try:
        claim = claim_item(settings, item_id)
    except SealBroken as exc:  # no retry can open it: fail the document with the reason
        finish_item(settings, item_id, status=ItemStatus.FAILED, error=exc.message)
        return
    if claim is None:
        return
    started = time.monotonic()
    clock = StageClock()
    try:
        with clock.stage("fetch"):
            data = read_source(claim.source, claim.account_id, settings)
    except CasgateError as exc:
        _fail(settings, claim, exc.message, started, clock=clock)
        return
    sha256 = hashlib.sha256(data).hexdigest()
    key = completed_key(claim.job_id, sha256)
    # Only a redelivery can find its own document stored; the same bytes twice in one job are
    # caught by the unique idempotency key when the second is stored.
    stored = find_by_key(settings, key) if claim.attempt > 1 else None
    if stored is None:
        try:
            result = analyse(
                data,
                claim.source.password,
                claim.parse,
                settings,
                claim.ocr,
                on_stage=_stages(settings, claim),
                searchable=claim.searchable_pdf,
                any_document=claim.any_document,
                clock=clock,
            )
        except CasgateError as exc:
            _fail(settings, claim, exc.message, started, data=data, sha256=sha256, clock=clock)
            return
        except Exception:  # the same bytes would fail again: no retry, the document fails
            log.exception("batch document %s: the PDF broke the engine", claim.item_id)
            _fail(settings, claim, UNREADABLE, started, data=data, sha256=sha256, clock=clock)
            return
        tags = None
        if claim.tag:
            claim.stage(settings, "tag")
            with clock.stage("tag"):
                tags = tag_analysis(settings, claim, result)
        try:
            if _store(settings, claim, data, sha256, result, started, tags, clock):
                return
        except CasgateError as exc:  # key revoked or feature withdrawn meanwhile
            _fail(settings, claim, exc.message, started, data=data, sha256=sha256, clock=clock)
            return
        stored = find_by_key(settings, key)
        if stored is None:  # the conflict was not the idempotency key: the executor retries
            raise RuntimeError(f"storing batch document {claim.item_id} conflicted")
    finish_item(
        settings,
        claim.item_id,
        status=ItemStatus.COMPLETED,
        document_id=stored.id,
        summary=stored.summary,
        sha256=sha256,
        found=Found(
            stored.document_type,
            stored.complete,
            tuple(stored.incomplete_sections or ()),
            stored.ocr_pages,
        ),
        timings=stored.timings,
    )


def _stages(settings: Settings, claim: Claim) -> StageHook | None:
    """Stage events for the document-processing jobs (``options.ocr`` or ``options.tag``):
    ``ocr`` whenever pages are read by OCR, then ``parse``; a plain statement batch keeps its
    lean stream (started, finished)."""
    if not (claim.ocr or claim.tag):
        return None

    def hook(stage: str, ocr_pages: int | None) -> None:
        try:
            claim.stage(settings, stage, ocr_pages)
        except SQLAlchemyError as exc:  # progress is news, not the record: the work goes on
            log.warning("batch stage event not recorded: %s", type(exc).__name__)

    return hook


def found_in(result: Analysis) -> Found:
    return Found(
        document_type=result.document_type,
        complete=result.complete,
        incomplete_sections=tuple(result.incomplete_sections),
        ocr_pages=result.ocr_pages,
    )


def tag_analysis(settings: Settings, claim: Claim, result: Analysis) -> TaggingResult:
    """The tagging pipeline's result for an analysed document (``options.tag``)."""
    from core.tagging.pipeline import TagPipeline  # core.tagging reads core.batch's tables

    return TagPipeline(settings).run(
        claim.account_id, claim.source.filename, result.document_type, result.text
    )


def _store(
    settings: Settings,
    claim: Claim,
    data: bytes,
    sha256: str,
    result: Analysis,
    started: float,
    tagging: TaggingResult | None = None,
    clock: StageClock | None = None,
) -> bool:
    """Keep the file, then in one transaction charge, store the history row and record the
    outcome, so a document is never paid for without being kept nor kept without being paid
    for. ``False`` when the same bytes were stored first in this job (nothing is charged; the
    caller records the outcome against that document)."""
    clock = clock or StageClock()
    object_key = f"documents/{claim.account_id}/{claim.job_id}/{sha256}.pdf"
    store = get_store(settings)
    with clock.stage("store"):
        store.put(object_key, data)
        if result.searchable_pdf is not None:
            store.put(searchable_key(object_key), result.searchable_pdf)
    summary = summarise(result.document_type, result.statement)[:300]
    document = Document(
        account_id=claim.account_id,
        job_id=claim.job_id,
        idem_key=completed_key(claim.job_id, sha256),
        filename=claim.source.filename,
        status=DocumentStatus.COMPLETED,
        document_type=result.document_type,
        pages=result.pages,
        size=len(data),
        sha256=sha256,
        processing_ms=elapsed_ms(started),
        timings=clock.as_dict(),
        summary=summary,
        tags=sorted(tag.name for tag in tagging.assignments) if tagging else [],
        object_key=object_key,
        complete=result.complete,
        incomplete_sections=result.incomplete_sections,
        ocr_pages=result.ocr_pages,
    )
    search_text = "\n".join(
        [
            claim.source.filename,
            result.document_type,
            search_fields(result.statement),
            result.text,
        ]
    )
    outcome = claim.outcome(
        ItemStatus.COMPLETED,
        found_in(result),
        timings=document.timings,
        document_id=document.id,
        summary=summary,
        sha256=sha256,
    )
    cost = 0.0
    try:
        with transaction(settings, claim.job_id) as (session, seqs):
            try:
                cost = charge_in(
                    session,
                    claim.principal,
                    "batch",
                    request_id=f"batch_{claim.job_id}_{sha256[:24]}",
                    path=USAGE_PATH,
                    settings=settings,
                )
            except InsufficientCredits as exc:  # kept with its 402 usage row
                seqs += _record_failure(
                    session, claim, exc.message, started, len(data), sha256, clock
                )
                return True
            recorded = record_outcome(session, outcome)
            if recorded is None:
                raise _AlreadyRecorded
            add_document(
                session,
                document,
                text_content=result.text,
                statement=result.statement,
                search_text=search_text,
                page_ends=result.page_ends,
                ocr=result.ocr,
            )
            if tagging:
                from core.tagging.document_tags import link_calls, record_assignments

                record_assignments(session, claim.account_id, document.id, tagging.assignments)
                link_calls(session, tagging.llm_calls, document.id)
            seqs += recorded
    except _AlreadyRecorded:
        return True
    except IntegrityError:
        return False
    metrics.increment(metrics.CREDITS_SPENT, "batch", amount=cost)
    metrics.increment(metrics.PAGES_PARSED, "batch", amount=result.pages)
    metrics.increment(metrics.DOCUMENTS_PARSED, "batch", "ok")
    return True


def _fail(
    settings: Settings,
    claim: Claim,
    reason: str,
    started: float,
    *,
    data: bytes | None = None,
    sha256: str = "",
    clock: StageClock | None = None,
) -> None:
    """Record a failed document (history row without a stored file) and its outcome, with the
    time of the stages that ran (the last one until it failed)."""
    size = len(data) if data is not None else 0
    try:
        with transaction(settings, claim.job_id) as (session, seqs):
            seqs += _record_failure(session, claim, reason, started, size, sha256, clock)
    except (_AlreadyRecorded, IntegrityError):
        return  # another delivery recorded this document first
    metrics.increment(metrics.DOCUMENTS_PARSED, "batch", "failed")


def _record_failure(
    session: Session,
    claim: Claim,
    reason: str,
    started: float,
    size: int,
    sha256: str,
    clock: StageClock | None = None,
) -> list[int]:
    """The failure's outcome and history row, in the caller's transaction."""
    timings = clock.as_dict() if clock else None
    document = Document(
        account_id=claim.account_id,
        job_id=claim.job_id,
        idem_key=failed_key(claim.job_id, claim.item_id),
        filename=claim.source.filename,
        status=DocumentStatus.FAILED,
        size=size,
        sha256=sha256,
        processing_ms=elapsed_ms(started),
        timings=timings or None,
        error=reason,
    )
    failure = claim.outcome(
        ItemStatus.FAILED,
        document_id=document.id,
        error=reason,
        sha256=sha256 or None,
        timings=timings or None,
    )
    recorded = record_outcome(session, failure)
    if recorded is None:
        raise _AlreadyRecorded
    add_document(session, document, search_text=claim.source.filename)
    return recorded
