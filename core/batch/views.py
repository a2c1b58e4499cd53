"""What the batch functions answer: typed views of jobs, their documents, path checks and
progress events, named field for field like the messages of ``batch.proto``."""

from __future__ import annotations

from core.accounts.clock import rfc3339
from core.batch.events import percent
from core.batch.models import BatchItem, BatchJob, Document, ItemStatus
from core.batch.timings import StageTimingsView
from core.models.contract_note import ContractNote
from core.models.unified import UnifiedResponse
from core.views import View


class BatchDocumentView(View):
    """One document of a job: where it came from and how it went; for a completed one what
    its parse found (type, whether the statement reconciled, pages read by OCR); for a
    processed one how long its stages took."""

    source: str
    status: str
    document_id: str | None = None
    error: str | None = None
    document_type: str | None = None
    complete: bool | None = None
    incomplete_sections: list[str] | None = None
    ocr_pages: int | None = None
    #: how long each stage of a processed (completed or failed) document took
    timings: StageTimingsView | None = None

    @classmethod
    def of(cls, item: BatchItem, document: Document | None = None) -> BatchDocumentView:
        found = document if item.status == ItemStatus.COMPLETED else None
        return cls(
            source=item.source,
            status=item.status,
            document_id=item.document_id or None,
            error=item.error or None,
            document_type=found.document_type if found else None,
            complete=found.complete if found else None,
            incomplete_sections=(list(found.incomplete_sections or []) or None) if found else None,
            ocr_pages=found.ocr_pages if found else None,
            timings=StageTimingsView.of(document.timings) if document else None,
        )


class BatchJobView(View):
    """A job with its counters; ``documents`` only in the detail view."""

    job_id: str
    name: str
    status: str
    total: int
    done: int
    failed: int
    percent: float
    created_at: str
    updated_at: str
    documents: list[BatchDocumentView] | None = None
    #: the newest event's number when this state was read (a watch from it misses nothing)
    last_seq: int = 0

    @classmethod
    def of(
        cls,
        job: BatchJob,
        items: list[BatchItem] | None = None,
        documents: dict[str, Document] | None = None,
    ) -> BatchJobView:
        found = documents or {}
        return cls(
            job_id=job.id,
            name=job.name,
            status=job.status,
            total=job.total,
            done=job.done,
            failed=job.failed,
            percent=percent(job.done, job.failed, job.total),
            created_at=rfc3339(job.created_at),
            updated_at=rfc3339(job.updated_at),
            last_seq=job.last_seq,
            documents=None
            if items is None
            else [BatchDocumentView.of(i, found.get(i.document_id or "")) for i in items],
        )


class BatchStartedView(View):
    """A job just created and queued."""

    job_id: str
    status: str
    total: int


class BatchControlView(View):
    """A job's status after a pause, resume or cancel."""

    job_id: str
    status: str


class ActiveBatchesView(View):
    jobs: list[BatchJobView]


class PathCheckView(View):
    """Whether a server-side path can be a batch source, and why not."""

    path: str
    exists: bool = False
    readable: bool = False
    is_pdf: bool = False
    size: int = 0
    encrypted: bool = False
    error: str | None = None


class PathChecksView(View):
    results: list[PathCheckView]
    valid: int
    invalid: int


class ProcessedDocumentView(View):
    """One document of a synchronous batch, with its statement when it completed."""

    source: str
    status: str
    document_id: str | None = None
    error: str | None = None
    statement: UnifiedResponse | None = None
    #: the parsed note when the document is a broker contract note
    contract_note: ContractNote | None = None


class ProcessedBatchView(View):
    """A synchronous batch, finished: its counters and every document's result."""

    job_id: str
    status: str
    total: int
    done: int
    failed: int
    results: list[ProcessedDocumentView]


class BatchEventView(View):
    """One progress step of a job (a ``snapshot`` first, then its events as they happen)."""

    job_id: str
    seq: int
    type: str
    source: str | None = None
    document_id: str | None = None
    error: str | None = None
    done: int
    failed: int
    total: int
    percent: float
    at: str
    summary: str | None = None
    status: str | None = None
    #: ``document_stage`` events: ocr, parse or tag
    stage: str | None = None
    #: ``document_finished`` events: what the parse found
    document_type: str | None = None
    complete: bool | None = None
    incomplete_sections: list[str] | None = None
    ocr_pages: int | None = None
    #: ``document_finished`` and ``document_failed`` events: how long each stage took
    timings: StageTimingsView | None = None
