"""A batch document's scanned pages are read by the OCR pool's workers, not one after the other
in the document's own worker, in the server's executor and in a Dramatiq worker: what the
document gets is what reading them there would give, and a page past its limit fails its
document with the reason while other documents go on."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from prometheus_client import REGISTRY

from core.batch import process_sync, start_batch
from core.batch.analyse import analyse
from core.batch.worker import run_worker
from core.history import document_content, get_document, searchable_pdf
from core.ocr.run import BATCH_OCR_POOL
from core.settings import Settings
from tests.batch.conftest import Account, write_statements
from tests.batch.helpers import follow
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
    return REGISTRY.get_sample_value("casgate_worker_jobs_total", {"pool": BATCH_OCR_POOL}) or 0.0


def text_layer(pdf: bytes) -> list[str]:
    """The text of each page of ``pdf``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


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
    searchable = await searchable_pdf(account.principal, result.document_id, settings=settings)
    assert here.searchable_pdf is not None
    layer = text_layer(searchable.data)
    assert all(layer) and layer == text_layer(here.searchable_pdf)


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


async def test_a_dramatiq_worker_spreads_a_scans_pages_over_its_ocr_pool(
    settings: Settings, account: Account, redis_prefix: tuple[str, str]
) -> None:
    redis_url, prefix = redis_prefix
    queued = ocr_settings(
        settings, redis_url=redis_url, redis_key_prefix=prefix, batch_executor="dramatiq"
    )
    write_scan(queued, 3)
    # a Dramatiq worker in this process: its OCR pool is counted in this process's registry
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(queued,), kwargs={"stop": stop})
    worker.start()
    before = ocr_jobs()
    try:
        options = {"parse": False, "ocr": True}
        started = await start_batch(
            account.principal, "scans", [{"path": "scan.pdf"}], options, settings=queued
        )
        events = await asyncio.wait_for(follow(account.principal, started.job_id, queued), 600)
        assert events[-1].type == "completed" and events[-1].done == 1
        assert [e.ocr_pages for e in events if e.type == "document_stage" and e.stage == "ocr"] == [
            3
        ]
        assert ocr_jobs() - before == 3
    finally:
        stop.set()
        worker.join(60)
