"""Cluster words into lines by baseline."""

from __future__ import annotations

from .geometry import Line, Word

#: words whose baselines differ by at most this many points share a line
BASELINE_TOLERANCE = 1.5


def cluster_lines(words: list[Word], tolerance: float = BASELINE_TOLERANCE) -> list[Line]:
    """Lines top-down, words left to right inside each."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: -w.baseline):
        if lines and lines[-1].baseline - word.baseline <= tolerance:
            lines[-1].words.append(word)
        else:
            lines.append(Line(baseline=word.baseline, words=[word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines
