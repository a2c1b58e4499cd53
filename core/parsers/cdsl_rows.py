"""Rows of CDSL's own tables: transactions, mutual-fund units held with registrars, NPS funds.

Holding-statement rows go through ``ecas_tables.position_from_row`` (kind ``cdsl``); these are the
tables that only CDSL prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..models.unified import NpsFund, NpsFundAdditionalInfo
from ..pdf import Line, Word
from .arithmetic import consistent, refit
from .ecas_folios import FolioRow
from .ecas_header import find_column
from .ecas_model import LISTING_MARKERS, Movement, Position
from .ecas_tables import Row, isin_and_rest
from .ecas_text import ISIN, Table, cell_number, cell_text, is_numeric, number
from .numbers import iso_numeric_date

_DMY = re.compile(r"^\d{2}-\d{2}-\d{4}$")
_FOLIO_TAIL = re.compile(r"^\d+/\d+$")
_TIER = re.compile(r"\bTIER\s*[-\s]*(II|I|1|2)\b", re.I)
#: status markers after a security's name: ``!!`` unlisted, ``##`` under liquidation
_NAME_MARKER = re.compile(r"\s*(!!|##)$")
#: an NPS scheme's asset class: ``… SCHEME E - TIER I``
_ASSET_CLASS = re.compile(r"\bSCHEME\s*[-:]?\s*([ECGA])\b", re.I)


def strip_marker(name: str) -> str:
    return _NAME_MARKER.sub("", name)


def listing_status(row: Row, position: Position, glued: set[str]) -> str | None:
    """SUSPENDED for an ``@`` in the ISIN column (a cell of its own, or joined to the ISIN),
    UNLISTED / UNDER_LIQUIDATION for ``!!`` / ``##`` after the name."""
    _, rest = isin_and_rest(row)
    if "@" in rest or position.isin in glued:
        return LISTING_MARKERS["@"]
    found = _NAME_MARKER.search(position.name)
    return LISTING_MARKERS[found.group(1)] if found else None


# --------------------------------------------------------------------------- transactions


@dataclass
class TxRow:
    isin: str | None
    movement: Movement
    opening: Decimal | None


def transaction_row(table: Table, line: Line, isin: str | None) -> TxRow | None:
    """``ISIN | Security | Particulars | Date | Op. Bal | Credit | Debit | Cl. Bal | Stamp``.

    The ISIN is printed on every row; the security's name only on its first (and wraps).
    """
    cells = table.cells(line)
    first = cell_text(cells, 0)
    if first and ISIN.match(first.split()[0]):
        isin = first.split()[0]
    day = cell_text(cells, 3)
    if day is None or not _DMY.match(day):
        return None
    movement = Movement(
        iso_numeric_date(day),
        cell_text(cells, 2) or "",
        cell_number(cells, 5),
        cell_number(cells, 6),
        cell_number(cells, 7),
        stamp_duty=cell_number(cells, 8),
    )
    return TxRow(isin, movement, cell_number(cells, 4))


# --------------------------------------------------------------------------- MF units held


