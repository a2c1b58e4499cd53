"""Read an upright page image with Tesseract (pytesseract ``image_to_data``) into words."""

from __future__ import annotations

import os
from collections import defaultdict
from statistics import median

from PIL import Image

from ..errors import ProcessingTimeout
from .model import OcrWord
from .repair import mend

ENGINE = "tesseract"


def read_words(image: Image.Image, dpi: int, languages: str, timeout: float) -> list[OcrWord]:
    """Words of ``image`` in PDF points (the image is the whole page at ``dpi``).

    A word's baseline is the median bottom of its Tesseract line, so a word with descenders
    stays on its line. ``ProcessingTimeout`` when Tesseract runs past ``timeout`` seconds.
    """
    import pytesseract

    # several OCR processes share the machine's cores; Tesseract's own threads only contend
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(
            image,
            lang=languages,
            config="--psm 3 -c preserve_interword_spaces=1",
            output_type=pytesseract.Output.DICT,
            timeout=timeout,
        )
    except RuntimeError as exc:
        raise stopped(exc, timeout) from None
    scale = 72.0 / dpi
    page_height = image.height * scale
    lines: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, text in enumerate(data["text"]):
        if text.strip() and float(data["conf"][i]) >= 0:
            lines[(data["block_num"][i], data["par_num"][i], data["line_num"][i])].append(i)
    words: list[OcrWord] = []
    for members in lines.values():
        baseline = page_height - median(data["top"][i] + data["height"][i] for i in members) * scale
        for i in members:
            left, top = data["left"][i], data["top"][i]
            words.append(
                OcrWord(
                    text=mend(data["text"][i].strip()),
                    x0=left * scale,
                    x1=(left + data["width"][i]) * scale,
                    bottom=page_height - (top + data["height"][i]) * scale,
                    top=page_height - top * scale,
                    baseline=baseline,
                    confidence=float(data["conf"][i]),
                )
            )
    return words


def stopped(exc: RuntimeError, timeout: float) -> Exception:
    """What to raise for a ``RuntimeError`` of pytesseract: past ``timeout`` it has killed
    Tesseract and says so (``ProcessingTimeout``); anything else is passed on."""
    if "timeout" in str(exc).lower():
        return ProcessingTimeout(
            f"OCR of a page took longer than {timeout:g} seconds and was stopped."
        )
    return exc


def version() -> str | None:
    """Tesseract's version, ``None`` when it is not installed."""
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


def languages() -> list[str]:
    """The language packs Tesseract has installed (``osd`` included)."""
    import pytesseract

    try:
        return sorted(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return []
