"""What a thumbnail render may cost, checked before pdfium draws anything.

Rendering decodes every image the page shows at its full size (a soft mask of 24000 x 24000 is
576 MB) and lays the page out in its own coordinates, so both are capped in pixels: the page's
area at 72 dpi and each image's width x height. A PDF beyond either is refused, not rendered.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import BadRequest

#: PDF's own limit on a page side, in default user units (ISO 32000-1, annex C)
MAX_PAGE_SIDE = 14_400


def check_render_cost(
    page: pdfium.PdfPage, largest_image: tuple[int, int], max_pixels: int
) -> None:
    """``BadRequest`` when rendering ``page`` would need more than ``max_pixels``: a page
    too large (or degenerate), an image anywhere in the document (``largest_image``, soft
    masks included), or the images the page itself draws (inline ones included)."""
    width, height = page.get_size()
    if not (1 <= width <= MAX_PAGE_SIDE and 1 <= height <= MAX_PAGE_SIDE):
        raise BadRequest(
            f"The first page is {width:g} x {height:g} points; a PDF page is 1 to "
            f"{MAX_PAGE_SIDE} points a side, so it cannot be previewed."
        )
    if width * height > max_pixels:
        raise BadRequest(
            f"The first page is {width:g} x {height:g} points, more than the "
            f"{max_pixels} pixels a preview renders."
        )
    image_w, image_h = largest_image
    if image_w * image_h > max_pixels:
        raise BadRequest(
            f"The PDF holds an image of {image_w} x {image_h} pixels, more than the "
            f"{max_pixels} pixels a preview renders."
        )
    drawn = 0
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        w, h = image.get_px_size()
        drawn += w * h
        if drawn > max_pixels:
            raise BadRequest(
                f"The first page draws images of more than {max_pixels} pixels in all, "
                "more than a preview renders."
            )
