"""Scanned documents shared by the OCR tests (OCR is slow: each is made and read once)."""

from __future__ import annotations

import shutil

import pytest

from core.settings import Settings

if shutil.which("tesseract") is None:  # pragma: no cover - CI installs it (.ci/run)
    pytest.skip("tesseract is not installed", allow_module_level=True)


@pytest.fixture(scope="session")
def ocr_settings() -> Settings:
    """Defaults, but a page may take long: the machine running the tests may be busy, and
    these tests are about what OCR reads (the time limit has its own test). Nor is the EasyOCR
    fallback tried (``test_fallback.py`` turns it on): a page Tesseract reads poorly (the
    Hindi letter read as English) keeps Tesseract's reading instead of loading PyTorch."""
    return Settings(ocr_page_timeout_seconds=900, ocr_fallback_below=0.0)
