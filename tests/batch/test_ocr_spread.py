"""A batch document's scanned pages are read by the OCR pool's workers, not one after the other
in the document's own worker: what the document gets is what reading them there would give,
and a page past its limit fails its document with the reason while other documents go on."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from core.batch import process_sync
from core.batch.analyse import analyse
from core.history import document_content, get_document
from core.settings import Settings
from tests.batch.conftest import Account, write_statements
from tests.scans import Noise, bundle, scan

pytestmark = [
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed"),
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),  # OCR, not storage
]

PAGES = 4


def ocr_settings(settings: Settings, **overrides: object) -> Settings:
    """English OCR without the fallback, and time enough on a busy machine (these tests are
    about where pages are read; the limit has its own test)."""
    values: dict[str, object] = {
        "parse_timeout_seconds": 900,
        "ocr_page_timeout_seconds": 300,
        "ocr_languages": "eng",
        "ocr_fallback_below": 0.0,
        **overrides,
    }
    return settings.model_copy(update=values)


def ocr_jobs() -> float:
    """Jobs the OCR pool of this process was given (one a page)."""
    return REGISTRY.get_sample_value("casgate_worker_jobs_total", {"pool": "ocr"}) or 0.0


def write_scan(settings: Settings, pages: int) -> bytes:
    scanned = scan(bundle(pages, seed=7), [Noise(dpi=200, skew=1.0, jpeg_quality=80)])
    (Path(settings.batch_root) / "scan.pdf").write_bytes(scanned.pdf)
    return scanned.pdf


async def test_a_scans_pages_are_read_by_the_ocr_pool_as_reading_them_here_would(
    settings: Settings, account: Account
) -> None:
    settings = ocr_settings(settings)
    pdf = write_scan(settings, PAGES)
    before = ocr_jobs()

    done = await process_sync(
        account.principal,
        [{"path": "scan.pdf"}],
        {"parse": False, "ocr": True, "searchable_pdf": True},
        settings=settings,
    )

    result = done.results[0]
    assert result.status == "completed" and result.document_id, result.error
    # one OCR-pool job a page: none was read in the document's own worker
    assert ocr_jobs() - before == PAGES
    stored = await get_document(account.principal, result.document_id, settings=settings)
    assert stored.ocr_pages == PAGES
    assert stored.timings is not None and stored.timings.ocr_ms is not None
    content = await document_content(account.principal, result.document_id, settings=settings)
    # the same document analysed in this process, which reads its pages itself, one by one
    here = await asyncio.to_thread(analyse, pdf, None, False, settings, True, searchable=True)
    assert ocr_jobs() - before == PAGES  # ... without the OCR pool
    assert content.ocr == here.ocr  # per page: engine, confidence, rotation, skew
    assert content.text == here.text and content.page_ends == here.page_ends
    assert here.searchable_pdf is not None


async def test_a_page_past_its_limit_fails_its_document_while_the_others_are_served(
    settings: Settings, account: Account
) -> None:
    write_scan(settings, 2)
    sources = [{"path": "scan.pdf"}, *write_statements(settings, [1])]
    hasty = ocr_settings(settings, ocr_page_timeout_seconds=0.01)

    done = await process_sync(account.principal, sources, {"ocr": True}, settings=hasty)

    scanned, statement = done.results
    assert scanned.status == "failed"
    assert "OCR of a page took longer than" in (scanned.error or "")
    assert statement.status == "completed", statement.error
    # the OCR pool goes on serving: the same scan under the usual limit
    again = await process_sync(
        account.principal,
        [{"path": "scan.pdf"}],
        {"parse": False, "ocr": True},
        settings=ocr_settings(settings),
    )
    assert again.results[0].status == "completed", again.results[0].error
