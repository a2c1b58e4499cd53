"""A searchable PDF: the original with the words OCR read laid over each scanned page as
invisible text (rendering mode 3), so viewers can find, select and copy them.

The text uses a font that draws nothing: a Type0 font, Identity-H, whose character codes are
the Unicode code points themselves and whose ToUnicode map says so, so any script (Devanagari
included) extracts as it was read. Each word is placed at its box and stretched (``Tz``) to its
width. Words are in the *upright, levelled* image's points; a chain of ``cm`` matrices turns
them back through the deskew, the orientation fix, the page's ``/Rotate`` and its crop box into
the page's own space, so the layer lies over the scanned glyphs.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping

import pikepdf

from .model import OcrPage, OcrWord

FONT_NAME = "/CasgateOcrText"
#: every character code is this wide (thousandths of the font size); ``Tz`` fits words
_ADVANCE = 500


def _to_unicode_cmap() -> bytes:
    """Character code = code point, for the whole Basic Multilingual Plane (one bfrange per
    high byte: a range may only vary its last byte)."""
    ranges = "\n".join(f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256))
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"256 beginbfrange\n{ranges}\nendbfrange\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


def _font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/GlyphLessFont"),
        Flags=4,
        FontBBox=[0, 0, _ADVANCE, 1000],
        ItalicAngle=0,
        Ascent=1000,
        Descent=0,
        CapHeight=1000,
        StemV=80,
    )
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=pikepdf.Name("/GlyphLessFont"),
        CIDSystemInfo=pikepdf.Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=_ADVANCE,
        CIDToGIDMap=pikepdf.Name.Identity,
    )
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type0,
        BaseFont=pikepdf.Name("/GlyphLessFont"),
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=[pdf.make_indirect(cid_font)],
        ToUnicode=pikepdf.Stream(pdf, _to_unicode_cmap()),
    )
    return pdf.make_indirect(font)


def _turn(degrees_clockwise: int, width: float, height: float) -> tuple[float, ...]:
    """The matrix taking points of a ``width`` x ``height`` box (y up) to the same box before
    it was turned ``degrees_clockwise`` (0/90/180/270) with its size expanded to fit."""
    return {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, 1, -1, 0, height, 0),
        180: (-1, 0, 0, -1, width, height),
        270: (0, -1, 1, 0, 0, width),
    }[degrees_clockwise % 360]


def _unskew(angle: float, width: float, height: float) -> tuple[float, ...]:
    """Undo a deskew that turned the image ``angle`` degrees counter-clockwise about its
    centre (size kept): turn clockwise by ``angle`` about the centre."""
    t = math.radians(-angle)
    cos, sin = math.cos(t), math.sin(t)
    cx, cy = width / 2, height / 2
    return (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)


def _cm(matrix: tuple[float, ...]) -> str:
    return " ".join(f"{v:.6f}" for v in matrix) + " cm\n"


def _word(word: OcrWord) -> str:
    codes = [ord(c) for c in word.text if ord(c) <= 0xFFFF]
    if not codes:
        return ""
    size = max(word.top - word.bottom, 1.0)
    natural = len(codes) * _ADVANCE / 1000 * size
    stretch = max(1.0, 100 * (word.x1 - word.x0) / natural)
    hex_text = "".join(f"{c:04X}" for c in codes)
    return (
        f"{FONT_NAME} {size:.2f} Tf {stretch:.1f} Tz "
        f"1 0 0 1 {word.x0:.2f} {word.bottom:.2f} Tm <{hex_text}> Tj\n"
    )


def text_layer(page: OcrPage, box: tuple[float, float, float, float], rotate: int) -> bytes:
    """The content stream of ``page``'s invisible words on a page whose crop box is ``box``
    and whose ``/Rotate`` is ``rotate``."""
    x0, y0, x1, y1 = box
    shown_w, shown_h = (x1 - x0, y1 - y0) if rotate % 180 == 0 else (y1 - y0, x1 - x0)
    # the page as rendered (turned by /Rotate); OCR turned it upright again
    if page.rotation % 180 == 0:
        rendered_w, rendered_h = page.width, page.height
    else:
        rendered_w, rendered_h = page.height, page.width
    # the render's size is the shown page's, up to rounding to whole pixels
    scale_x, scale_y = shown_w / max(rendered_w, 1e-6), shown_h / max(rendered_h, 1e-6)
    parts = [
        "q\n",
        _cm((1, 0, 0, 1, x0, y0)),
        _cm(_turn(rotate, shown_w, shown_h)),
        _cm((scale_x, 0, 0, scale_y, 0, 0)),
        _cm(_turn(page.rotation, page.width, page.height)),
        _cm(_unskew(page.skew, page.width, page.height)),
        "BT 3 Tr\n",
        *(_word(w) for w in page.words),
        "ET\nQ\n",
    ]
    return "".join(parts).encode()


def searchable_pdf(data: bytes, password: str | None, pages: Mapping[int, OcrPage]) -> bytes:
    """``data`` with an invisible text layer over each page of ``pages`` (0-based index);
    encrypted as the original was. A page OCR found sideways or upside down gets a ``/Rotate``
    that shows it upright."""
    with pikepdf.open(io.BytesIO(data), password=password or "") as pdf:
        font = _font(pdf)
        for index, ocr in sorted(pages.items()):
            page = pdf.pages[index]
            box = tuple(float(v) for v in page.cropbox)
            rotate = int(page.obj.get("/Rotate", 0)) % 360
            if "/Resources" not in page.obj:
                page.obj.Resources = pikepdf.Dictionary()
            resources = page.obj.Resources
            if "/Font" not in resources:
                resources.Font = pikepdf.Dictionary()
            resources.Font[FONT_NAME] = font
            page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
            layer = text_layer(ocr, (box[0], box[1], box[2], box[3]), rotate)
            page.contents_add(pikepdf.Stream(pdf, b"Q\n" + layer))
            if ocr.rotation:  # a page scanned sideways or upside down is shown upright
                page.obj.Rotate = (rotate + ocr.rotation) % 360
        out = io.BytesIO()
        pdf.save(out, encryption=pdf.is_encrypted)
        return out.getvalue()
