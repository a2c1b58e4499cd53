"""The word layer on real PDFs: what pdfium's text and the per-word box calls make of drawn
strings (positions against reportlab's own metrics), and what holds for every word of the
generated statements of each family."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.pdf import Word
from core.pdf.words import page_words
from tests.statements import generate
from tests.statements.ecas import generate_ecas

FONT, SIZE = "Helvetica", 9.0
#: (x, baseline, string) drawn upright; the string's words are what the layer must give
UPRIGHT = [
    (40.0, 700.0, "Closing Unit Balance: 1,234.567"),
    (300.0, 700.0, "INE002A01018"),
    (40.0, 650.0, "A"),  # a one-character word takes the angle path
    (120.0, 650.0, "HDFC BANK LIMITED#NEW"),
]
ROTATED = "WATERMARK COPY"


def _page(rotated: bool) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=True)
    canvas.setFont(FONT, SIZE)
    for x, y, text in UPRIGHT:
        canvas.drawString(x, y, text)
    if rotated:
        canvas.saveState()
        canvas.translate(300, 300)
        canvas.rotate(90)
        canvas.drawString(0, 0, ROTATED)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _words(data: bytes, password: str | None = None) -> Iterator[tuple[list[Word], list[str]]]:
    pdf = pdfium.PdfDocument(data, password=password)
    try:
        for page in pdf:
            textpage = page.get_textpage()
            try:
                yield page_words(textpage)
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()


def _expected() -> list[tuple[str, float, float, float]]:
    """(text, x0, x1, baseline) of each drawn word, from reportlab's advance widths."""
    out = []
    for x, y, text in UPRIGHT:
        for match in re.finditer(r"\S+", text):
            x0 = x + stringWidth(text[: match.start()], FONT, SIZE)
            out.append((match.group(), x0, x0 + stringWidth(match.group(), FONT, SIZE), y))
    return out


@pytest.mark.parametrize("rotated", [False, True])
def test_drawn_words_come_back_where_they_were_drawn(rotated: bool) -> None:
    [(words, runs)] = list(_words(_page(rotated)))
    got = sorted(words, key=lambda w: (-w.baseline, w.x0))
    expected = sorted(_expected(), key=lambda e: (-e[3], e[1]))
    assert [w.text for w in got] == [e[0] for e in expected]
    for w, (_, x0, x1, baseline) in zip(got, expected, strict=True):
        # glyph boxes are tight, advance widths include side bearings: within a point
        assert w.x0 == pytest.approx(x0, abs=1.0)
        assert w.x1 == pytest.approx(x1, abs=1.0)
        assert w.baseline == pytest.approx(baseline, abs=0.01)
        assert w.bottom < w.top <= baseline + SIZE
        assert w.bottom >= baseline - SIZE / 3
    assert " ".join(runs).split() == (ROTATED.split() if rotated else [])


def _statements() -> Iterator[object]:
    for issuer in ("CAMS", "KFINTECH"):
        for variant in ("DETAILED", "SUMMARY"):
            g = generate(issuer=issuer, variant=variant, seed=3, pages=2)
            yield pytest.param(g.name, g.pdf, g.password, id=g.name)
    for depository in ("NSDL", "CDSL"):
        for v in range(4):
            e = generate_ecas(depository=depository, seed=11 + v, size=2, variant=v)
            yield pytest.param(e.name, e.pdf, e.password, id=e.name)


@pytest.mark.parametrize("name, data, password", list(_statements()))
def test_every_word_of_a_statement_is_one_upright_token_with_a_sane_box(
    name: str, data: bytes, password: str | None
) -> None:
    pages = list(_words(data, password))
    assert pages
    for words, runs in pages:
        assert words, name
        for w in words:
            assert w.text and not any(c.isspace() for c in w.text), w
            assert w.x0 < w.x1 and w.bottom < w.top, w
            # the first glyph's baseline is near the box (a hyphen's box floats above it, a
            # descender's reaches below): statements print in 6-12 point fonts
            assert abs(w.baseline - (w.bottom + w.top) / 2) < 8.0, w
        for run in runs:
            assert run and not any(c.isspace() for c in run)