def mf_units_row(table: Table, lines: list[Line], warnings: list[str]) -> FolioRow | None:
    """``Scheme Name | ISIN | Folio No. | [ARN/Direct] | Units | NAV | Invested | Valuation |
    [TER | Comm.] | P/L | %``; the name wraps, and a long folio wraps its ``digits/digits`` tail.

    Columns are found by their labels' words (older statements have no ARN, newer add TER and
    commission); the folio is centred under its label, so it is read as the words between the
    ISIN and the next column. ``units x NAV = valuation`` checks the assignment.
    """
    head = lines[0].words
    at = next((i for i, w in enumerate(head) if ISIN.match(w.text)), None)
    folio_column = find_column(table, "Folio")
    if at is None or at + 2 >= len(head) or folio_column is None:
        return None
    isin_word = head[at]
    next_x = table.columns[min(folio_column + 1, len(table.columns) - 1)].x0 - 3.0
    folio_words = [w for w in head[at + 1 :] if w.x1 < next_x]
    rest = [w for w in head[at + 1 :] if w.x1 >= next_x]
    name = [" ".join(w.text for w in head[:at])]
    for line in lines[1:]:
        left = [w for w in line.words if w.x0 < isin_word.x0 - 3.0]
        middle = [w for w in line.words if isin_word.x1 < w.x0 and w.x1 < next_x]
        if left:
            name.append(" ".join(w.text for w in left))
        folio_words += [w for w in middle if _FOLIO_TAIL.match(w.text)]
    advisor = next((w.text for w in rest if not is_numeric(w.text)), None)
    figures = _mf_figures(table, [w for w in rest if is_numeric(w.text)], warnings, isin_word.text)
    units, value = figures.get("units"), figures.get("value")
    if not folio_words or units is None or value is None:
        return None
    return FolioRow(
        isin=isin_word.text,
        description=" ".join(name),
        folio="".join(w.text for w in folio_words),
        units=units,
        nav=figures.get("nav"),
        value=value,
        cost=figures.get("cost"),
        pnl=figures.get("pnl"),
        advisor=advisor if find_column(table, "ARN", "Direct") is not None else None,
    )


_MF_ROLES = {
    "units": ("Closing Bal", "Units"),
    "nav": ("NAV",),
    "cost": ("Invested", "Cost"),
    "value": ("Valuation", "Current Value", "Market Value"),
    "pnl": ("Unrealised", "Profit", "P/L"),
}


def _mf_figures(
    table: Table, words: list[Word], warnings: list[str], isin: str
) -> dict[str, Decimal | None]:
    by_column = _by_column(table, words)
    roles = {role: find_column(table, *names) for role, names in _MF_ROLES.items()}
    figures = {role: by_column.get(i) if i is not None else None for role, i in roles.items()}
    if consistent(figures["units"], figures["nav"], figures["value"]):
        return figures
    numbers = [n for n in (number(w.text) for w in words) if n is not None]
    fit = refit(numbers)
    if fit is None:
        warnings.append(f"{isin}: units x NAV does not give the printed value; columns unclear.")
        return figures
    i, j, k = fit
    cost = numbers[k - 1] if k - 1 > j else None
    pnl = next(
        (n for n in numbers[k + 1 :] if cost is not None and abs(numbers[k] - cost - n) <= 1),
        None,
    )
    warnings.append(f"{isin}: columns re-assigned so that units x NAV gives the printed value.")
    return {"units": numbers[i], "nav": numbers[j], "value": numbers[k], "cost": cost, "pnl": pnl}


def _by_column(table: Table, words: list[Word]) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for w in words:
        index = table.column(w)
        amount = number(w.text)
        if index is not None and amount is not None:
            out[index] = amount
    return out


# --------------------------------------------------------------------------- NPS


def nps_fund(table: Table, lines: list[Line]) -> NpsFund | None:
    """``Scheme Name | Fund Manager | Units | NAV | Value``, both text columns wrapping."""
    manager_x = table.columns[1].x0 - 3.0
    name: list[str] = []
    manager: list[str] = []
    numbers: dict[int, Decimal] = {}
    for line in lines:
        text = [w for w in line.words if not is_numeric(w.text)]
        name += [w.text for w in text if w.x0 < manager_x]
        manager += [w.text for w in text if w.x0 >= manager_x]
        numbers.update(_by_column(table, [w for w in line.words if is_numeric(w.text)]))
    units, nav, value = numbers.get(2), numbers.get(3), numbers.get(4)
    if not name or units is None or nav is None:
        return None
    full = " ".join(name)
    tier = _TIER.search(full)
    asset_class = _ASSET_CLASS.search(full)
    return NpsFund(
        name=full,
        units=units,
        nav=nav,
        value=value if value is not None else (units * nav).quantize(Decimal("0.01")),
        additional_info=NpsFundAdditionalInfo(
            manager=" ".join(manager) or None,
            tier=(2 if tier.group(1).upper() in ("II", "2") else 1) if tier else None,
            asset_class=asset_class.group(1).upper() if asset_class else None,
        ),
    )
