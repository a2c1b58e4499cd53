"""Scanned pages read back: text close to the truth, orientation and skew corrected."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from core.errors import ProcessingTimeout
from core.ocr.model import OcrPage
from core.ocr.page import ocr_page
from core.settings import Settings
from tests.ocr.cer import cer
from tests.scans import DOCUMENTS, Noise, ScannedDocument, hindi_letter, scan
from tests.scans.documents import hindi_font

#: the issue's target for clean 300-dpi English pages
CLEAN_ENGLISH_CER = 0.02


def _read(scanned: ScannedDocument, settings: Settings) -> OcrPage:
    pdf = pdfium.PdfDocument(scanned.pdf)
    try:
        return ocr_page(pdf, 0, settings)
    finally:
        pdf.close()


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def clean(request: pytest.FixtureRequest) -> ScannedDocument:
    return scan(DOCUMENTS[request.param](3), [Noise(dpi=300, jpeg_quality=90)])


def test_clean_english_pages_read_within_the_error_bound(
    clean: ScannedDocument, ocr_settings: Settings
) -> None:
    page = _read(clean, ocr_settings)
    assert page.engine == "tesseract" and page.rotation == 0
    assert cer(page.text, clean.truth[0]) <= CLEAN_ENGLISH_CER


@pytest.mark.parametrize(("rotation", "skew"), [(180, 3.5), (90, -4.0), (0, 5.0)])
def test_orientation_and_skew_are_corrected(
    rotation: int, skew: float, ocr_settings: Settings
) -> None:
    noise = Noise(dpi=250, skew=skew, rotation=rotation, blur=0.6, jpeg_quality=60, speckles=150)
    scanned = scan(DOCUMENTS["salary_slip"](5), [noise], seed=rotation)
    page = _read(scanned, ocr_settings)
    # the scan turned the page counter-clockwise; OCR turns it back clockwise
    assert page.rotation == rotation
    assert abs(page.skew + skew) <= 0.5
    assert page.width < page.height  # upright A4 again
    assert cer(page.text, scanned.truth[0]) <= 0.05


def test_a_page_past_its_time_limit_is_stopped() -> None:
    scanned = scan(DOCUMENTS["invoice"](2), [Noise(dpi=300)])
    with pytest.raises(ProcessingTimeout, match="OCR of a page"):
        _read(scanned, Settings(ocr_page_timeout_seconds=0.01))


@pytest.mark.skipif(hindi_font() is None, reason="no Devanagari font to draw the letter")
def test_a_hindi_letter_is_read_with_the_hindi_model(ocr_settings: Settings) -> None:
    pdf, truth = hindi_letter()
    page = _read(ScannedDocument(pdf, [truth]), ocr_settings)
    assert cer(page.text, truth) <= 0.08
    english_only = _read(
        ScannedDocument(pdf, [truth]), ocr_settings.model_copy(update={"ocr_languages": "eng"})
    )
    assert cer(english_only.text, truth) > cer(page.text, truth)
