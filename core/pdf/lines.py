"""Cluster words into lines by baseline."""

from __future__ import annotations

from operator import attrgetter

from .geometry import Line, Word

#: words whose baselines differ by at most this many points share a line
BASELINE_TOLERANCE = 1.5
_BASELINE = attrgetter("baseline")
_X0 = attrgetter("x0")


def cluster_lines(words: list[Word], tolerance: float = BASELINE_TOLERANCE) -> list[Line]:
    """Lines top-down, words left to right inside each."""
    lines: list[Line] = []
    for word in sorted(words, key=_BASELINE, reverse=True):  # stable, as is -baseline
        if lines and lines[-1].baseline - word.baseline <= tolerance:
            lines[-1].words.append(word)
        else:
            lines.append(Line(baseline=word.baseline, words=[word]))
    for line in lines:
        line.words.sort(key=_X0)
    return lines
