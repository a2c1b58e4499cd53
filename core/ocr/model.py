"""What OCR read on a page: words in PDF points with confidences, and how it was read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..pdf.geometry import Word


@dataclass(slots=True)
class OcrWord:
    """A word OCR read, in PDF user space (points, y upwards) like :class:`Word`."""

    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    baseline: float
    confidence: float  # 0-100

    def to_word(self) -> Word:
        return Word(self.text, self.x0, self.x1, self.bottom, self.top, self.baseline)


@dataclass(slots=True)
class OcrPage:
    """One page read by OCR. ``width``/``height`` are the upright page's size in points
    (after the orientation was corrected); ``fallback`` says what became of the fallback
    engine: ``not needed`` (or ``not needed: blank page``), ``unavailable: why``,
    ``failed: why`` (it could not run here), ``kept`` (it read better) or ``rejected``."""

    number: int
    width: float
    height: float
    engine: str
    mean_confidence: float
    rotation: int = 0
    skew: float = 0.0
    fallback: str = "not needed"
    words: list[OcrWord] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The page's words as lines, top-down."""
        from ..pdf.lines import cluster_lines

        lines = cluster_lines([w.to_word() for w in self.words], tolerance=self.line_tolerance)
        return "\n".join(line.text for line in lines)

    @property
    def line_tolerance(self) -> float:
        """Baselines OCR reads wobble more than a text layer's: a third of a typical word."""
        heights = sorted(w.top - w.bottom for w in self.words)
        return max(1.5, heights[len(heights) // 2] / 3) if heights else 1.5


def mean_confidence(words: list[OcrWord]) -> float:
    """Mean word confidence weighted by word length (a misread long word costs more)."""
    total = sum(len(w.text) for w in words)
    if not total:
        return 0.0
    return round(sum(w.confidence * len(w.text) for w in words) / total, 1)
