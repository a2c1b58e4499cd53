"""Scanned documents shared by the OCR tests (OCR is slow: each is made and read once)."""

from __future__ import annotations

import shutil

import pytest

from core.settings import Settings

if shutil.which("tesseract") is None:  # pragma: no cover - CI installs it (.ci/run)
    pytest.skip("tesseract is not installed", allow_module_level=True)


@pytest.fixture(scope="session")
def ocr_settings() -> Settings:
    return Settings()
