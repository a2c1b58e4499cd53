"""One document processed now: kept like a batch document, answered with its result.

It is a one-document synchronous batch, so a single document gets the same detection, parsing,
storage, history row and charging as every batch document.
"""

from __future__ import annotations

from typing import Any

from . import batch, history
from .accounts import Principal
from .batch.models import ItemStatus
from .errors import BadRequest
from .models.contract_note import ContractNote
from .models.unified import Detection, UnifiedResponse
from .settings import Settings, get_settings
from .views import View
from .webhooks.events import PARSE_COMPLETED


class DocumentResultView(View):
    """A document processed now: its history record's facts and its statement or, for a broker
    contract note, the note."""

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


async def process_document(
    principal: Principal,
    data: bytes,
    filename: str,
    password: str | None,
    options: dict[str, Any] | None = None,
    *,
    settings: Settings | None = None,
) -> DocumentResultView:
    """``data`` processed and kept; ``BadRequest`` with the reason when
    the document cannot be processed (its failed history row is kept)."""
    settings = settings or get_settings()
    upload_id = await batch.save_upload(principal, data, filename=filename, settings=settings)
    source = {"upload_id": upload_id, "password": password or ""}
    options = {"ocr": True, **(options or {})}  # a single document is read by OCR unless told
    outcome = await batch.process_sync(
        principal,
        [source],
        options,
        settings=settings,
        name=filename or "document",
        event=PARSE_COMPLETED,
    )
    result = outcome.results[0]
    if result.status != ItemStatus.COMPLETED or result.document_id is None:
        raise BadRequest(result.error or "The document could not be processed.")
    document = await history.get_document(principal, result.document_id, settings=settings)
    statement, note = document.statement, document.contract_note
    detection = _detection(statement, note)
    return DocumentResultView(
        document_id=document.id,
        filename=filename or document.filename,
        status=document.status,
        document_type=document.document_type,
        confidence=(detection.confidence if detection else None) or 0.0,
        pages=document.pages,
        ocr_used=bool(statement and statement.meta and statement.meta.ocr),
        tags=document.tags,
        statement=statement if statement and statement.to_dict() else None,
        processing_ms=document.processing_ms,
        contract_note=note,
    )


def _detection(statement: UnifiedResponse | None, note: ContractNote | None) -> Detection | None:
    """How the document was recognised: a statement's or a contract note's detection."""
    if note is not None:
        return note.meta.detection if note.meta else None
    return statement.meta.detection if statement and statement.meta else None
