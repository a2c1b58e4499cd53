"""Which pages need OCR: no text, whitespace, or garbage; real text layers do not."""

from __future__ import annotations

from core.ocr.need import needs_ocr, readable_share
from core.pdf import open_pdf
from core.settings import Settings
from tests.scans import DOCUMENTS, Noise, scan
from tests.security import hostile


def test_absent_or_blank_text_layers_need_ocr() -> None:
    assert needs_ocr("")
    assert needs_ocr(" \n\t  \n")


def test_garbage_text_layers_need_ocr() -> None:
    unmapped_glyphs = "\ue001\ue002\ue003 \ue004\ue005\x01\x02 \ufffd\ufffd\ufffd\ue006\ue007\ue008"
    assert readable_share(unmapped_glyphs) < 0.2
    assert needs_ocr(unmapped_glyphs)


def test_real_text_layers_do_not() -> None:
    assert not needs_ocr("Folio No: 123456 / 12  Opening Unit Balance: 1,234.567")
    assert not needs_ocr("भारत सरकार आयकर विभाग")


def test_a_document_lists_its_scanned_pages_only() -> None:
    digital = DOCUMENTS["invoice"](1)
    scanned = scan(digital, [Noise()]).pdf
    with open_pdf(digital, None, Settings()) as document:
        assert document.pages_needing_ocr() == []
    with open_pdf(scanned, None, Settings(), require_text=False) as document:
        assert document.pages_needing_ocr() == [0]
    with open_pdf(hostile.text_pdf(pages=2), None, Settings()) as document:
        assert document.pages_needing_ocr() == []
