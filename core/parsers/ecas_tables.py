"""Holdings rows of the depositories' tables → positions.

A row is the lines from one ISIN to the next: the ISIN column may carry the soft-hyphen-wrapped
ISIN's tail and the stock symbol; the name column the equal-width-cut name; numeric columns
stacked balances (pledged sub-amounts, free / locked-in balances).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..pdf import Line, Word
from .ecas_header import find_column
from .ecas_model import HoldingClass, Position, SecurityTerms, classify_isin
from .ecas_text import (
    ISIN,
    SOFT_HYPHEN,
    Table,
    bare_symbol,
    cell_number,
    cell_text,
    equal_width_name,
    is_numeric,
    join_isin,
    name_width,
    number,
)
from .numbers import iso_date

#: numeric column indexes per table kind: line-0 fields, then stacked fields by (line, column)
_LAYOUT: dict[str, dict[str, tuple[int, int]]] = {
    "equity": {"units": (0, 3), "price": (0, 4), "value": (0, 5), "pledged": (1, 3)},
    "units": {"units": (0, 2), "price": (0, 3), "value": (0, 4), "pledged": (1, 2)},
    "detailed": {
        "units": (0, 2),
        "pledged": (0, 4),
        "price": (0, 5),
        "value": (0, 6),
        "free": (1, 2),
        "locked": (1, 3),
    },
    "bond": {"units": (0, 4), "value": (0, 6)},
    # CDSL's holding statement: every class in one table, one line of balances per row
    "cdsl": {
        "units": (0, 2),
        "frozen": (0, 3),
        "pledged": (0, 4),
        "free": (0, 6),
        "price": (0, 7),
        "value": (0, 8),
    },
}


#: characters per line at which each NSDL table cuts security names (a template constant; a
#: wider cut seen in the document itself wins)
CUT_WIDTH = {"equity": 24, "units": 24, "detailed": 22, "bond": 18, "cdsl": 20}


@dataclass
class Row:
    table: Table
    section: str
    kind: str
    lines: list[Line]
    _cells: list[dict[int, list[Word]]] = field(default_factory=list)
    _name_column: int | None = None
    _pieces: list[tuple[str, float]] | None = None
    _pieces_for: int = -1

    def cells(self, line: int) -> dict[int, list[Word]]:
        """Words of line ``line`` by column (computed once per row)."""
        if len(self._cells) != len(self.lines):
            self._cells = [self.table.cells(x) for x in self.lines]
        return self._cells[line]

    def column_words(self, index: int) -> list[list[str]]:
        return [[w.text for w in self.cells(i).get(index, [])] for i in range(len(self.lines))]

    @property
    def name_column(self) -> int:
        """(Asked for every line of the row; the header is complete once rows are read.)"""
        if self._name_column is None:
            found = find_column(self.table, "Name", "Description", "Security", avoid=("ISIN /",))
            self._name_column = 1 if found is None or found == 0 else found
        return self._name_column

    @property
    def name_x(self) -> float:
        return self.table.columns[self.name_column].x0

    def _name_words(self, line: int) -> list[Word]:
        """The name column's words; in tables whose later columns hold only numbers, a word
        that starts under a later column's label but is not a number is still the name's."""
        cells = self.cells(line)
        name_column = self.name_column
        words = list(cells.get(name_column, []))
        if self.kind in ("equity", "units"):
            for index in sorted(cells):
                if index > name_column:
                    words += [w for w in cells[index] if not is_numeric(w.text)]
        return words

    @property
    def relative_pieces(self) -> list[tuple[str, float]]:
        """Name pieces with their x relative to the name column (comparable across tables)."""
        name_x = self.name_x
        return [(text, x - name_x) for text, x in self.name_pieces]

    @property
    def name_pieces(self) -> list[tuple[str, float]]:
        """(Read once for the table's cut width and once for the row's name: kept.)"""
        if self._pieces is None or self._pieces_for != len(self.lines):
            pieces = []
            for i in range(len(self.lines)):
                words = self._name_words(i)
                if words:
                    pieces.append((" ".join([w.text for w in words]), words[0].x0))
            self._pieces, self._pieces_for = pieces, len(self.lines)
        return list(self._pieces)

    def number(self, at: tuple[int, int]) -> Decimal | None:
        line, column = at
        if line >= len(self.lines):
            return None
        return cell_number(self.cells(line), column)


def isin_and_rest(row: Row) -> tuple[str | None, list[str]]:
    """The ISIN (soft-hyphen parts rejoined) and what else the ISIN column holds."""
    parts: list[str] = []
    rest: list[str] = []
    for words in row.column_words(0):
        for word in words:
            # a marker word (CDSL's ``@``) never continues a wrapped ISIN
            if not parts or (parts[-1].endswith(SOFT_HYPHEN) and word.isalnum()):
                parts.append(word)
            else:
                rest.append(word)
    isin = join_isin(parts)
    return (isin if ISIN.match(isin) else None), rest


def _layout(row: Row, kind: str) -> dict[str, tuple[int, int]]:
    """Where each figure sits: the kind's usual columns, corrected by the header's words."""
    layout = dict(_LAYOUT[kind])
    if kind not in ("equity", "units"):
        return layout
    units = find_column(row.table, "Shares", "Units")
    price = find_column(row.table, "Price", "NAV")
    value = find_column(row.table, "Value", avoid=("Face",), last=True)
    if units is not None:
        layout["units"], layout["pledged"] = (0, units), (1, units)
    if price is not None:
        layout["price"] = (0, price)
    if value is not None:
        layout["value"] = (0, value)
    return layout


def _symbol(row: Row, rest: list[str]) -> str | None:
    """The stock symbol: in a column of its own, or below the ISIN."""
    column = find_column(row.table, "Symbol")
    if column:
        words = row.column_words(column)
        return bare_symbol(words[0][0]) if words and words[0] else None
    return bare_symbol(rest[0]) if rest else None


def cut_width(all_pieces: list[list[tuple[str, float]]], kind: str) -> int:
    """The width at which a table of ``kind`` cut its names, from all its rows' pieces
    (:meth:`Row.relative_pieces`): computed once per table kind, not once per row."""
    return name_width(all_pieces, 0.0, CUT_WIDTH.get(kind, 0))


def position_from_row(row: Row, kind: str, section: str, width: int) -> Position | None:
    """The holding a table row shows; ``width``: its table's :func:`cut_width`."""
    isin, rest = isin_and_rest(row)
    if isin is None or kind not in _LAYOUT:
        return None
    layout = _layout(row, kind)
    name = equal_width_name(row.name_pieces, row.name_x, width)
    numbers = {key: row.number(at) for key, at in layout.items()}
    units, value = numbers["units"], numbers["value"]
    if units is None or value is None:
        return None
    try:
        cls = HoldingClass(section)  # NSDL's section markers name the class
    except ValueError:
        cls = classify_isin(isin, name)
    symbol = _symbol(row, rest) if cls == HoldingClass.EQUITY and kind == "equity" else None
    return Position(
        isin=isin,
        name=name,
        cls=cls,
        units=units,
        value=value,
        price=numbers.get("price"),
        symbol=symbol,
        pledged=numbers.get("pledged"),
        locked=numbers.get("locked"),
        frozen=numbers.get("frozen"),
        free=numbers.get("free") if kind in ("detailed", "cdsl") else None,
        terms=_terms(row, kind),
    )


def _terms(row: Row, kind: str) -> SecurityTerms:
    """Face value (NSDL's equity and bond tables), coupon and maturity (its bond table).

    Columns are found by their labels; the bond table stacks the coupon's frequency (text)
    above its rate (a number) in one cell, so they are told apart by what they are.
    """
    terms = SecurityTerms()
    if kind not in ("equity", "bond"):
        return terms
    face = find_column(row.table, "Face")
    if face is not None:  # a long name's last letters may stray under the label: numbers only
        words = row.cells(0).get(face, [])
        terms.face_value = next((number(w.text) for w in words if is_numeric(w.text)), None)
    if kind != "bond":
        return terms
    coupon = find_column(row.table, "Coupon")
    if coupon is not None:
        words = [w for i in range(len(row.lines)) for w in row.cells(i).get(coupon, [])]
        rate = [number(w.text) for w in words if is_numeric(w.text)]
        terms.coupon_rate = next((r for r in rate if r is not None), None)
        text = " ".join(w.text for w in words if not is_numeric(w.text))
        terms.coupon_frequency = text or None
    maturity = find_column(row.table, "Maturity")
    if maturity is not None:
        terms.maturity_date = iso_date(cell_text(row.cells(0), maturity) or "")
    return terms
