"""What the OCR engines can do on this machine, for ``/api/health``."""

from __future__ import annotations

from ..settings import Settings
from . import fallback, tesseract


def ocr_status(settings: Settings) -> tuple[str, str]:
    """``(status, detail)``: ``off`` when switched off; ``ok`` when Tesseract has every
    configured language, else
    ``degraded`` naming what is missing (or ``down`` with OCR unusable); the detail names
    Tesseract's version and languages and what the EasyOCR fallback can do."""
    if not settings.ocr_enabled:
        return "off", "OCR switched off (CASGATE_OCR_ENABLED=false): scans answer 400"
    version = tesseract.version()
    if version is None:
        return "down", "tesseract not installed; scans cannot be read"
    installed = tesseract.languages()
    wanted = settings.ocr_languages.split("+")
    missing = [lang for lang in [*wanted, "osd"] if lang not in installed]
    detail = (
        f"tesseract {version} ({'+'.join(lang for lang in installed)}); "
        f"fallback: {fallback.status(settings.ocr_easyocr_model_dir, settings.ocr_languages)}"
    )
    if missing:
        return "degraded", f"{detail}; missing language data: {', '.join(missing)}"
    return "ok", detail
