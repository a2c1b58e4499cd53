"""Geometry-first text primitives: words and lines with PDF coordinates.

Coordinates are PDF user space: x grows to the right, y grows upwards, ``baseline`` is the
typographic baseline of the word's first glyph. Modelled on pdfplumber's chars → words → lines,
but built from pdfium's bulk text so that a page costs a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    baseline: float

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def x_mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Line:
    """Words sharing a baseline, left to right."""

    baseline: float
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    def text_between(self, x_lo: float, x_hi: float) -> str:
        """Text of the words whose centre lies in ``[x_lo, x_hi)``."""
        return " ".join(w.text for w in self.words if x_lo <= w.x_mid < x_hi)


@dataclass(slots=True)
class PageLayout:
    """One page: its upright lines top-down, plus the rotated text (watermarks) apart."""

    number: int
    width: float
    height: float
    lines: list[Line]
    rotated: list[str]
