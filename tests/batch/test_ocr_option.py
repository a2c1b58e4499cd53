"""Batch ``options.ocr``: a scanned document's text comes from OCR and is searchable."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.batch import process_sync
from core.history import get_document, search_documents
from core.settings import Settings
from tests.batch.conftest import Account
from tests.scans import DOCUMENTS, Noise, scan

pytestmark = pytest.mark.skipif(
    __import__("shutil").which("tesseract") is None, reason="tesseract is not installed"
)


async def test_a_scanned_document_is_read_by_ocr_and_found_by_its_words(
    settings: Settings, account: Account
) -> None:
    # OCR is read within the document's time limit; a busy test machine must not decide
    settings = settings.model_copy(update={"parse_timeout_seconds": 900})
    scanned = scan(DOCUMENTS["invoice"](4), [Noise(dpi=300, skew=1.5)])
    (Path(settings.batch_root) / "scan.pdf").write_bytes(scanned.pdf)
    sources = [{"path": "scan.pdf"}]

    refused = await process_sync(account.principal, sources, {"parse": False}, settings=settings)
    assert refused.results[0].status == "failed"
    assert "no text layer" in (refused.results[0].error or "")

    read = await process_sync(
        account.principal, sources, {"parse": False, "ocr": True}, settings=settings
    )
    result = read.results[0]
    assert result.status == "completed" and result.document_id
    stored = await get_document(account.principal, result.document_id, settings=settings)
    assert stored.pages == 1
    # the OCR stage is timed; nothing was tagged or parsed
    assert stored.timings is not None and stored.timings.ocr_ms is not None
    assert stored.timings.tag_ms is None and stored.timings.parse_ms is None
    word = next(w for w in scanned.truth[0].split() if w.isalpha() and len(w) > 5)
    found = await search_documents(account.principal, word, settings=settings)
    assert result.document_id in [d.id for d in found.documents]
