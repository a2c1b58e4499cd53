"""Text pieces shared by the NSDL and CDSL eCAS parsers: clean lines, numbers, table columns.

Depository statements overlay Hindi translations (Devanagari) on English labels, wrap ISINs with
a soft hyphen and print ``--`` for empty cells; these helpers undo that on top of the document's
geometry-first text layer.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from ..pdf import Line, PageLayout, Word
from .numbers import parse_decimal

SOFT_HYPHEN = "\u00ad"
ISIN = re.compile(r"^IN[A-Z0-9]{9}\d$")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_EXCHANGE = re.compile(r"\.(?:NSE|BSE)$")
#: what :func:`is_numeric` accepts, in one pattern: ``--``, a number as
#: :func:`~.numbers.is_number` reads it, or one whose leading zero was dropped (``.196``)
_NUMERIC = re.compile(r"--|\(?-?[\d,]*\d(?:\.\d+)?\)?|\.\d+\)?")
_WRAPPED_ISIN_HEAD = re.compile(r"^IN[A-Z0-9]{3,10}\u00ad$")
#: header words closer than this belong to one column label
LABEL_GAP = 4.0
#: a right-aligned number ends within this distance of its column label's right edge
RIGHT_TOLERANCE = 6.0


class TextLine(Line):
    """A line whose text is joined once: the readers ask for it several times a line.

    Its words are not to change afterwards (make a new line from them if they must)."""

    __slots__ = ("_text",)

    def __init__(self, baseline: float, words: list[Word], text: str | None = None) -> None:
        self.baseline = baseline
        self.words = words
        self._text = " ".join([w.text for w in words]) if text is None else text

    @property
    def text(self) -> str:
        return self._text


def clean_lines(page: PageLayout) -> list[Line]:
    """The page's lines without Hindi overlay words (and lines left empty by that)."""
    out: list[Line] = []
    search = _DEVANAGARI.search
    for line in page.lines:
        words = line.words
        text = " ".join([w.text for w in words])
        # the rare line with an overlay: drop its Devanagari words (an ASCII line has none,
        # and str.isascii answers from the string's header)
        if not text.isascii() and search(text):
            words = [w for w in words if not search(w.text)]
            if words:
                out.append(TextLine(line.baseline, words))
        else:
            out.append(TextLine(line.baseline, list(words), text))
    return out


def number(text: str | None) -> Decimal | None:
    """``1,23,456.78`` → Decimal; ``--`` → None; ``.196`` → 0.196."""
    if text is None:
        return None
    text = text.strip()
    if text in ("", "--", "-"):
        return None
    if text[0] == ".":
        text = "0" + text
    return parse_decimal(text)


def is_numeric(text: str) -> bool:
    """``number(text) is not None``, or ``--``: the same test without building the Decimal
    (asked for every word of every table row, so one pattern, tried on the word as it is
    first: a word has no surrounding space; a word starting with a letter never matches)."""
    if text[:1].isalpha():
        return False
    if _NUMERIC.fullmatch(text):
        return True
    stripped = text.strip()
    if stripped == text or stripped == "--":  # `` -- `` is an empty cell, not a number
        return False
    return _NUMERIC.fullmatch(stripped) is not None


def isin_start(text: str) -> bool:
    """A full ISIN or the soft-hyphen-wrapped head of one."""
    return bool(ISIN.match(text)) or (
        text.endswith(SOFT_HYPHEN) and bool(_WRAPPED_ISIN_HEAD.match(text))
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
    """Columns of a table from its header labels, in order.

    Whoever changes the labels of a table already in use calls :meth:`changed`."""

    columns: list[Label]
    _edges: _Edges | None = field(default=None, init=False, repr=False, compare=False)

    def changed(self) -> None:
        """The labels moved (a header grew by a line): forget their edges."""
        self._edges = None

    def _current_edges(self) -> _Edges:
        edges = self._edges
        if edges is None or edges.count != len(self.columns):
            edges = self._edges = _Edges(self.columns)
        return edges

    def column(self, word: Word) -> int | None:
        """Index of the column a word belongs to: numbers by right edge, text by left edge."""
        return self._current_edges().column(word)

    def label_texts(self) -> tuple[str, ...]:
        """The columns' labels (kept with the edges: asked for every row)."""
        return self._current_edges().labels

    def cells(self, line: Line) -> dict[int, list[Word]]:
        column = self._current_edges().column  # the edges once per line, not once per word
        out: dict[int, list[Word]] = {}
        for w in line.words:
            index = column(w)
            if index is not None:
                if index in out:
                    out[index].append(w)
                else:
                    out[index] = [w]
        return out


class _Edges:
    """A table's column labels and edges (kept until the header changes), for
    :meth:`Table.column`'s rule: a number joins the column whose right edge is nearest its own
    (within :data:`RIGHT_TOLERANCE`, the later column on a tie), anything else the last column
    starting left of it. Sorted edges (the usual table) are searched by bisection."""

    __slots__ = ("count", "labels", "x0", "x0_sorted", "x1", "x1_sorted")

    def __init__(self, columns: list[Label]) -> None:
        self.count = len(columns)
        self.labels = tuple(c.text for c in columns)
        self.x0 = [c.x0 for c in columns]
        self.x1 = [c.x1 for c in columns]
        self.x0_sorted = sorted(self.x0) == self.x0
        self.x1_sorted = sorted(self.x1) == self.x1

    def column(self, word: Word) -> int | None:
        if is_numeric(word.text):
            best = self.nearest_right(word.x1)
            if best is not None:
                return best
        limit = word.x0 + 3.0
        if self.x0_sorted:
            found = bisect_right(self.x0, limit) - 1
            return found if found >= 0 else None
        last = None
        for i, x0 in enumerate(self.x0):
            if x0 <= limit:
                last = i
        return last

    def nearest_right(self, x1: float) -> int | None:
        """The column whose right edge is nearest ``x1``, within the tolerance."""
        edges = self.x1
        if self.x1_sorted:  # only the edges within the tolerance can win
            lo = bisect_left(edges, x1 - RIGHT_TOLERANCE - 0.001)
            hi = bisect_right(edges, x1 + RIGHT_TOLERANCE + 0.001)
        else:
            lo, hi = 0, len(edges)
        best, distance = None, RIGHT_TOLERANCE
        for i in range(lo, hi):
            d = abs(x1 - edges[i])
            if d <= distance:
                best, distance = i, d
        return best


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
