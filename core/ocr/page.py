"""OCR of one page, start to end: render, stand upright, deskew, read, maybe fall back."""

from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image

from ..settings import Settings
from . import fallback, tesseract
from .limits import render_dpi
from .model import OcrPage, mean_confidence
from .orient import deskew, orientation, upright


def render(page: pdfium.PdfPage, number: int, settings: Settings) -> tuple[Image.Image, int]:
    """Page ``number`` as a grayscale image, and the resolution it was rendered at."""
    dpi = render_dpi(page, number, settings)
    bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=False, draw_annots=False)
    return bitmap.to_pil().convert("L"), dpi


def read_image(image: Image.Image, dpi: int, number: int, settings: Settings) -> OcrPage:
    """OCR of a page image: orientation, skew, Tesseract, and the fallback when unsure."""
    timeout = settings.ocr_page_timeout_seconds
    rotation = orientation(image, timeout)
    image, skew = deskew(upright(image, rotation))
    words = tesseract.read_words(image, dpi, settings.ocr_languages, timeout)
    page = OcrPage(
        number=number,
        width=image.width * 72 / dpi,
        height=image.height * 72 / dpi,
        engine=tesseract.ENGINE,
        mean_confidence=mean_confidence(words),
        rotation=rotation,
        skew=skew,
        words=words,
    )
    if page.mean_confidence >= settings.ocr_fallback_below:
        return page
    if is_blank(image):  # nothing for a second engine to read: it would spend seconds finding so
        page.fallback = "not needed: blank page"
        return page
    model_dir = settings.ocr_easyocr_model_dir
    if not fallback.available_languages(model_dir):
        page.fallback = "unavailable: " + fallback.status(model_dir, settings.ocr_languages)
        return page
    try:
        second = fallback.read_words(image, dpi, settings)
    except fallback.FallbackFailed as failed:
        page.fallback = f"failed: {failed}"
        return page
    if mean_confidence(second) > page.mean_confidence:
        page.words, page.engine, page.fallback = second, fallback.ENGINE, "kept"
        page.mean_confidence = mean_confidence(second)
    else:
        page.fallback = "rejected"
    return page


def is_blank(image: Image.Image) -> bool:
    """No pixel darker than mid-grey: no ink, not even a speck of scanner noise."""
    return not any(image.histogram()[:128])  # an "L" image: 256 counts, darkest first


def ocr_page(pdf: pdfium.PdfDocument, index: int, settings: Settings) -> OcrPage:
    """OCR of page ``index`` (0-based) of an open document."""
    page = pdf[index]
    try:
        image, dpi = render(page, index + 1, settings)
    finally:
        page.close()
    return read_image(image, dpi, index + 1, settings)
