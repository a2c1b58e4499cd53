"""Column geometry of the detailed transaction table, read from its header words."""

from __future__ import annotations

from dataclasses import dataclass

from ..pdf import Line, Word

#: a header spans at most this many points top to bottom (KFintech staggers it over ~11 pt)
HEADER_SPAN = 15.0
HEADER_WORDS = frozenset(
    {"Date", "Transaction", "Amount", "Units", "Price", "Unit", "Balance", "(INR)", "NAV"}
)
#: a right-aligned number ends within this distance of its column's right edge
ALIGN_TOLERANCE = 8.0


@dataclass(frozen=True, slots=True)
class Columns:
    date_x: float
    desc_x: float
    amount_r: float
    units_r: float
    price_r: float | None
    balance_r: float

    def numeric(self) -> list[tuple[str, float]]:
        cols = [("amount", self.amount_r), ("units", self.units_r), ("balance", self.balance_r)]
        if self.price_r is not None:
            cols.append(("price", self.price_r))
        return cols

    def cell_of(self, word: Word) -> str | None:
        """The numeric column a right-aligned word belongs to, if any."""
        best, distance = None, ALIGN_TOLERANCE
        for name, right in self.numeric():
            d = abs(word.x1 - right)
            if d <= distance:
                best, distance = name, d
        return best

    @property
    def desc_limit(self) -> float:
        """Descriptions end before the Amount column's numbers begin."""
        return self.amount_r - 45.0


def find_header(lines: list[Line]) -> tuple[int, int, Columns] | None:
    """``(first, last, columns)`` of the first transaction-table header among ``lines``."""
    for i, line in enumerate(lines):
        texts = {w.text for w in line.words}
        if "Transaction" not in texts and "Date" not in texts:
            continue
        last = i
        words: dict[str, Word] = {}
        for j in range(max(0, i - 3), len(lines)):
            if abs(lines[j].baseline - line.baseline) > HEADER_SPAN:
                if j > i:
                    break
                continue
            if not all(w.text in HEADER_WORDS for w in lines[j].words):
                continue
            last = max(last, j)
            for w in lines[j].words:
                words.setdefault(w.text, w)
        need = ("Date", "Transaction", "Amount", "Units", "Balance")
        if not all(k in words for k in need):
            continue
        first = min(
            j
            for j in range(max(0, i - 3), last + 1)
            if abs(lines[j].baseline - line.baseline) <= HEADER_SPAN
            and all(w.text in HEADER_WORDS for w in lines[j].words)
        )
        price = words.get("Price") or words.get("NAV")
        columns = Columns(
            date_x=words["Date"].x0,
            desc_x=words["Transaction"].x0,
            amount_r=words["Amount"].x1,
            units_r=words["Units"].x1,
            price_r=price.x1 if price else None,
            balance_r=words["Balance"].x1,
        )
        return first, last, columns
    return None
