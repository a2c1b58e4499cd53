"""Character error rate: edit distance over the truth's length, whitespace normalised."""

from __future__ import annotations


def normalise(text: str) -> str:
    return " ".join(text.split())


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(read: str, truth: str) -> float:
    truth, read = normalise(truth), normalise(read)
    return edit_distance(read, truth) / max(len(truth), 1)


def words_sorted(text: str) -> str:
    """``text``'s words in sorted order: a CER over these ignores reading order (two blocks
    that share a baseline, a footer beside the last row) and counts only misread words."""
    return " ".join(sorted(text.split()))
