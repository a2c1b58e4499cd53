"""OCR of a document's pages that need it: here (in a worker already), or over a pool.

The statement engine asks for OCR with :class:`OcrNeeded`; the parse path answers it by
spreading the pages over :func:`ocr_pool`'s isolated workers (each page under its own time
limit and the pool's memory limit), a batch worker by reading them in its own process.
"""

from __future__ import annotations

import asyncio
import threading

import pypdfium2 as pdfium

from ..errors import BadRequest
from ..isolation import WorkerPool
from ..pdf.document import Document
from ..settings import Settings, get_settings
from .limits import check_images, check_page_count
from .model import OcrPage
from .page import ocr_page

#: headroom of a page's worker deadline over Tesseract's own limits (render, orientation)
PAGE_DEADLINE_FACTOR = 2.5


class OcrNeeded(Exception):
    """Raised by the engine when ``pages`` (0-based) need OCR before it can parse."""

    def __init__(self, pages: list[int]) -> None:
        super().__init__(f"{len(pages)} page(s) need OCR")
        self.pages = pages


def pages_to_read(document: Document, settings: Settings) -> list[int]:
    """Pages of ``document`` to read by OCR (none when OCR is off), after the page and image
    caps: ``BadRequest`` for more pages than ``ocr_max_pages`` or an image bomb."""
    if not settings.ocr_enabled:
        return []
    pages = document.pages_needing_ocr()
    if pages:
        check_page_count(len(pages), settings)
        check_images(document.facts.largest_image, settings)
    return pages


def read_here(document: Document, pages: list[int], settings: Settings) -> None:
    """OCR ``pages`` of ``document`` in this process, one after the other, into it."""
    for index in pages:
        document.add_ocr(index, ocr_page(document.pdf, index, settings))


def _page_job(data: bytes, password: str | None, index: int, settings: Settings) -> OcrPage:
    """One page's OCR in a worker process."""
    pdf = pdfium.PdfDocument(data, password=password or None)
    try:
        return ocr_page(pdf, index, settings)
    except pdfium.PdfiumError:
        raise BadRequest("The PDF is damaged and its pages cannot be rendered.") from None
    finally:
        pdf.close()


async def read_in_pool(
    pool: WorkerPool, data: bytes, password: str | None, pages: list[int], settings: Settings
) -> dict[int, OcrPage]:
    """OCR ``pages`` spread over ``pool``'s workers; the first failure cancels the rest."""
    deadline = settings.ocr_page_timeout_seconds * PAGE_DEADLINE_FACTOR
    jobs = [
        pool.arun(_page_job, data, password, index, settings, timeout=deadline) for index in pages
    ]
    return dict(zip(pages, await asyncio.gather(*jobs), strict=True))


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def ocr_pool(settings: Settings | None = None) -> WorkerPool:
    """The process-wide OCR pool (see :func:`new_ocr_pool`)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = new_ocr_pool(settings or get_settings())
        return _pool


def new_ocr_pool(settings: Settings) -> WorkerPool:
    """``parse_workers`` processes of ``ocr_memory_mb``, raised to ``ocr_fallback_memory_mb``
    for a page EasyOCR reads."""
    return WorkerPool(
        settings.parse_workers,
        settings.ocr_memory_mb,
        settings.ocr_page_timeout_seconds * PAGE_DEADLINE_FACTOR,
        name="ocr",
        ceiling_mb=settings.ocr_fallback_memory_mb,
    )
