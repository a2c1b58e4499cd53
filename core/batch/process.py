"""Processing one batch document, the same in every executor: claim it, read its bytes,
analyse them in an isolated worker process, keep the file, store the history row, charge
once, record the outcome. Every step is idempotent, so a redelivered task is harmless."""

from __future__ import annotations

import hashlib
import logging
import time

from core.accounts.credits import spend
from core.batch.analyse import analyse, search_fields, summarise
from core.batch.documents import completed_key, failed_key, find_by_key, insert_document
from core.batch.models import Document
from core.batch.sealing import SealBroken
from core.batch.sources import read_source
from core.batch.state import Claim, claim_item, finish_item
from core.errors import CasgateError
from core.isolation import get_pool
from core.settings import Settings
from core.storage import get_store

log = logging.getLogger(__name__)

#: the path recorded on the usage rows of batch documents
USAGE_PATH = "/api/batch/start"


class _AlreadyStored(Exception):
    """Another delivery stored this document first (its charge is refunded)."""


def process_item(item_id: str, settings: Settings) -> None:
    """Process one document of a job (blocking: run it in a worker thread or task worker).

    Raises :class:`core.batch.state.Busy` when another worker holds the document's lease;
    unexpected errors (database down, ...) propagate so the executor retries.
    """
    try:
        claim = claim_item(settings, item_id)
    except SealBroken as exc:  # no retry can open it: fail the document with the reason
        finish_item(settings, item_id, status="failed", error=exc.message)
        return
    if claim is None:
        return
    started = time.monotonic()
    try:
        data = read_source(claim.source, claim.account_id, settings)
    except CasgateError as exc:
        _fail(settings, claim, exc.message, started)
        return
    sha256 = hashlib.sha256(data).hexdigest()
    key = completed_key(claim.job_id, sha256)
    stored = find_by_key(settings, key)
    if stored is None:
        try:
            result = get_pool(settings).run(analyse, data, claim.source.password, claim.parse)
        except CasgateError as exc:
            _fail(settings, claim, exc.message, started, data=data, sha256=sha256)
            return
        try:
            stored = _store(settings, claim, data, sha256, result, started)
        except CasgateError as exc:  # no credits left, key revoked, ...
            _fail(settings, claim, exc.message, started, data=data, sha256=sha256)
            return
    finish_item(
        settings,
        claim.item_id,
        status="completed",
        document_id=stored.id,
        summary=stored.summary,
        sha256=sha256,
    )


def _store(
    settings: Settings, claim: Claim, data: bytes, sha256: str, result: dict, started: float
) -> Document:
    object_key = f"documents/{claim.account_id}/{claim.job_id}/{sha256}.pdf"
    get_store(settings).put(object_key, data)
    key = completed_key(claim.job_id, sha256)
    summary = summarise(result["document_type"], result["statement"])
    document = Document(
        account_id=claim.account_id,
        job_id=claim.job_id,
        idem_key=key,
        filename=claim.source.filename,
        status="completed",
        document_type=result["document_type"],
        pages=result["pages"],
        size=len(data),
        sha256=sha256,
        processing_ms=round((time.monotonic() - started) * 1000, 1),
        summary=summary[:300],
        object_key=object_key,
    )
    search_text = "\n".join(
        [
            claim.source.filename,
            result["document_type"],
            search_fields(result["statement"]),
            result["text"],
        ]
    )
    try:
        with spend(
            claim.principal,
            "batch",
            request_id=f"batch_{claim.job_id}_{sha256[:24]}",
            path=USAGE_PATH,
            settings=settings,
        ):
            inserted = insert_document(
                settings,
                document,
                text_content=result["text"],
                statement=result["statement"],
                search_text=search_text,
            )
            if inserted is None:
                raise _AlreadyStored
    except _AlreadyStored:
        existing = find_by_key(settings, key)
        assert existing is not None
        return existing
    return document


def _fail(
    settings: Settings,
    claim: Claim,
    reason: str,
    started: float,
    *,
    data: bytes | None = None,
    sha256: str = "",
) -> None:
    """Record a failed document (history row without a stored file) and its outcome."""
    key = failed_key(claim.job_id, claim.item_id)
    document = insert_document(
        settings,
        Document(
            account_id=claim.account_id,
            job_id=claim.job_id,
            idem_key=key,
            filename=claim.source.filename,
            status="failed",
            size=len(data) if data is not None else 0,
            sha256=sha256,
            processing_ms=round((time.monotonic() - started) * 1000, 1),
            error=reason,
        ),
        search_text=claim.source.filename,
    ) or find_by_key(settings, key)
    finish_item(
        settings,
        claim.item_id,
        status="failed",
        document_id=document.id if document else None,
        error=reason,
        sha256=sha256 or None,
    )
