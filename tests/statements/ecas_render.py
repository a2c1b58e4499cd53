"""Drawing helpers shared by the NSDL and CDSL eCAS layouts.

A ``Pen`` draws text at exact positions with the depositories' rendering quirks: every string
drawn a second time as an invisible accessibility layer a hair to the right (CDSL), Hindi
translations overlaid in a font named *Mangal*, pages nested in a Form XObject. Hindi glyphs come
from a standard font whose encoding is rewritten to Devanagari code points after drawing (see
``finish``), so no Devanagari font file is needed.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .render import Item, stringWidth

PAGE_W, PAGE_H = A4
TOP, BOTTOM = 790.0, 50.0
FONT, BOLD = "Helvetica", "Helvetica-Bold"
#: drawn with this font, renamed to Mangal with a Devanagari encoding afterwards
_HINDI_CARRIER = "Courier-Oblique"
_HINDI_FIRST = 0x0915  # KA; letters A..Z map to consecutive consonants
SOFT_HYPHEN = "\u00ad"
_SHY_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <AD> <00AD> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""

Draw = Callable[["Pen", float], None]


@dataclass
class Pen:
    canvas: Canvas
    twice: bool = False
    hindi: bool = False
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def _put(self, x: float, y: float, s: str, size: float, font: str) -> None:
        c = self.canvas
        text = c.beginText(x, y)
        text.setFont(font, size)
        text.textOut(s)
        c.drawText(text)
        if self.twice:  # the accessibility copy: same string, invisible, 0.25 pt to the right
            copy = c.beginText(x + 0.25, y)
            copy.setFont(font, size)
            copy.setTextRenderMode(3)
            copy.textOut(s)
            c.drawText(copy)

    def text(self, x: float, y: float, s: str, size: float = 7.0, font: str = FONT) -> None:
        if s:
            self._put(x, y, s, size, font)

    def rtext(self, x: float, y: float, s: str, size: float = 7.0, font: str = FONT) -> None:
        if s:
            self._put(x - stringWidth(s, font, size), y, s, size, font)

    def overlay(self, x: float, y: float, words: int = 2, size: float = 6.0) -> None:
        """A Hindi translation drawn over the English label at ``(x, y)``."""
        if not self.hindi:
            return
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        hindi = " ".join(
            "".join(self.rng.choice(letters) for _ in range(self.rng.randint(2, 5)))
            for _ in range(words)
        )
        c = self.canvas
        c.setFont(_HINDI_CARRIER, size)
        c.drawString(x, y, hindi)


def width(s: str, size: float = 7.0, font: str = FONT) -> float:
    return stringWidth(s, font, size)


def equal_width(name: str, chars: int) -> list[str]:
    """Cut a name every ``chars`` characters, mid-word if need be (NSDL/CDSL security names)."""
    return [name[i : i + chars] for i in range(0, len(name), chars)]


def word_wrap(s: str, limit: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in s.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and stringWidth(candidate, FONT, size) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def isin_lines(isin: str, split: bool) -> list[str]:
    """An ISIN as printed: whole, or soft-hyphen wrapped after its 9th character."""
    return [isin[:9] + SOFT_HYPHEN, isin[9:]] if split else [isin]


def pdraw(draw: Callable[[Pen, float], None], height: float, keep: bool = False) -> Item:
    """An ``Item`` whose draw function takes a ``Pen`` (bound at drawing time)."""
    return Item(height, draw, keep)  # type: ignore[arg-type]


def paginate(first: list[list[Item]], body: list[Item]) -> list[list[tuple[float, Item]]]:
    """Fixed first pages, then ``body`` flowed top-down; keep-with-next groups stay together."""
    pages: list[list[tuple[float, Item]]] = []
    for items in first:
        y = TOP
        page = []
        for item in items:
            page.append((y, item))
            y -= item.height
        pages.append(page)
    pages.append([])
    y = TOP
    for index, item in enumerate(body):
        need = item.height
        k = index
        while body[k].keep_with_next and k + 1 < len(body):
            k += 1
            need += body[k].height
        if y - need < BOTTOM and pages[-1]:
            pages.append([])
            y = TOP
            for again in item.repeat_on_break:
                pages[-1].append((y, again))
                y -= again.height
        pages[-1].append((y, item))
        y -= item.height
    return pages


def draw_pages(
    pages: list[list[tuple[float, Item]]],
    meta: dict[str, str],
    banner: Callable[[Pen, int, int], None],
    pen_options: dict[str, object],
    form: bool,
) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True)
    canvas.setTitle(meta["title"])
    canvas.setAuthor(meta["author"])
    canvas.setCreator(meta["creator"])
    pen = Pen(canvas, **pen_options)  # type: ignore[arg-type]
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        if form:  # CDSL nests the whole page in one Form XObject
            canvas.beginForm(f"page{number}")
        for y, item in page:
            item.draw(pen, y)  # type: ignore[arg-type]
        banner(pen, number, total)
        if form:
            canvas.endForm()
            canvas.doForm(f"page{number}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def finish(pdf: bytes, password: str | None, method: str | None) -> bytes:
    """Give the Hindi carrier font its Devanagari encoding and name, then encrypt."""
    from .statement import encrypt

    doc = pikepdf.open(io.BytesIO(pdf))
    names = [pikepdf.Name(f"/uni{_HINDI_FIRST + i:04X}") for i in range(26)]
    # the depositories' fonts map the wrap hyphen to U+00AD (SOFT HYPHEN), not to "-"
    to_unicode = doc.make_stream(_SHY_CMAP)
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if str(obj.get("/BaseFont", "")).startswith("/Helvetica"):
            obj.ToUnicode = to_unicode
        if obj.get("/BaseFont") == "/" + _HINDI_CARRIER:
            obj.BaseFont = pikepdf.Name("/Mangal")
            obj.Encoding = pikepdf.Dictionary(
                Type=pikepdf.Name.Encoding,
                BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                Differences=pikepdf.Array([65, *names]),
            )
    out = io.BytesIO()
    doc.save(out, deterministic_id=True)
    data = out.getvalue()
    if password and method:
        data = encrypt(data, password, method)
    return data
