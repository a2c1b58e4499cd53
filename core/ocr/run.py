"""OCR of a document's pages that need it: spread over the OCR pool, or here.

Pages are read by :func:`ocr_pool`'s isolated workers, several at once, each page under its
own time limit and the pool's memory limit. The statement engine asks for OCR with
:class:`OcrNeeded`, which the parse path answers with :func:`read_in_pool`. A batch document
runs in a worker of its own pool, which cannot start processes: it asks its parent
(:func:`core.isolation.ask_parent`) to read its pages (:func:`read_pages`), and the parent
answers with :func:`answer_pages`. Code that runs nowhere else (tests, the command line)
reads them here, one after the other (:func:`read_here`).
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

from ..errors import BadRequest, InternalError, ProcessingTimeout
from ..isolation import WorkerPool, ask_parent, parent_answers
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


@dataclass(frozen=True)
class PagesToRead:
    """A batch worker's request to its parent: read ``pages`` (0-based) of the PDF ``data``."""

    data: bytes
    password: str | None
    pages: list[int]


def read_pages(
    document: Document, data: bytes, password: str | None, pages: list[int], settings: Settings
) -> None:
    """OCR ``pages`` of ``document`` (opened from ``data``) into it: over the OCR pool by
    this worker's parent when it answers (:func:`answer_pages`), else here."""
    if not parent_answers():
        read_here(document, pages, settings)
        return
    read: dict[int, OcrPage] = ask_parent(PagesToRead(data, password, pages))
    for index in pages:
        document.add_ocr(index, read[index])


def answer_pages(settings: Settings, request: Any, seconds: float) -> dict[int, OcrPage]:
    """``on_ask`` of a batch document's worker (see :func:`read_pages`): its pages read over
    the batch OCR pool (:func:`ocr_pool`) within the ``seconds`` left of the document's deadline."""
    if not isinstance(request, PagesToRead):
        raise InternalError(f"A worker asked for {type(request).__name__}, not pages to read.")
    pool = ocr_pool(settings, name=BATCH_OCR_POOL)
    return read_spread(pool, request.data, request.password, request.pages, settings, seconds)


#: the OCR pool of batch documents' pages
BATCH_OCR_POOL = "batch-ocr"


def page_deadline(settings: Settings) -> float:
    """How long a page may take in its OCR worker."""
    return settings.ocr_page_timeout_seconds * PAGE_DEADLINE_FACTOR


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
    deadline = page_deadline(settings)
    jobs = [
        pool.arun(_page_job, data, password, index, settings, timeout=deadline) for index in pages
    ]
    return dict(zip(pages, await asyncio.gather(*jobs), strict=True))


def read_spread(
    pool: WorkerPool,
    data: bytes,
    password: str | None,
    pages: list[int],
    settings: Settings,
    seconds: float,
) -> dict[int, OcrPage]:
    """:func:`read_in_pool` for blocking code that has ``seconds`` in all: the pages wait for
    ``pool``'s workers on threads of their own, as many as it has workers. The first failure
    fails the read (``ProcessingTimeout`` past ``seconds``); pages not started by then are
    dropped, and pages started are stopped by ``seconds``' end at the latest."""
    if not pages:
        return {}
    ends = time.monotonic() + seconds
    failed = threading.Event()

    def out_of_time() -> ProcessingTimeout:
        return ProcessingTimeout(
            f"OCR of {len(pages)} pages took longer than the {seconds:.0f} seconds left of the "
            "document's time limit and was stopped."
        )

    def read(index: int) -> OcrPage:
        left = ends - time.monotonic()
        if failed.is_set() or left <= 0:
            raise out_of_time()  # the read is over: no worker for this page
        page: OcrPage = pool.run(
            _page_job, data, password, index, settings, timeout=min(page_deadline(settings), left)
        )
        return page

    threads = ThreadPoolExecutor(min(len(pages), pool.size), thread_name_prefix="casgate-ocr")
    try:
        futures = [threads.submit(read, index) for index in pages]
        done, waiting = wait(futures, timeout=seconds, return_when=FIRST_EXCEPTION)
        errors = [error for f in futures if f in done and (error := f.exception()) is not None]
        if errors or waiting:
            failed.set()
            raise errors[0] if errors else out_of_time()
        return {index: future.result() for index, future in zip(pages, futures, strict=True)}
    finally:
        threads.shutdown(wait=False, cancel_futures=True)


#: the process-wide OCR pools by name: ``ocr`` for interactive calls, ``batch-ocr`` for batch
#: documents, so that a batch of scans never delays a parse's pages
_pools: dict[str, WorkerPool] = {}
_pool_lock = threading.Lock()


def ocr_pool(settings: Settings | None = None, *, name: str = "ocr") -> WorkerPool:
    """The process-wide OCR pool called ``name`` (see :func:`new_ocr_pool`); workers start
    as pages arrive."""
    with _pool_lock:
        pool = _pools.get(name)
        if pool is None:
            pool = _pools[name] = new_ocr_pool(settings or get_settings(), name=name)
        return pool


def shutdown_ocr_pool() -> None:
    """Stop the process-wide OCR pools' workers (new ones start on next use)."""
    with _pool_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


def new_ocr_pool(settings: Settings, *, name: str = "ocr") -> WorkerPool:
    """``parse_workers`` processes of ``ocr_memory_mb``, raised to ``ocr_fallback_memory_mb``
    for a page EasyOCR reads."""
    return WorkerPool(
        settings.parse_workers,
        settings.ocr_memory_mb,
        page_deadline(settings),
        name=name,
        ceiling_mb=settings.ocr_fallback_memory_mb,
        work="OCR of a page",
    )
