"""Text pieces shared by the NSDL and CDSL eCAS parsers: clean lines, numbers, table columns.

Depository statements overlay Hindi translations (Devanagari) on English labels, wrap ISINs with
a soft hyphen and print ``--`` for empty cells; these helpers undo that on top of the document's
geometry-first text layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..pdf import Line, PageLayout, Word
from .numbers import is_number, parse_decimal

SOFT_HYPHEN = "\u00ad"
ISIN = re.compile(r"^IN[A-Z0-9]{9}\d$")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_EXCHANGE = re.compile(r"\.(?:NSE|BSE)$")
#: header words closer than this belong to one column label
LABEL_GAP = 4.0
#: a right-aligned number ends within this distance of its column label's right edge
RIGHT_TOLERANCE = 6.0


def clean_lines(page: PageLayout) -> list[Line]:
    """The page's lines without Hindi overlay words (and lines left empty by that)."""
    out = []
    for line in page.lines:
        words = [w for w in line.words if not _DEVANAGARI.search(w.text)]
        if words:
            out.append(Line(line.baseline, words))
    return out


def number(text: str | None) -> Decimal | None:
    """``1,23,456.78`` → Decimal; ``--`` → None; ``.196`` → 0.196."""
    if text is None or text.strip() in ("", "--", "-"):
        return None
    text = text.strip()
    if text.startswith("."):
        text = "0" + text
    return parse_decimal(text)


def is_numeric(text: str) -> bool:
    """``number(text) is not None``, or ``--``: the same test without building the Decimal
    (asked for every word of every table row)."""
    if text == "--":
        return True
    text = text.strip()
    if text in ("", "--", "-"):
        return False
    return is_number("0" + text if text.startswith(".") else text)


def isin_start(text: str) -> bool:
    """A full ISIN or the soft-hyphen-wrapped head of one."""
    return bool(ISIN.match(text)) or (
        text.endswith(SOFT_HYPHEN) and bool(re.match(r"^IN[A-Z0-9]{3,10}\u00ad$", text))
    )


def bare_symbol(text: str) -> str:
    return _EXCHANGE.sub("", text)


@dataclass(slots=True)
class Label:
    text: str
    x0: float
    x1: float


def labels(line: Line) -> list[Label]:
    """Column labels of a header line: words grouped by small gaps."""
    out: list[Label] = []
    for w in line.words:
        if out and w.x0 - out[-1].x1 <= LABEL_GAP:
            out[-1].text += " " + w.text
            out[-1].x1 = w.x1
        else:
            out.append(Label(w.text, w.x0, w.x1))
    return out


@dataclass(slots=True)
class Table:
    """Columns of a table from its header labels, in order."""

    columns: list[Label]

    def column(self, word: Word) -> int | None:
        """Index of the column a word belongs to: numbers by right edge, text by left edge."""
        if is_numeric(word.text):
            best, distance = None, RIGHT_TOLERANCE
            for i, col in enumerate(self.columns):
                d = abs(word.x1 - col.x1)
                if d <= distance:
                    best, distance = i, d
            if best is not None:
                return best
        found = None
        for i, col in enumerate(self.columns):
            if col.x0 <= word.x0 + 3.0:
                found = i
        return found

    def cells(self, line: Line) -> dict[int, list[Word]]:
        out: dict[int, list[Word]] = {}
        for w in line.words:
            index = self.column(w)
            if index is not None:
                out.setdefault(index, []).append(w)
        return out


def cell_text(cells: dict[int, list[Word]], index: int) -> str | None:
    words = cells.get(index)
    return " ".join(w.text for w in words) if words else None


def cell_number(cells: dict[int, list[Word]], index: int) -> Decimal | None:
    words = cells.get(index)
    if not words:
        return None
    return number(words[0].text)


def join_isin(parts: list[str]) -> str:
    return "".join(parts).replace(SOFT_HYPHEN, "")


def _indented(x0: float, column_x: float) -> bool:
    """Drawn a space's width right of its column: the piece lost a leading space."""
    return x0 - column_x > 1.3


def equal_width_name(pieces: list[tuple[str, float]], column_x: float, width: int) -> str:
    """Rejoin a name cut every ``width`` characters (mid-word if need be).

    A piece shorter than ``width`` (counting a lost leading space) lost a trailing space at the
    cut; an indented piece lost a leading one.
    """
    out = ""
    previous = 0
    for i, (text, x0) in enumerate(pieces):
        lead = _indented(x0, column_x)
        if i:
            out += (" " if lead or previous < width else "") + text
        else:
            out = text
        previous = len(text) + (1 if lead else 0)
    return out


def name_width(all_pieces: list[list[tuple[str, float]]], column_x: float, usual: int) -> int:
    """The cut width of a table's names, from the document's own pieces.

    An equal-width cut leaves non-last pieces of exactly the width, or one less where the cut
    fell on a space (lost at the end of the piece). So with ``L`` the longest non-last piece the
    width is ``L`` or ``L + 1``: ``L`` when a piece of ``L - 1`` is also seen or none is longer,
    ``L + 1`` when any piece (a last one, a one-line name) is longer than ``L`` or the template's
    ``usual`` width says so.
    """

    def length(text: str, x: float) -> int:
        return len(text) + (1 if _indented(x, column_x) else 0)

    lengths = [length(t, x) for pieces in all_pieces for t, x in pieces[:-1]]
    if not lengths:
        return usual
    longest = max(lengths)
    if longest >= usual or longest - 1 in lengths:
        return longest
    anywhere = max(length(t, x) for pieces in all_pieces for t, x in pieces)
    return longest + 1 if anywhere > longest or longest + 1 == usual else longest
