"""Schedule 112A of the income-tax return: long-term gains of equity-oriented funds, as CSV.

The layout is the ITR utility's (and casparser's): per scheme, one row per lot bought on or
before 31 January 2018 (with its fair market value) and one consolidated row for the lots bought
after it; from FY2024-25 the "transferred" column (before/after 23 July 2024); from FY2025-26
every after-2018 row folded into one CONSOLIDATED row. Amounts are whole rupees.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .gains import Gain
from .money import ZERO
from .rules import BUDGET_2024, GRANDFATHERING_DATE, Term
from .views import Schedule112AView

HEADERS = [
    "Share/Unit acquired(1a)",
    "ISIN Code(2)",
    "Name of the Share/Unit(3)",
    "No. of Shares/Units(4)",
    "Sale-price per Share/Unit(5)",
    "Full Value of Consideration(Total Sale Value)(6) = 4 * 5",
    "Cost of acquisition without indexation(7)",
    "Cost of acquisition(8)",
    "If the long term capital asset was acquired before 01.02.2018(9)",
    "Fair Market Value per share/unit as on 31st January 2018(10)",
    "Total Fair Market Value of capital asset as per section 55(2)(ac)(11) = 4 * 10",
    "Expenditure wholly and exclusively in connection with transfer(12)",
    "Total deductions(13) = 7 + 12",
    "Balance(14) = 6 - 13",
]
TRANSFERRED_HEADER = "Share/Unit Transferred(1b)"
FIRST_YEAR = 2018  # section 112A applies to transfers from 1 April 2018
TRANSFER_COLUMN_YEAR = 2024
CONSOLIDATED_FROM_YEAR = 2025


def _rupees(value: Decimal) -> str:
    return str(int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


@dataclass
class _After2018:
    """The consolidated row of lots bought after 31 January 2018."""

    isin: str
    name: str
    transferred: str
    sale_value: Decimal = ZERO
    cost: Decimal = ZERO

    def cells(self) -> list[str]:
        sale, cost = int(_rupees(self.sale_value)), int(_rupees(self.cost))
        return [
            "AE", self.isin, self.name, "0", "0", str(sale), str(cost), str(cost),
            "0", "0", "0", "0", str(cost), str(sale - cost),
        ]  # fmt: skip


def _before_2018(g: Gain) -> list[str]:
    m = g.match
    fmv = (g.fmv_nav * m.units) if g.fmv_nav is not None else None
    if fmv is None:  # unknown FMV: the cells that need it stay empty (see warnings)
        considered = actual = deductions = balance = fmv_cell = fmv_nav = ""
    else:
        lower = min(fmv, m.sale_value)
        cost = max(m.purchase_value, lower) + m.stamp_duty
        considered, actual = _rupees(lower), _rupees(cost)
        deductions, balance = _rupees(cost), _rupees(m.sale_value - cost)
        fmv_cell, fmv_nav = _rupees(fmv), str(g.fmv_nav)
    return [
        "BE", m.holding.isin, m.holding.name, str(m.units), str(m.sale_nav),
        _rupees(m.sale_value), actual, _rupees(m.purchase_value), considered, fmv_nav,
        fmv_cell, "0", deductions, balance,
    ]  # fmt: skip


@dataclass
class _Scheme:
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    after: dict[str, _After2018] = field(default_factory=dict)


def _year_rows(gains: list[Gain], first_year: int) -> list[tuple[str, list[str]]]:
    schemes: dict[tuple[str, str, str], _Scheme] = defaultdict(_Scheme)
    for g in sorted(gains, key=lambda g: (g.match.holding.name, g.match.sale_date)):
        m = g.match
        transferred = "BE" if m.sale_date < BUDGET_2024 else "AE"
        scheme = schemes[(m.holding.name, m.holding.folio, m.holding.isin)]
        if m.purchase_date <= GRANDFATHERING_DATE:
            scheme.rows.append((transferred, _before_2018(g)))
            continue
        row = scheme.after.setdefault(
            transferred, _After2018(m.holding.isin, m.holding.name, transferred)
        )
        row.sale_value += m.sale_value
        row.cost += m.cost
    rows: list[tuple[str, list[str]]] = []
    after_all = _After2018("INNOTREQUIRD", "CONSOLIDATED", "AE")
    for scheme in schemes.values():
        rows.extend(scheme.rows)
        for row in scheme.after.values():
            if first_year >= CONSOLIDATED_FROM_YEAR:
                after_all.sale_value += row.sale_value
                after_all.cost += row.cost
            else:
                rows.append((row.transferred, row.cells()))
    if first_year >= CONSOLIDATED_FROM_YEAR and any(s.after for s in schemes.values()):
        rows.append(("AE", after_all.cells()))
    return rows


def schedule_112a(gains: list[Gain]) -> list[Schedule112AView]:
    """One CSV per financial year with long-term gains of equity-oriented funds."""
    years: dict[str, list[Gain]] = defaultdict(list)
    for g in gains:
        if g.equity and g.rule.term is Term.LONG and not g.rule.exempt:
            years[g.year].append(g)
    out = []
    for year in sorted(years, reverse=True):
        first_year = int(year[2:6])
        if first_year < FIRST_YEAR:
            continue
        with_transfer = first_year == TRANSFER_COLUMN_YEAR
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        headers = list(HEADERS)
        if with_transfer:
            headers.insert(1, TRANSFERRED_HEADER)
        writer.writerow(headers)
        for transferred, cells in _year_rows(years[year], first_year):
            writer.writerow([cells[0], transferred, *cells[1:]] if with_transfer else cells)
        out.append(Schedule112AView(financial_year=year, csv=buffer.getvalue()))
    return out
