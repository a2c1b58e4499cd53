"""CAMS / KFintech summary statements (Consolidated Account Summary) → folios and schemes.

One row per scheme: folio, ISIN, ``<code>-<name>`` (wrapping onto scheme-column-only lines),
cost, units, NAV date, NAV, market value, registrar; AMC lines between groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..models import MutualFundFolio, Scheme, SchemeAdditionalInfo
from ..pdf import Document, Line, Word
from .cams_common import FOLIO_SLASH, PAGE_FOOTER, is_amc_line, split_code
from .numbers import is_date, is_number, parse_decimal
from .scheme_db import lookup
from .validate import gain

ISIN_WORD = re.compile(r"^IN[A-Z0-9]{10}$")
ALIGN = 8.0
HEADER_WORDS = frozenset(
    {
        "Folio",
        "No.",
        "No",
        "ISIN",
        "Scheme",
        "Name",
        "Cost",
        "Value",
        "Unit",
        "Balance",
        "Closing",
        "NAV",
        "Date",
        "Price",
        "Market",
        "Registrar",
        "(INR)",
    }
)


@dataclass(frozen=True, slots=True)
class SummaryColumns:
    folio_x: float
    isin_x: float
    scheme_x: float
    cost_r: float
    units_r: float
    nav_r: float
    value_r: float
    registrar_x: float

    def numeric(self, word: Word) -> str | None:
        best, distance = None, ALIGN
        for name, right in (
            ("cost", self.cost_r),
            ("units", self.units_r),
            ("nav", self.nav_r),
            ("value", self.value_r),
        ):
            if abs(word.x1 - right) <= distance:
                best, distance = name, abs(word.x1 - right)
        return best


def _pick(words: list[Word], label: str) -> Word | None:
    return next((w for w in words if w.text == label), None)


def find_summary_header(lines: list[Line]) -> tuple[int, int, SummaryColumns] | None:
    for i, line in enumerate(lines):
        texts = [w.text for w in line.words]
        if "Folio" not in texts or "Scheme" not in texts:
            continue
        window = [
            j
            for j in range(max(0, i - 3), min(len(lines), i + 4))
            if abs(lines[j].baseline - line.baseline) <= 12
            and all(w.text in HEADER_WORDS for w in lines[j].words)
        ]
        words = [w for j in window for w in lines[j].words]

        folio, isin, scheme, registrar = (
            _pick(words, "Folio"),
            _pick(words, "ISIN"),
            _pick(words, "Scheme"),
            _pick(words, "Registrar"),
        )
        cost = next(
            (
                w
                for w in words
                if w.text == "Value"
                and any(c.text == "Cost" and 0 < w.x0 - c.x1 < 6 for c in words)
            ),
            None,
        )
        market = next(
            (
                w
                for w in words
                if w.text == "Value"
                and any(c.text == "Market" and 0 < w.x0 - c.x1 < 6 for c in words)
            ),
            None,
        )
        balance = _pick(words, "Balance")
        nav = _pick(words, "Price") or next(
            (
                w
                for w in words
                if w.text == "NAV"
                and not any(d.text == "Date" and 0 < d.x0 - w.x1 < 6 for d in words)
            ),
            None,
        )
        if None in (folio, isin, scheme, registrar, cost, market, balance, nav):
            continue
        assert folio and isin and scheme and registrar and cost and market and balance and nav
        columns = SummaryColumns(
            folio.x0, isin.x0, scheme.x0, cost.x1, balance.x1, nav.x1, market.x1, registrar.x0
        )
        return min(window), max(window), columns
    return None


@dataclass
class SummaryResult:
    folios: list[MutualFundFolio]
    total: tuple[Decimal, Decimal] | None
    warnings: list[str]


def read_summary(document: Document) -> SummaryResult:
    folios: dict[str, MutualFundFolio] = {}
    columns: SummaryColumns | None = None
    amc = "Unknown AMC"
    current: Scheme | None = None
    total: tuple[Decimal, Decimal] | None = None
    warnings: list[str] = []
    for layout in document.layouts():
        found = find_summary_header(layout.lines)
        skip = range(0)
        if found:
            skip = range(found[0], found[1] + 1)
            columns = found[2]
        elif layout.number == 1:
            continue
        start = found[0] if (found and layout.number == 1) else 0
        for index in range(start, len(layout.lines)):
            line = layout.lines[index]
            if index in skip or columns is None or PAGE_FOOTER.match(line.text):
                continue
            if is_amc_line(line):
                amc, current = line.text, None
                continue
            words = line.words
            first = words[0]
            if (
                first.text.lower() in ("total", "grand")
                or line.text.lower().startswith(("grand total", "total"))
                or (
                    first.x0 >= columns.scheme_x - 3 and re.match(r"^(Grand\s+)?Total\b", line.text)
                )
            ):
                nums = [parse_decimal(w.text) for w in words if is_number(w.text)]
                if len(nums) >= 2 and nums[0] is not None and nums[-1] is not None:
                    total = (nums[0], nums[-1])
                current = None
                continue
            if first.x0 < columns.isin_x - 3 and first.text[:1].isdigit():
                current = _row(line, columns, amc, folios)
                continue
            if current is not None and all(
                columns.scheme_x - 3 <= w.x0 and w.x1 <= columns.cost_r - 30 for w in words
            ):
                current.name = f"{current.name} {line.text}"
    result = list(folios.values())
    for folio in result:
        for scheme in folio.schemes or []:
            _finish(scheme)
        folio.value = sum((s.value or Decimal(0) for s in folio.schemes or []), Decimal(0))
    return SummaryResult(result, total, warnings)


def _row(
    line: Line, columns: SummaryColumns, amc: str, folios: dict[str, MutualFundFolio]
) -> Scheme | None:
    folio_words: list[str] = []
    isin = None
    scheme_words: list[str] = []
    cells: dict[str, Decimal] = {}
    registrar = None
    for word in line.words:
        if ISIN_WORD.match(word.text):
            isin = word.text
        elif word.x0 < columns.isin_x - 3:
            folio_words.append(word.text)
        elif is_number(word.text) and (column := columns.numeric(word)) and column not in cells:
            value = parse_decimal(word.text)
            if value is not None:
                cells[column] = value
        elif is_date(word.text):
            continue
        elif word.x0 >= columns.registrar_x - 3:
            registrar = word.text.upper()
        elif word.x0 >= columns.scheme_x - 3:
            scheme_words.append(word.text)
        else:
            folio_words.append(word.text)  # a long folio's "/ N" overflowing to the right
    number = FOLIO_SLASH.sub(" / ", " ".join(folio_words)).strip()
    if not number or not scheme_words:
        return None
    key = f"{amc}\x00{number}"
    folio = folios.get(key)
    if folio is None:
        folio = MutualFundFolio(amc=amc, folio_number=number, registrar=registrar, schemes=[])
        folios[key] = folio
    code, name = split_code(" ".join(scheme_words))
    scheme = Scheme(
        name=name,
        isin=isin,
        units=cells.get("units"),
        nav=cells.get("nav"),
        value=cells.get("value"),
        cost=cells.get("cost"),
        additional_info=SchemeAdditionalInfo(rta_code=code, close_units=cells.get("units")),
    )
    assert folio.schemes is not None
    folio.schemes.append(scheme)
    return scheme


def _finish(scheme: Scheme) -> None:
    amfi, kind = lookup(scheme.isin, scheme.name or "")
    scheme.type = kind
    if scheme.additional_info is not None:
        scheme.additional_info.amfi = amfi
    if scheme.value is not None and scheme.cost is not None:
        scheme.gain = gain(scheme.value, scheme.cost)
