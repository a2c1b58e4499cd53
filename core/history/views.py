"""What the history functions answer: pages of jobs and documents, a document's detail and
the caller's totals, named field for field like the messages of ``history.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field

from core.accounts.clock import rfc3339
from core.batch.analyse import CONTRACT_NOTE
from core.batch.models import Document
from core.batch.timings import StageTimingsView
from core.batch.views import BatchJobView
from core.models.contract_note import ContractNote
from core.models.unified import UnifiedResponse
from core.views import View

#: an int32 field's largest value (a size beyond it is shown as this)
INT32_MAX = 2**31 - 1


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A stored file to download: its name and bytes."""

    filename: str
    data: bytes


class DocumentView(View):
    """A stored document; ``statement`` only in the detail view."""

    id: str
    job_id: str | None = None
    filename: str
    status: str
    document_type: str
    pages: int
    size: int
    sha256: str
    processing_ms: float
    error: str | None = None
    tags: list[str]
    created_at: str
    statement: UnifiedResponse | None = None
    complete: bool | None = None
    incomplete_sections: list[str] | None = None
    ocr_pages: int = 0
    #: the parsed note, in the detail view, when the document is a broker contract note
    contract_note: ContractNote | None = None
    #: how long each stage of its processing took (absent when it was not recorded)
    timings: StageTimingsView | None = None

    @classmethod
    def of(cls, doc: Document, statement: dict[str, Any] | None = None) -> DocumentView:
        note = doc.document_type == CONTRACT_NOTE
        return cls(
            id=doc.id,
            job_id=doc.job_id or None,
            filename=doc.filename,
            status=doc.status,
            document_type=doc.document_type,
            pages=doc.pages,
            size=min(doc.size, INT32_MAX),
            sha256=doc.sha256,
            processing_ms=doc.processing_ms,
            error=doc.error or None,
            tags=list(doc.tags or []),
            created_at=rfc3339(doc.created_at),
            statement=(
                UnifiedResponse.model_validate(statement) if statement and not note else None
            ),
            complete=doc.complete,
            incomplete_sections=list(doc.incomplete_sections or []) or None,
            ocr_pages=doc.ocr_pages,
            contract_note=ContractNote.model_validate(statement) if statement and note else None,
            timings=StageTimingsView.of(doc.timings),
        )


class DocumentTextView(View):
    """A stored document's text, page by page."""

    document_id: str
    pages: int
    page_texts: list[str]
    #: the text was cut at ``MAX_TEXT_CHARS`` when it was stored
    text_truncated: bool


class JobPageView(View):
    """One page of the caller's jobs (without their documents), newest first."""

    jobs: list[BatchJobView]
    page: int
    page_size: int
    total: int


class DocumentPageView(View):
    """One page of the caller's documents (without statements)."""

    documents: list[DocumentView]
    page: int
    page_size: int
    total: int


class HistoryStatsView(View):
    """Totals over the caller's documents."""

    documents: int = 0
    pages: int = 0
    by_type: dict[str, int] = Field(default_factory=dict)
    by_status: dict[str, int] = Field(default_factory=dict)
    success_rate: float = 0.0
    mean_processing_ms: float = 0.0
    by_tag: dict[str, int] = Field(default_factory=dict)
    #: pages read by OCR, and documents with any
    ocr_pages: int = 0
    ocr_documents: int = 0
    #: parsed statements whose printed totals did not reconcile
    incomplete: int = 0
