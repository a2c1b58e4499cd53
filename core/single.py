"""One document processed now: kept like a batch document, answered with its result.

It is a one-document synchronous batch, so a single document gets the same detection, parsing,
storage, history row and charging as every batch document.
"""

from __future__ import annotations

from typing import Any

from . import batch, history
from .accounts import Principal
from .errors import BadRequest
from .settings import Settings, get_settings


async def process_document(
    principal: Principal,
    data: bytes,
    filename: str,
    password: str | None,
    options: dict[str, Any] | None = None,
    *,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """The ``ProcessDocumentResponse`` fields of ``data``; ``BadRequest`` with the reason when
    the document cannot be processed (its failed history row is kept)."""
    settings = settings or get_settings()
    upload_id = await batch.save_upload(principal, data, settings=settings)
    source = {"upload_id": upload_id, "password": password or ""}
    outcome = await batch.process_sync(principal, [source], options, settings=settings)
    result = outcome["results"][0]
    if result["status"] != "completed":
        raise BadRequest(result.get("error") or "The document could not be processed.")
    document = await history.get_document(principal, result["document_id"], settings=settings)
    statement = document.get("statement") or {}
    detection = (statement.get("meta") or {}).get("detection") or {}
    return {
        "document_id": document["id"],
        "filename": filename or document["filename"],
        "status": document["status"],
        "document_type": document["document_type"],
        "confidence": detection.get("confidence", 0.0),
        "pages": document["pages"],
        "ocr_used": False,
        "tags": document["tags"],
        "statement": statement or None,
        "processing_ms": document["processing_ms"],
    }
