"""CDSL eCAS pages after the roster, read line by line.

Sections in order: account details (BO status, nominee, email), mutual-fund folio descriptions
(AMC and registrar), then per account (``DP Name : … BO ID : …``) its statement of transactions
and holding statement, the mutual-fund units held with registrars, and NPS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ..models.unified import NpsAccount
from ..pdf import Line
from .cdsl_rows import (
    TxRow,
    listing_status,
    mf_units_row,
    nps_fund,
    strip_marker,
    transaction_row,
)
from .ecas_folios import FolioRow, ucc_or_none
from .ecas_header import extends_header
from .ecas_model import Account, Movement
from .ecas_tables import Row, cut_width, position_from_row
from .ecas_text import Table, TextLine, isin_start, labels, number
from .labelled import Labelled
from .validate import MONEY_TOLERANCE, UNITS_TOLERANCE

_SKIP = re.compile(r"^(Page \d+ of \d+|CDSL Consolidated Account Statement \(CAS\))$")
_DEMAT = re.compile(r"^(NSDL|CDSL)\s+Demat\s+Account$")
_DP_CLIENT = re.compile(
    r"DP\s*Name\s*:\s*(.+?)\s+DP\s*ID\s*:\s*(\S+)\s+CLIENT\s*ID\s*:\s*(\S+)", re.I
)
_BO_ID = re.compile(r"DP\s*Name\s*:\s*(.+?)\s+BO\s*ID\s*:\s*([A-Z0-9]{16})\b", re.I)
_DETAIL_KEYS = {
    "BO Status": "bo_status",
    "BO Sub Status": "bo_sub_status",
    "BO Type": "bo_type",
    "BSDA": "bsda",
    "Nominee": "nominee",
    "Email": "email",
}
_DETAIL = Labelled(
    {
        "BO Status": ("Account Status",),
        "BO Sub Status": ("BO Sub-Status", "Sub Status"),
        "BO Type": (),
        "BSDA": ("BSDA Flag",),
        "Nominee": ("Nominee Name",),
        "Email": ("E-mail", "Email Id", "E-mail Id"),
    }
)
_FIELD = Labelled(
    {
        "AMC Name": ("AMC",),
        "Scheme Name": (),
        "Scheme Code": (),
        "Folio No": ("Folio Number", "Folio No."),
        "Mode of Holding": ("Holding Mode",),
        "ISIN": (),
        "UCC": ("Unique Client Code",),
        "RTA": ("Registrar",),
    }
)
_VALUE = re.compile(r"^Portfolio Value\s*`?\s*([\d,]+\.\d+)")
_GLUED = re.compile(r"^IN[A-Z0-9]{9}\d@$")
_NPS_HEAD = re.compile(r"NPS-SP\s*:\s*(\S+).*?PRAN\s*ID\s*:\s*(\S+)")


class Section(StrEnum):
    """The part of the body being read; each has a ``_<value>`` line handler on :class:`Body`."""

    DETAILS = "details"
    FOLIO_DETAILS = "folio_details"
    TX = "tx"
    HOLDINGS = "holdings"
    MF = "mf"
    NPS_HEAD = "nps_head"
    NPS = "nps"


def bo_key(bo_id: str) -> tuple[str, str, str]:
    """16 characters: DP id + client id; NSDL DP ids start ``IN``."""
    kind = "NSDL" if bo_id.startswith("IN") else "CDSL"
    return kind, bo_id[:8], bo_id[8:]


@dataclass
class BodyResult:
    folios: list[FolioRow] = field(default_factory=list)
    folio_total: Decimal | None = None
    nps: NpsAccount | None = None
    nps_printed: Decimal | None = None
    warnings: list[str] = field(default_factory=list)


class Body:
    """A small state machine over the body's lines; accounts come from the roster."""

    def __init__(self, accounts: dict[tuple[str, str, str], Account]) -> None:
        self.accounts = accounts
        self.out = BodyResult()
        self.mode: Section | None = None
        self.kind: str | None = None
        self.account: Account | None = None
        self.table: Table | None = None
        self.rows: list[list[Line]] = []
        self.header_baseline = 0.0
        self.holdings: list[tuple[Account, Row]] = []
        self.isin: str | None = None
        self.movements: dict[tuple[tuple[str, str, str], str], list[Movement]] = {}
        self.described: dict[tuple[str, str], dict[str, str]] = {}
        #: ISINs whose ``@`` (suspended) was drawn so close that it joined the ISIN
        self.glued: set[str] = set()
        self.folio_fields: dict[str, str] = {}
        self.printed: dict[tuple[str, str, str], Decimal] = {}

    # ----------------------------------------------------------------- driver
    def read(self, lines: list[Line]) -> BodyResult:
        for line in lines:
            if not _SKIP.match(line.text):
                self._line(line)
        self._close()
        self._finish()
        return self.out

    def _account(self, key: tuple[str, str, str], dp_name: str) -> Account:
        account = self.accounts.get(key)
        if account is None:
            account = Account(*key, dp_name=dp_name)
            self.accounts[key] = account
            self.out.warnings.append(f"{key[0]} account {key[1]}/{key[2]} is not in the roster.")
        return account

    def _switch(self, mode: Section | None) -> None:
        self._close()
        self.mode, self.table = mode, None

    def _line(self, line: Line) -> None:
        text = line.text
        if text == "ACCOUNT DETAILS":
            return self._switch(Section.DETAILS)
        if text == "MUTUAL FUND FOLIO DETAILS":
            return self._switch(Section.FOLIO_DETAILS)
        if ":" in text and (match := _BO_ID.search(text)):  # the colon: a cheap first test
            self._switch(None)
            self.account = self._account(bo_key(match.group(2)), match.group(1))
            return None
        if text.startswith("STATEMENT OF TRANSACTIONS"):
            self.isin = None
            return self._switch(Section.TX)
        if text.startswith("HOLDING STATEMENT AS ON"):
            return self._switch(Section.NPS if self.mode == Section.NPS_HEAD else Section.HOLDINGS)
        if text.startswith("MUTUAL FUND UNITS HELD"):
            return self._switch(Section.MF)
        if text == "NPS ACCOUNT DETAILS":
            return self._switch(Section.NPS_HEAD)
        if text.startswith("***End of Statement"):
            return self._switch(None)
        handler = getattr(self, f"_{self.mode}", None)
        if handler is not None:
            handler(line)
        return None

    # ----------------------------------------------------------------- account details
    def _details(self, line: Line) -> None:
        text = line.text
        if match := _DEMAT.match(text):
            self.kind = match.group(1)
        elif (match := _DP_CLIENT.search(text)) and self.kind:
            key = (self.kind, match.group(2), match.group(3))
            self.account = self._account(key, match.group(1))
        elif self.account is not None:
            for label, value in _DETAIL.fields(text).items():
                if value and value != "--":
                    self.account.info[_DETAIL_KEYS[label]] = value

    def _folio_details(self, line: Line) -> None:
        fields = _FIELD.fields(line.text)
        if "AMC Name" in fields:
            self.folio_fields = {}
        self.folio_fields.update(fields)
        f = self.folio_fields
        if "RTA" in fields and "Folio No" in f and "ISIN" in f:
            self.described[(f["Folio No"], f["ISIN"])] = dict(f)

    # ----------------------------------------------------------------- per account
    def _tx(self, line: Line) -> None:
        if line.words[0].text == "ISIN" and "Particulars" in line.text:
            self.table = Table(labels(line))
            return
        if self.table is None or self.account is None:
            return
        row = transaction_row(self.table, line, self.isin)
        if row is None:
            return
        self.isin = row.isin
        self._check_tx(row)
        if row.isin is not None:
            self.movements.setdefault((self.account.key, row.isin), []).append(row.movement)

    def _check_tx(self, row: TxRow) -> None:
        m = row.movement
        if row.opening is None or m.balance is None:
            return
        if abs(row.opening + m.units - m.balance) > UNITS_TOLERANCE:
            self.out.warnings.append(
                f"{row.isin} on {m.date}: opening {row.opening} plus {m.units} is not the "
                f"closing balance {m.balance}."
            )

    def _holdings(self, line: Line) -> None:
        first = line.words[0]
        if _GLUED.match(first.text):  # ``@`` drawn so close that it joined the ISIN
            first.text = first.text[:-1]
            self.glued.add(first.text)
            line = TextLine(line.baseline, line.words)  # its text joined anew
        if match := _VALUE.match(line.text):
            self._close()
            if self.account is not None:
                value = number(match.group(1))
                if value is not None:
                    self.printed[self.account.key] = value
            self.mode = None
            return
        if self.table is None:
            if first.text == "ISIN":
                self.table = Table(labels(line))
            return
        if isin_start(first.text) and first.x0 < self.table.columns[1].x0:
            self._close()
            self.rows = [[line]]
        elif self.rows:
            self.rows[-1].append(line)

    def _mf(self, line: Line) -> None:
        if self.table is None:
            if line.words[0].text.lower() == "scheme":
                self.table = Table(labels(line))
                self.header_baseline = line.baseline
            return
        if not self.rows and extends_header(self.table, self.header_baseline, line):
            self.header_baseline = line.baseline
            return
        if line.text.startswith("Grand Total"):
            self._close()
            values = [number(w.text) for w in line.words]
            found = [v for v in values if v is not None]
            self.out.folio_total = found[-1] if found else None
            self.mode = None
            return
        isin_x = self.table.columns[1].x0 - 3.0
        if any(w.x0 >= isin_x and w.text[:3] == "INF" and len(w.text) == 12 for w in line.words):
            self._close()
            self.rows = [[line]]
        elif self.rows:
            self.rows[-1].append(line)

    def _nps_head(self, line: Line) -> None:
        if match := _NPS_HEAD.search(line.text):
            self.out.nps = NpsAccount(cra=match.group(1), pran=match.group(2), funds=[])

    def _nps(self, line: Line) -> None:
        if match := _VALUE.match(line.text):
            self._close()
            self.out.nps_printed = number(match.group(1))
            self.mode = None
            return
        if self.table is None:
            if line.words[0].text == "Scheme":
                self.table = Table(labels(line))
            return
        if any(number(w.text) is not None for w in line.words):  # a fund's first line
            self._close()
            self.rows = [[line]]
        elif self.rows:
            self.rows[-1].append(line)

    # ----------------------------------------------------------------- rows
    def _close(self) -> None:
        rows, self.rows = self.rows, []
        if not rows or self.table is None:
            return
        for lines in rows:
            if self.mode == Section.HOLDINGS and self.account is not None:
                self.holdings.append((self.account, Row(self.table, "", "cdsl", lines)))
            elif self.mode == Section.MF:
                parsed = mf_units_row(self.table, lines, self.out.warnings)
                if parsed is not None:
                    self.out.folios.append(parsed)
            elif self.mode == Section.NPS and self.out.nps is not None:
                fund = nps_fund(self.table, lines)
                if fund is not None:
                    assert self.out.nps.funds is not None
                    self.out.nps.funds.append(fund)

    def _finish(self) -> None:
        """Positions with their transactions; folio AMC/registrar; printed values checked."""
        width = cut_width([row.relative_pieces for _, row in self.holdings], "cdsl")
        for account, row in self.holdings:
            position = position_from_row(row, "cdsl", "", width)
            if position is None:
                continue
            position.terms.listing_status = listing_status(row, position, self.glued)
            position.name = strip_marker(position.name)
            position.movements = self.movements.pop((account.key, position.isin), [])
            account.positions.append(position)
        for (key, isin), _ in self.movements.items():
            self.out.warnings.append(
                f"Transactions for {isin}, which is not a holding of account {key[1]}/{key[2]}."
            )
        for key, value in self.printed.items():
            account = self.accounts[key]
            if account.printed_value is None:
                account.printed_value = value
            elif abs(account.printed_value - value) > MONEY_TOLERANCE:
                self.out.warnings.append(
                    f"{key[0]} account {key[1]}/{key[2]}: roster value {account.printed_value} "
                    f"but holding statement value {value}."
                )
        for folio in self.out.folios:
            described = self.described.get((folio.folio, folio.isin), {})
            folio.amc, folio.registrar = described.get("AMC Name"), described.get("RTA")
            folio.ucc = ucc_or_none(described.get("UCC"))
            folio.mode_of_holding = described.get("Mode of Holding") or None
        self._check_totals()

    def _check_totals(self) -> None:
        got = sum((f.value for f in self.out.folios), Decimal(0))
        total = self.out.folio_total
        if total is not None and abs(got - total) > MONEY_TOLERANCE:
            self.out.warnings.append(
                f"Mutual fund units: Grand Total {total} but the folios add up to {got}."
            )
        nps = self.out.nps
        if nps is None:
            return
        funds = sum((f.value or Decimal(0) for f in nps.funds or []), Decimal(0))
        printed = self.out.nps_printed
        nps.value = printed if printed is not None else funds
        if printed is not None and abs(funds - printed) > MONEY_TOLERANCE:
            self.out.warnings.append(
                f"NPS: printed portfolio value {printed} but the funds add up to {funds}."
            )
