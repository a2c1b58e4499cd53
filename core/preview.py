"""A quick look at a PDF: pages, metadata, encryption, first-page text and a thumbnail.

Works for any PDF the preflight accepts, scans included (their first-page text is empty).
Rendering is CPU work and memory-hungry: the server only ever calls
:func:`preview_in_worker`, so it runs in an isolated, memory- and time-capped worker process,
after :func:`check_render_cost` has refused pages and images beyond ``preview_max_pixels``.
"""

from __future__ import annotations

import io
from typing import Any

import pypdfium2 as pdfium

from .errors import BadRequest
from .isolation import WorkerPool
from .pdf import preflight
from .pdf.render_limits import check_render_cost
from .settings import get_settings

#: Longest side of the thumbnail, in pixels.
THUMBNAIL_PX = 320
#: Most characters of first-page text returned.
TEXT_LIMIT = 4000


def preview(data: bytes, password: str | None) -> dict[str, Any]:
    """The ``PreviewDocumentResponse`` fields (``thumbnail`` as PNG bytes) of a PDF."""
    settings = get_settings()
    facts = preflight(data, password, settings)
    try:
        pdf = pdfium.PdfDocument(data, password=password or None)
    except pdfium.PdfiumError:
        raise BadRequest("The PDF is damaged or its password is wrong.") from None
    try:
        page = pdf[0]
        check_render_cost(page, facts.largest_image, settings.preview_max_pixels)
        text_page = page.get_textpage()
        text = text_page.get_text_range()[:TEXT_LIMIT]
        width, height = page.get_size()
        scale = THUMBNAIL_PX / max(width, height, 1)
        # annotations and form fields are left out: their appearance streams are not capped
        image = page.render(scale=scale, may_draw_forms=False, draw_annots=False).to_pil()
        png = io.BytesIO()
        image.save(png, format="PNG", optimize=True)
        text_page.close()
        page.close()
    finally:
        pdf.close()
    return {
        "pages": facts.page_count,
        "metadata": dict(facts.metadata),
        "encrypted": facts.encrypted,
        "first_page_text": text.replace("\r\n", "\n"),
        "thumbnail": png.getvalue(),
        "size": len(data),
    }


async def preview_in_worker(data: bytes, password: str | None, pool: WorkerPool) -> dict[str, Any]:
    """:func:`preview` in a worker process (memory- and time-limited)."""
    result: dict[str, Any] = await pool.arun(preview, data, password)
    return result
