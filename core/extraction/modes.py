"""The ``mode`` field of ``/v1/extract`` and ``/v1/review``."""

from __future__ import annotations

from core.errors import BadRequest
from core.extraction.models import Mode


def mode_of(text: str) -> Mode:
    """``response`` when empty; anything but the two modes is a 400 naming them."""
    try:
        return Mode(text.strip() or Mode.RESPONSE.value)
    except ValueError:
        allowed = " or ".join(f"'{m.value}'" for m in Mode)
        raise BadRequest(f"mode must be {allowed}, not {text!r}") from None
