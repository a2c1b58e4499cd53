"""Table headers of the depositories' statements, read over one to four baselines.

NSDL and CDSL wrap column labels differently from year to year (``ISIN`` above ``Stock
Symbol``, ``No. of`` above ``Shares``, ``Face Value`` above ``in ₹``). A header is the line that
starts with ``ISIN`` plus the label-only lines right below it; labels on later lines join the
column they overlap horizontally, so the columns are the header's word clusters whatever the
wrapping. Column roles are then found by the words a column's label contains.
"""

from __future__ import annotations

from functools import lru_cache

from ..pdf import Line
from .ecas_text import Label, Table, is_numeric, isin_start, labels

#: the baselines of one header are at most this far apart
HEADER_GAP = 12.0
MAX_HEADER_LINES = 4
#: labels that overlap a column by more than this much (pt) belong to it
_OVERLAP = -2.0


def is_header_start(line: Line) -> bool:
    """``ISIN`` (or ``ISIN / …``) opening a line that is not itself a row."""
    first = line.words[0].text
    return first.upper().startswith("ISIN") and not isin_start(first)


def _is_label_line(line: Line, stop: frozenset[str]) -> bool:
    first = line.words[0].text
    return (
        not isin_start(first)
        and not any(is_numeric(w.text) for w in line.words)
        and line.text not in stop
        and first not in ("Sub", "Total")
    )


def read_header(
    lines: list[Line], start: int, stop: frozenset[str] = frozenset()
) -> tuple[Table, int]:
    """The table whose header starts at ``lines[start]``, and the index of its first row line."""
    columns = labels(lines[start])
    end = start + 1
    while end < len(lines) and end - start < MAX_HEADER_LINES:
        line = lines[end]
        if abs(lines[end - 1].baseline - line.baseline) > HEADER_GAP:
            break
        if not _is_label_line(line, stop):
            break
        for label in labels(line):
            _merge(columns, label)
        end += 1
    return Table(columns), end


def extends_header(table: Table, baseline: float, line: Line) -> bool:
    """Merge ``line`` into ``table``'s header when it is the header's next label line."""
    if abs(baseline - line.baseline) > HEADER_GAP or not _is_label_line(line, frozenset()):
        return False
    for label in labels(line):
        _merge(table.columns, label)
    table.changed()
    return True


def _merge(columns: list[Label], label: Label) -> None:
    best, overlap = None, _OVERLAP
    for column in columns:
        o = min(column.x1, label.x1) - max(column.x0, label.x0)
        if o > overlap:
            best, overlap = column, o
    if best is None:
        columns.append(label)
        columns.sort(key=lambda c: c.x0)
        return
    best.text += " " + label.text
    best.x0, best.x1 = min(best.x0, label.x0), max(best.x1, label.x1)


def find_column(
    table: Table, *words: str, avoid: tuple[str, ...] = (), last: bool = False
) -> int | None:
    """The column whose label holds one of ``words`` (case-insensitive) and none of ``avoid``."""
    return _find_column(table.label_texts(), words, avoid, last)


@lru_cache(maxsize=1024)
def _find_column(
    labels: tuple[str, ...], words: tuple[str, ...], avoid: tuple[str, ...], last: bool
) -> int | None:
    # asked for every row of a table whose labels never change: remembered per label set
    found = None
    for i, label in enumerate(labels):
        text = label.lower()
        if any(w.lower() in text for w in words) and not any(a.lower() in text for a in avoid):
            found = i
            if not last:
                return i
    return found
