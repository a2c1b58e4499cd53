"""One document processed now: kept like a batch document, answered with its result.

It is a one-document synchronous batch, so a single document gets the same detection, OCR,
tagging, parsing, storage, history row and charging as every batch document. Any PDF is
accepted: one that is no statement is kept with its type, text and tags, unparsed.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from . import batch, history
from .accounts import Principal
from .batch.documents import add_timing
from .batch.models import ItemStatus
from .batch.timings import StageTimingsView
from .errors import BadRequest
from .history.documents import page_texts
from .models.contract_note import ContractNote
from .models.unified import Detection, OcrInfo, UnifiedResponse
from .settings import Settings, get_settings
from .tagging import get_document_tags
from .tagging.views import DocumentTagView
from .views import View
from .webhooks.events import PARSE_COMPLETED

#: text answered page by page up to this many characters; beyond, a link to it in history
MAX_ANSWERED_TEXT = 200_000


def url_filename(url: str) -> str:
    """The file name a URL's path ends in, without its query or fragment (a presigned URL's
    signature is no file name to keep in history)."""
    return urlsplit(url).path.rsplit("/", 1)[-1]


def text_url(document_id: str) -> str:
    """Where a stored document's text is, page by page (``HistoryService.GetDocumentText``)."""
    return f"/api/history/documents/{document_id}/text"


class DocumentResultView(View):
    """A document processed now: its history record's facts, text, tags and statement or, for a
    broker contract note, the note."""

    document_id: str
    filename: str
    status: str
    document_type: str
    confidence: float
    pages: int
    ocr_used: bool
    tags: list[str]
    statement: UnifiedResponse | None = None
    processing_ms: float
    contract_note: ContractNote | None = None
    #: the text of each page (empty when the document's text is over ``MAX_ANSWERED_TEXT``)
    page_texts: list[str]
    #: true when ``page_texts`` was left out for size
    text_omitted: bool
    #: where the text of each page is when it was left out (:func:`text_url`)
    text_url: str | None = None
    #: the pages read by OCR and how well; absent for a digital PDF
    ocr: OcrInfo | None = None
    #: each tag with its source and confidence
    tag_sources: list[DocumentTagView]
    #: new tag names the LLM suggested (never applied)
    suggested_tags: list[str]
    #: how long each stage took
    timings: StageTimingsView | None = None


async def process_document(
    principal: Principal,
    data: bytes,
    filename: str,
    password: str | None,
    options: dict[str, Any] | None = None,
    *,
    download_ms: float | None = None,
    settings: Settings | None = None,
) -> DocumentResultView:
    """``data`` processed and kept; ``BadRequest`` with the reason when
    the document cannot be processed (its failed history row is kept). ``download_ms``, the
    time ``data`` took to download, is kept with the document's stage timings."""
    settings = settings or get_settings()
    upload_id = await batch.save_upload(principal, data, filename=filename, settings=settings)
    source = {"upload_id": upload_id, "password": password or ""}
    # a single document is read by OCR and tagged unless told, and need not be a statement
    options = {**(options or {}), "any_document": True}
    for default_on in ("ocr", "tag"):
        if options.get(default_on) is None:
            options[default_on] = True
    outcome = await batch.process_sync(
        principal,
        [source],
        options,
        settings=settings,
        name=filename or "document",
        event=PARSE_COMPLETED,
    )
    result = outcome.results[0]
    if download_ms is not None and result.document_id is not None:
        await asyncio.to_thread(add_timing, settings, result.document_id, "download", download_ms)
    if result.status != ItemStatus.COMPLETED or result.document_id is None:
        raise BadRequest(result.error or "The document could not be processed.")
    document = await history.get_document(principal, result.document_id, settings=settings)
    content = await history.document_content(principal, document.id, settings=settings)
    tagged = await get_document_tags(principal, document.id, settings=settings)
    statement, note = document.statement, document.contract_note
    detection = _detection(statement, note)
    omitted = len(content.text) > MAX_ANSWERED_TEXT
    return DocumentResultView(
        document_id=document.id,
        filename=filename or document.filename,
        status=document.status,
        document_type=document.document_type,
        confidence=(detection.confidence if detection else None) or 0.0,
        pages=document.pages,
        ocr_used=bool(content.ocr),
        tags=document.tags,
        statement=statement if statement and statement.to_dict() else None,
        processing_ms=document.processing_ms,
        contract_note=note,
        page_texts=[] if omitted else page_texts(content),
        text_omitted=omitted,
        text_url=text_url(document.id) if omitted else None,
        ocr=OcrInfo.model_validate(content.ocr) if content.ocr else None,
        tag_sources=tagged.tags,
        suggested_tags=tagged.suggested_tags,
        timings=document.timings,
    )


def _detection(statement: UnifiedResponse | None, note: ContractNote | None) -> Detection | None:
    """How the document was recognised: a statement's or a contract note's detection."""
    if note is not None:
        return note.meta.detection if note.meta else None
    return statement.meta.detection if statement and statement.meta else None
