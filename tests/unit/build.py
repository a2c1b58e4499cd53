"""Words and lines built by hand: the text layer's objects without a PDF.

A word's box is ``width`` points wide (by default 5 points a character) from ``x0``, 8 points
tall above its baseline, the way a 10-point font sits on a page.
"""

from __future__ import annotations

from core.pdf import Line, Word

CHAR = 5.0


def word(text: str, x0: float, baseline: float = 700.0, *, x1: float | None = None) -> Word:
    right = x0 + CHAR * len(text) if x1 is None else x1
    return Word(
        text=text, x0=x0, x1=right, bottom=baseline - 2, top=baseline + 8, baseline=baseline
    )


def right_aligned(text: str, x1: float, baseline: float = 700.0) -> Word:
    """A number ending at ``x1``, as statements print numeric columns."""
    return word(text, x1 - CHAR * len(text), baseline, x1=x1)


def line(*words: Word) -> Line:
    """A line of the given words (sorted left to right, like the text layer's)."""
    ordered = sorted(words, key=lambda w: w.x0)
    return Line(baseline=ordered[0].baseline, words=ordered)


def spaced(text: str, x0: float, baseline: float = 700.0, gap: float = CHAR) -> Line:
    """A line of the space-separated words of ``text``, one ``gap`` between neighbours."""
    words = []
    x = x0
    for token in text.split():
        w = word(token, x, baseline)
        words.append(w)
        x = w.x1 + gap
    return Line(baseline=baseline, words=words)
