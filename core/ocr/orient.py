"""Put a page image upright: Tesseract's orientation detection, then deskew.

Skew is estimated from the horizontal projection profile: text lines give sharp peaks in the
row sums when they are level, so the angle whose rotated image has the most varied row means
wins. Rows are averaged by Pillow (a box resize to one column), so no array library is needed.
"""

from __future__ import annotations

import re
from statistics import pvariance

from PIL import Image, ImageOps

#: largest skew looked for either way, in degrees
MAX_SKEW = 6.0
#: width the profile is measured at; enough for lines of 7-point text
PROFILE_WIDTH = 900

_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")
#: OSD below this confidence is not trusted (a sparse page, a photo)
MIN_OSD_CONFIDENCE = 1.5


def orientation(image: Image.Image, timeout: float) -> int:
    """Degrees clockwise the page must be turned to stand upright (0, 90, 180 or 270)."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", timeout=timeout)
    except pytesseract.TesseractError:
        return 0  # too little text to tell: read it as it is
    except RuntimeError as exc:
        from .tesseract import stopped

        raise stopped(exc, timeout) from None
    rotate = _ROTATE.search(osd)
    confidence = _CONFIDENCE.search(osd)
    if not rotate or not confidence or float(confidence.group(1)) < MIN_OSD_CONFIDENCE:
        return 0
    return int(rotate.group(1)) % 360


def upright(image: Image.Image, degrees_clockwise: int) -> Image.Image:
    if not degrees_clockwise:
        return image
    # Pillow rotates counter-clockwise
    return image.rotate(-degrees_clockwise, expand=True, fillcolor=255)


def _profile_score(small: Image.Image, angle: float) -> float:
    turned = small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)
    rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
    return pvariance(rows)


def estimate_skew(image: Image.Image) -> float:
    """The counter-clockwise angle (degrees) that levels the text lines of ``image``."""
    gray = image.convert("L")
    scale = PROFILE_WIDTH / max(gray.width, 1)
    small = gray.resize((PROFILE_WIDTH, max(1, round(gray.height * scale))))
    inverted = ImageOps.invert(small).point(lambda v: 255 if v > 96 else 0)
    best = max(
        (step / 2 for step in range(int(-MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)),
        key=lambda a: _profile_score(inverted, a),
    )
    return max(
        (best + step / 10 for step in range(-5, 6)),
        key=lambda a: _profile_score(inverted, a),
    )


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    """``image`` levelled, and the angle it was turned by (0 when already level)."""
    angle = round(estimate_skew(image), 1)
    if abs(angle) < 0.2:
        return image, 0.0
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    return turned, angle
