"""A quick look at a PDF: pages, metadata, encryption, first-page text and a thumbnail.

Works for any PDF the preflight accepts, scans included (their first-page text is empty).
Rendering is CPU work and memory-hungry: the server only ever calls
:func:`preview_in_worker`, so it runs in an isolated, memory- and time-capped worker process,
after :func:`check_render_cost` has refused pages and images beyond ``preview_max_pixels``.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from pydantic import ConfigDict

from .errors import BadRequest
from .isolation import WorkerPool
from .pdf import preflight
from .pdf.render_limits import check_render_cost
from .settings import get_settings
from .views import View

#: Longest side of the thumbnail, in pixels.
THUMBNAIL_PX = 320
#: Most characters of first-page text returned.
TEXT_LIMIT = 4000


class PreviewView(View):
    """What a quick look at a PDF found; ``thumbnail`` is a PNG (base64 in JSON)."""

    model_config = ConfigDict(ser_json_bytes="base64")

    url: str = ""
    pages: int
    metadata: dict[str, str]
    encrypted: bool
    first_page_text: str
    thumbnail: bytes
    size: int


def preview(data: bytes, password: str | None) -> PreviewView:
    """A quick look at a PDF (its ``url`` left empty)."""
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
    return PreviewView(
        pages=facts.page_count,
        metadata=dict(facts.metadata),
        encrypted=facts.encrypted,
        first_page_text=text.replace("\r\n", "\n"),
        thumbnail=png.getvalue(),
        size=len(data),
    )


async def preview_in_worker(
    url: str, data: bytes, password: str | None, pool: WorkerPool
) -> PreviewView:
    """:func:`preview` of the PDF downloaded from ``url``, in a worker process (memory- and
    time-limited)."""
    result: PreviewView = await pool.arun(preview, data, password)
    return result.model_copy(update={"url": url})
