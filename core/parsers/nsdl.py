"""NSDL eCAS → UnifiedResponse.

Page 2 carries the investor and the roster of accounts per holder group (with their printed
values); later pages carry each account's holdings tables under section markers, the mutual-fund
folios (F), the period's demat transactions and the folio directory (AMC and registrar).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..detect import Detection
from ..models import CasType, Investor, Meta, MutualFundFolio, StatementPeriod, UnifiedResponse
from ..pdf import Document, Line
from .completeness import mark
from .ecas_folios import FolioRow, folio_models, parse_folio_row
from .ecas_header import is_header_start, read_header
from .ecas_model import Account, HoldingClass, Movement, summary
from .ecas_tables import Row, cut_width, position_from_row
from .ecas_text import Table, cell_number, cell_text, clean_lines, isin_start, labels, number
from .numbers import iso_date

_PERIOD = re.compile(
    r"period\s+from\s+(\d{2}-[A-Za-z]{3}-\d{4})\s+to\s+(\d{2}-[A-Za-z]{3}-\d{4})", re.I
)
_DEMAT = re.compile(r"^(NSDL|CDSL)\s+Demat\s+Account\b")
_DP_CLIENT = re.compile(r"DP\s*ID\s*:\s*(\S+)\s+Client\s*ID\s*:\s*(\d+)", re.I)
_HOLDER = re.compile(r"(.+?)\s*\(\s*PAN\s*:\s*([A-Z0-9]+)\s*\)")
_TX_ISIN = re.compile(r"^ISIN\s*:\s*(\S+)\s*-\s*(.+)$")
_DATE = re.compile(r"^\d{2}-[A-Za-z]{3}-\d{4}$")
MARKERS = {
    "Equities (E)": HoldingClass.EQUITY,
    "Mutual Funds (M)": HoldingClass.MF,
    "Corporate Bonds (C)": HoldingClass.BOND,
    "Government Securities (G)": HoldingClass.GSEC,
    "Alternate Investment Fund (A)": HoldingClass.AIF,
    "Mutual Fund Folios (F)": "folios",
}
_STOP = frozenset(MARKERS)
_CONTINUED = re.compile(r"\s*\((?:contd\.?|continued)\)\s*$", re.I)
_SKIP = re.compile(r"^(Page \d+ of \d+|NSDL Consolidated Account Statement|Equity Shares)$")


@dataclass
class _State:
    investor: Investor = field(default_factory=Investor)
    period: tuple[str | None, str | None] = (None, None)
    accounts: dict[tuple[str, str, str], Account] = field(default_factory=dict)
    printed_total: Decimal | None = None
    folio_count: int = 0
    folio_value: Decimal | None = None
    folios: list[FolioRow] = field(default_factory=list)
    directory: dict[str, tuple[str, str]] = field(default_factory=dict)
    movements: dict[tuple[tuple[str, str, str], str], list[Movement]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def parse(document: Document, detection: Detection) -> UnifiedResponse:
    state = _State()
    pages = [clean_lines(document.layout(i)) for i in range(document.page_count)]
    if len(pages) > 1:
        _read_summary_page(pages[1], state)
    _Body(state).read([line for page in pages[2:] for line in page])
    folio_checks: list[str] = []
    folios = folio_models(state.folios, state.directory, folio_checks)
    accounts = list(state.accounts.values())
    totals, warnings = summary(
        accounts, [f.value or Decimal(0) for f in folios], [], state.printed_total
    )
    account_checks = [w for account in accounts for w in account.warnings()]
    state.warnings += folio_checks + account_checks
    start, end = state.period
    meta = Meta(
        cas_type=CasType.NSDL,
        statement_period=StatementPeriod.model_validate({"from": start, "to": end}),
    )
    checks = {"summary": warnings, "demat_accounts": account_checks, "mutual_funds": folio_checks}
    return UnifiedResponse(
        meta=mark(meta, checks),
        investor=state.investor,
        summary=totals,
        demat_accounts=[a.model() for a in accounts],
        mutual_funds=folios,
        warnings=state.warnings + warnings,
    )


# --------------------------------------------------------------------------- page 2


def _left(line: Line, limit: float = 200.0) -> str:
    return " ".join(w.text for w in line.words if w.x0 < limit)


def _read_summary_page(lines: list[Line], state: _State) -> None:
    address: list[str] = []
    in_block = False
    holders: list[tuple[str, str]] = []
    first_group = True
    pending: Account | None = None
    for line in lines:
        text = line.text
        if match := _PERIOD.search(text):
            state.period = (iso_date(match.group(1)), iso_date(match.group(2)))
        left = _left(line)
        if left.startswith("NSDL ID:"):
            state.investor.cas_id = left.split(":", 1)[1].strip()
            in_block = True
            continue
        if in_block:
            if left.upper().startswith("PINCODE"):
                state.investor.pincode = left.split(":", 1)[1].strip()
                state.investor.address = "\n".join(address)
                in_block = False
            elif state.investor.name is None:
                state.investor.name = left
            else:
                address.append(left)
            continue
        if text.startswith("YOUR CONSOLIDATED PORTFOLIO VALUE"):
            state.printed_total = number(line.words[-1].text)
        elif re.match(r"^In the (single|joint) names? of", text, re.I):
            if holders:
                first_group = False
            holders = []
        elif match := _HOLDER.fullmatch(text):
            holders.append((match.group(1).strip(), match.group(2)))
            if first_group and state.investor.pan is None:
                state.investor.pan = match.group(2)
        elif match := _DEMAT.match(text):
            numbers = [w for w in line.words if number(w.text) is not None]
            name_words = [w.text for w in line.words[3:] if w not in numbers]
            pending = Account(
                match.group(1),
                "",
                "",
                " ".join(name_words),
                number(numbers[-1].text) if numbers else None,
                list(holders),
            )
        elif pending is not None and (match := _DP_CLIENT.search(text)):
            pending.dp_id, pending.client_id = match.group(1), match.group(2)
            state.accounts[pending.key] = pending
            pending = None
        elif text.startswith("Mutual Fund Folios"):
            numbers = [w for w in line.words if number(w.text) is not None]
            state.folio_value = number(numbers[-1].text) if numbers else None
        elif text.startswith("Grand Total") and state.printed_total is None:
            state.printed_total = number(line.words[-1].text)


# --------------------------------------------------------------------------- later pages


class _Body:
    """Walks the holdings, transactions and folio-directory pages line by line."""

    def __init__(self, state: _State) -> None:
        self.state = state
        self.account: Account | None = None
        self.demat_type: str | None = None
        self.section: str | None = None
        self.table: Table | None = None
        self.kind: str | None = None
        self.row: Row | None = None
        self.transactions = False
        self.movements: list[Movement] | None = None
        self.directory = False
        self.rows: list[tuple[Row, Account | None, str]] = []
        self._folio: str | None = None
        self._rta = ""

    def read(self, lines: list[Line]) -> None:
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if self._in_holdings() and is_header_start(line):
                self._close_row()
                self.table, index = read_header(lines, index - 1, _STOP)
                self.kind = _table_kind(self.section or "", self.table)
                continue
            self._line(line)
        self._close_row()
        widths: dict[str, list[list[tuple[str, float]]]] = {}
        for row, _, kind in self.rows:
            widths.setdefault(_cut_group(kind), []).append(row.relative_pieces)
        cut_widths: dict[str, int] = {}
        for row, account, kind in self.rows:
            if kind == "folios":
                parsed = parse_folio_row(row)
                if parsed:
                    self.state.folios.append(parsed)
                continue
            if kind not in cut_widths:
                cut_widths[kind] = cut_width(widths[_cut_group(kind)], kind)
            position = position_from_row(row, kind, row.section, cut_widths[kind])
            if position is not None and account is not None:
                position.movements = self.state.movements.pop((account.key, position.isin), [])
                account.positions.append(position)
        for (key, isin), _ in self.state.movements.items():
            self.state.warnings.append(
                f"Transactions for {isin}, which is not a holding of account {key[1]}/{key[2]}."
            )

    def _in_holdings(self) -> bool:
        return self.section is not None and not (self.transactions or self.directory)

    def _close_row(self) -> None:
        if self.row is not None:
            self.rows.append((self.row, self.account, self.row.kind))
            self.row = None

    def _line(self, line: Line) -> None:
        text = line.text
        if _SKIP.match(text):
            return
        if match := _DEMAT.match(text):
            self._close_row()
            self.demat_type = match.group(1)
            return
        if self.demat_type and (match := _DP_CLIENT.search(text)):
            key = (self.demat_type, match.group(1), match.group(2))
            account = self.state.accounts.get(key)
            if account is None:
                account = Account(*key)
                self.state.accounts[key] = account
            self.account, self.demat_type, self.section, self.table = account, None, None, None
            return
        if text.startswith("Transactions for the period"):
            self._close_row()
            self.transactions, self.section, self.table = True, None, None
            return
        if text == "Mutual Fund Folio Details":
            self._close_row()
            self.transactions, self.directory, self.table = False, True, None
            return
        if self.directory:
            self._directory_line(line)
        elif self.transactions:
            self._transaction_line(line)
        else:
            self._holding_line(line)

    # ----------------------------------------------------------------- holdings
    def _holding_line(self, line: Line) -> None:
        text = line.text
        marker = _CONTINUED.sub("", text)
        if marker in MARKERS:
            self._close_row()
            self.section, self.table = MARKERS[marker], None
            return
        if self.section is None:
            return
        first = line.words[0].text
        if self.table is None:
            return
        if first in ("Sub", "Total") or text.startswith(("Sub Total", "Total")):
            self._close_row()
            if first == "Total" and self.section == "folios":
                self.section = None
            return
        if isin_start(first) and line.words[0].x0 < self.table.columns[1].x0:
            self._close_row()
            self.row = Row(self.table, self.section, self.kind or "", [line])
        elif self.row is not None:
            self.row.lines.append(line)

    # ----------------------------------------------------------------- transactions
    def _transaction_line(self, line: Line) -> None:
        text = line.text
        if match := _TX_ISIN.match(text):
            isin = match.group(1).replace("\u00ad", "")
            self.movements = None
            if self.account is not None:
                self.movements = self.state.movements.setdefault((self.account.key, isin), [])
            return
        if line.words[0].text == "Date":
            self.table = Table(labels(line))
            return
        if self.table is None or self.movements is None or not _DATE.match(line.words[0].text):
            return
        cells = self.table.cells(line)
        names = [c.text for c in self.table.columns]
        if "Order No" in names:  # NSDL form
            movement = Movement(
                iso_date(line.words[0].text),
                cell_text(cells, 2) or "",
                cell_number(cells, 6),
                cell_number(cells, 5),
                cell_number(cells, 7),
                order_no=cell_text(cells, 1),
            )
        else:  # CDSL accounts' form inside the NSDL statement
            movement = Movement(
                iso_date(line.words[0].text),
                cell_text(cells, 1) or "",
                cell_number(cells, 2),
                cell_number(cells, 3),
                cell_number(cells, 4),
            )
        self.movements.append(movement)

    # ----------------------------------------------------------------- directory
    def _directory_line(self, line: Line) -> None:
        if line.words[0].text == "Folio":
            self.table = Table(labels(line))
            self.row = None
            return
        if self.table is None:
            return
        cells = self.table.cells(line)
        first = cell_text(cells, 0)
        if first is None:
            return
        rta = cell_text(cells, len(self.table.columns) - 1)
        if rta:
            self._folio = first
            self._rta = rta
        elif self._folio:
            self.state.directory[self._folio] = (first, self._rta)
            self._folio = None


def _cut_group(kind: str) -> str:
    """Tables that cut names at one width: NSDL's equity and units summaries share theirs."""
    return "equity" if kind == "units" else kind


def _table_kind(section: str, table: Table) -> str:
    names = " ".join(c.text for c in table.columns)
    if section == "folios":
        return "folios"
    if "Current" in names and "Bal" in names:
        return "detailed"
    if "Coupon" in names:
        return "bond"
    if "Symbol" in names or "Shares" in names:
        return "equity"
    return "units"


__all__ = ["MutualFundFolio", "parse"]
