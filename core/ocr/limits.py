"""What OCR may cost, checked before anything is rendered: pages, pixels and time.

A page is rendered at the configured resolution unless that would exceed the pixel cap, in
which case the resolution is lowered down to :data:`MIN_DPI`; an image the page draws (or
any image in the document) beyond the cap is an image bomb and refuses the document.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import BadRequest
from ..settings import Settings

#: lowest resolution worth reading; a page that does not fit the pixel cap at it is refused
MIN_DPI = 150


def check_page_count(pages: int, settings: Settings) -> None:
    """``BadRequest`` when more than ``ocr_max_pages`` pages need OCR."""
    if pages > settings.ocr_max_pages:
        raise BadRequest(
            f"{pages} pages of this PDF have no text layer and need OCR; at most "
            f"{settings.ocr_max_pages} pages are read by OCR per document."
        )


def check_images(largest_image: tuple[int, int], settings: Settings) -> None:
    """``BadRequest`` when any image in the document exceeds the OCR pixel cap."""
    width, height = largest_image
    if width * height > settings.ocr_max_pixels:
        raise BadRequest(
            f"The PDF holds an image of {width} x {height} pixels, more than the "
            f"{settings.ocr_max_pixels} pixels OCR reads; it was refused."
        )


def render_dpi(page: pdfium.PdfPage, number: int, settings: Settings) -> int:
    """The resolution page ``number`` is rendered at: the configured one, lowered to fit the
    pixel cap; ``BadRequest`` when even :data:`MIN_DPI` does not fit or the page's images do."""
    width, height = page.get_size()
    drawn = 0
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        w, h = image.get_px_size()
        drawn += w * h
    if drawn > settings.ocr_max_pixels:
        raise BadRequest(
            f"Page {number} draws images of {drawn} pixels in all, more than the "
            f"{settings.ocr_max_pixels} pixels OCR reads; it was refused."
        )
    dpi = settings.ocr_dpi
    while dpi > MIN_DPI and width * height * (dpi / 72) ** 2 > settings.ocr_max_pixels:
        dpi -= 25
    if width * height * (max(dpi, MIN_DPI) / 72) ** 2 > settings.ocr_max_pixels:
        raise BadRequest(
            f"Page {number} is {width:g} x {height:g} points, more than the "
            f"{settings.ocr_max_pixels} pixels OCR reads even at {MIN_DPI} dpi."
        )
    return max(dpi, MIN_DPI)
