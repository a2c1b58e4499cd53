"""Captcha solvers for the portals' login forms, chosen by ``CASGATE_CAPTCHA_SOLVER``.

A solver turns the bytes of a captcha image into the text to type. ``ocr`` reads simple image
captchas (dark characters on a light, lightly noisy background) with Tesseract: the image is
binarised, which drops faint noise lines and dots, and read as one line of capitals and digits.
A wrong reading costs one attempt; the portal clients ask for a fresh captcha and try again.
"""

from __future__ import annotations

import asyncio
import io
import os
from typing import Protocol

from PIL import Image, UnidentifiedImageError

from core.errors import Code, NotImplementedYet
from core.settings import Settings

#: characters simple captchas are made of
CAPTCHA_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_MAX_PIXELS = 2_000_000
_TIMEOUT_SECONDS = 10


class CaptchaSolver(Protocol):
    async def solve(self, image: bytes) -> str:
        """The text the captcha ``image`` shows (may be wrong; ``""`` when unreadable)."""
        ...


class OcrCaptchaSolver:
    """Reads a simple image captcha with Tesseract."""

    def __init__(self, threshold: int = 128) -> None:
        self.threshold = threshold

    def read(self, image: bytes) -> str:
        """Blocking: the captcha's text in capitals, ``""`` when the image cannot be read."""
        import pytesseract

        try:
            with Image.open(io.BytesIO(image)) as opened:
                if opened.width * opened.height > _MAX_PIXELS:
                    return ""
                grey = opened.convert("L")
        except (UnidentifiedImageError, OSError):
            return ""
        binary = grey.point(lambda p: 0 if p < self.threshold else 255)
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        try:
            text = pytesseract.image_to_string(
                binary,
                config=f"--psm 7 -c tessedit_char_whitelist={CAPTCHA_CHARACTERS}",
                timeout=_TIMEOUT_SECONDS,
            )
        except pytesseract.TesseractNotFoundError:
            raise NotImplementedYet(
                "CASGATE_CAPTCHA_SOLVER=ocr needs Tesseract, which is not installed here.",
                code=Code.CAPTCHA_SOLVER_MISSING,
            ) from None
        except RuntimeError:  # Tesseract ran past the timeout
            return ""
        return "".join(ch for ch in text.upper() if ch in CAPTCHA_CHARACTERS)

    async def solve(self, image: bytes) -> str:
        return await asyncio.to_thread(self.read, image)


def captcha_solver(settings: Settings) -> CaptchaSolver:
    """The configured solver; ``CAPTCHA_SOLVER_MISSING`` (501) when none is configured."""
    choice = settings.captcha_solver.strip().lower()
    if choice == "ocr":
        return OcrCaptchaSolver()
    if not choice:
        raise NotImplementedYet(
            "Fetching from the portals needs a captcha solver, and none is configured: set "
            "CASGATE_CAPTCHA_SOLVER=ocr to read their image captchas with Tesseract.",
            code=Code.CAPTCHA_SOLVER_MISSING,
        )
    raise NotImplementedYet(
        f"CASGATE_CAPTCHA_SOLVER={settings.captcha_solver!r} is not a known solver; use `ocr`.",
        code=Code.CAPTCHA_SOLVER_MISSING,
    )
