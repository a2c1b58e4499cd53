"""CAMS / KFintech detailed statements (Consolidated Account Statement) → UnifiedResponse.

A line-by-line reader over geometry: AMC line → folio line → scheme header region (ends at
``Opening Unit Balance``) → transaction rows (cells by column right edge) → closing footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ..models import (
    FolioAdditionalInfo,
    LinkedHolder,
    MutualFundFolio,
    Scheme,
    SchemeAdditionalInfo,
    Transaction,
)
from ..pdf import Document, Line
from .cams_common import FOLIO_SLASH, PAGE_FOOTER, is_amc_line, split_code
from .classify import classify
from .numbers import is_date, is_number, iso_date, parse_decimal
from .scheme_db import lookup
from .table import Columns, find_header

FOLIO = re.compile(
    r"^Folio\s*No\s*[:.]?\s*(?P<number>\d[\d ]*(?:/\s*\d+)?)"
    r"(?:.*?PAN\s*:\s*(?P<pan>[A-Z]{5}\d{4}[A-Z]))?"
    r"(?:.*?KYC\s*:\s*(?P<kyc>OK|NOT OK))?"
    r"(?:.*?PAN\s*:\s*(?P<pankyc>OK|NOT OK))?",
    re.I,
)
OPENING = re.compile(r"Opening\s+Unit\s+Balance\s*:?\s*(\(?[\d,.]+\)?)", re.I)
CLOSING = re.compile(r"Closing\s+Unit\s+Balance\s*:?\s*(\(?[\d,.]+\)?)", re.I)
NAV_ON = re.compile(r"NAV\s+on\s+\d{2}-[A-Za-z]{3}-\d{4}\s*:\s*INR\s*([\d,.]+)", re.I)
VALUE_ON = re.compile(
    r"(?:Market\s+Value|Valuation)\s+on\s+\d{2}-[A-Za-z]{3}-\d{4}\s*:\s*INR\s*([\d,.]+)", re.I
)
COST = re.compile(r"Total\s+Cost\s+Value\s*:?\s*([\d,.]+)", re.I)
NOMINEES = re.compile(r"Nominee\s*\d\s*:\s*(.*?)(?=\s*Nominee\s*\d\s*:|$)", re.I)
ISIN = re.compile(r"ISIN\s*:\s*(IN[A-Z0-9]{10})", re.I)
ISIN_TAIL = re.compile(r"ISIN\s*:\s*([A-Z0-9]{1,11})$", re.I)
ADVISOR = re.compile(r"\(\s*Advisor\s*:\s*([^)]*?)\s*\)", re.I)
REGISTRAR = re.compile(r"Registrar\s*:\s*([A-Za-z]+)", re.I)
NAME_END = re.compile(
    r"\s*(?:\((?:Non-Demat|Demat)\)|-?\s*ISIN\s*:|\(\s*Advisor\s*:|Registrar\s*:)", re.I
)
_CODE_HEAD = re.compile(r"^([A-Z0-9]+)")
FORMERLY = re.compile(r"\((?:formerly|erstwhile)\b", re.I)


def strip_former_name(name: str) -> str:
    """Drop a trailing ``(formerly …)`` / ``(erstwhile …)``, whose own text may hold
    parentheses; a parenthesis inside the name (``Fund (ERSTWHILE Bluechip FUND) - Growth``)
    is part of it."""
    while name.endswith(")"):
        depth, start = 0, -1
        for i in range(len(name) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(name[i], 0)
            if depth == 0:
                start = i
                break
        if start < 0 or not FORMERLY.match(name, start):
            break
        name = name[:start].rstrip()
    return name


SCHEME_START = re.compile(r"^[A-Z0-9]+(?: [A-Z0-9]+)?-\S")
_MARKERS = re.compile(r"ISIN\s*:|Registrar\s*:|\(\s*Advisor|\((?:Non-)?Demat\)", re.I)
_PERSON = re.compile(r"^[^\W\d_][^\W\d_ .'&-]*(?:[ .'&-]+[^\W\d_][^\W\d_.'&-]*)*$")
_SCHEME_WORDS = re.compile(r"\b(?:Fund|Plan|Growth|Option|IDCW|Direct|Regular)\b", re.I)
CONTINUATION_GAP = 10.5


class Mode(StrEnum):
    """Where the reader is: between folios, in a scheme's header, its rows, or its footer."""

    IDLE = "idle"
    HEADER = "header"
    ROWS = "rows"
    FOOTER = "footer"


@dataclass
class _Row:
    transaction: Transaction
    units: Decimal | None
    baseline: float
    page: int


@dataclass
class _SchemeState:
    scheme: Scheme
    opening: Decimal
    closing: Decimal | None = None
    nav: Decimal | None = None
    value: Decimal | None = None
    cost: Decimal | None = None
    rows: list[_Row] = field(default_factory=list)
    balance: Decimal = Decimal(0)


@dataclass
class DetailedResult:
    folios: list[MutualFundFolio]
    schemes: list[_SchemeState]
    pans: list[str]
    warnings: list[str]


def _is_person_line(text: str) -> bool:
    """A folio holder line: a name, never a scheme header fragment."""
    words = text.split()
    return (
        1 <= len(words) <= 7
        and bool(_PERSON.match(text))
        and not _MARKERS.search(text)
        and not _SCHEME_WORDS.search(text)
        and " - " not in text
    )


def _join_header(lines: list[str]) -> str:
    """Join wrapped header lines, gluing an ISIN that was split across two lines."""
    out = ""
    for text in lines:
        tail = ISIN_TAIL.search(out)
        head = _CODE_HEAD.match(text)
        if tail and head and len(tail.group(1)) + len(head.group(1)) >= 12:
            out += text
        else:
            out = f"{out} {text}" if out else text
    return out


def parse_scheme_header(lines: list[str]) -> tuple[Scheme, str | None, str | None]:
    """Scheme from its header region; also the holder line and registrar found there."""
    holder = None
    if len(lines) > 1 and _is_person_line(lines[0]) and not _MARKERS.search(lines[0]):
        holder = lines[0]
        lines = lines[1:]
    start = next((i for i, t in enumerate(lines) if SCHEME_START.match(t)), 0)
    text = _join_header(lines[start:])
    code, rest = split_code(text)
    cut = NAME_END.search(rest)
    name = rest[: cut.start()] if cut else rest
    name = strip_former_name(name.strip()).rstrip("-").strip()
    isin_match = ISIN.search(text)
    isin = isin_match.group(1).upper() if isin_match else None
    advisor_match = ADVISOR.search(text)
    registrar_match = REGISTRAR.search(text)
    amfi, kind = lookup(isin, name)
    scheme = Scheme(
        name=name,
        isin=isin,
        type=kind,
        additional_info=SchemeAdditionalInfo(
            advisor=advisor_match.group(1) if advisor_match and advisor_match.group(1) else None,
            amfi=amfi,
            rta_code=code,
        ),
    )
    registrar = registrar_match.group(1).upper() if registrar_match else None
    return scheme, holder, registrar


class _Reader:
    def __init__(self) -> None:
        self.folios: dict[tuple[str, str], MutualFundFolio] = {}
        self.schemes: list[_SchemeState] = []
        self.pans: list[str] = []
        self.warnings: list[str] = []
        self.amc = "Unknown AMC"
        self.folio: MutualFundFolio | None = None
        self.state: _SchemeState | None = None
        self.mode = Mode.IDLE
        self.header: list[str] = []
        self.nominees: list[str] | None = None
        self.columns: Columns | None = None
        self.last_row: _Row | None = None

    # ------------------------------------------------------------------ dispatch
    def page(self, number: int, lines: list[Line]) -> None:
        found = find_header(lines)
        skip = range(0)
        start = 0
        if found:
            first, last, self.columns = found
            skip = range(first, last + 1)
        if number == 1:
            start = found[0] if found else len(lines)
        self.last_row = None
        for index in range(start, len(lines)):
            if index in skip:
                continue
            self.line(lines[index], number)

    def line(self, line: Line, page: int) -> None:
        text = line.text  # joined once per line: every reader below takes it from here
        if PAGE_FOOTER.match(text):
            return
        if is_amc_line(line, text):
            self.finish_header_abandoned()
            self.amc = text
            self.mode = Mode.IDLE
            return
        if match := FOLIO.match(text):
            self.open_folio(match)
            return
        if self.mode == Mode.ROWS:
            self.in_rows(line, text, page)
        elif self.mode in (Mode.HEADER, Mode.FOOTER):
            self.in_header(text)

    # ------------------------------------------------------------------ folio and header
    def open_folio(self, match: re.Match[str]) -> None:
        self.finish_header_abandoned()
        number = FOLIO_SLASH.sub(" / ", match.group("number").strip())
        key = (self.amc, number)
        folio = self.folios.get(key)
        if folio is None:
            folio = MutualFundFolio(
                amc=self.amc,
                folio_number=number,
                linked_holders=[],
                additional_info=FolioAdditionalInfo(
                    kyc=match.group("kyc"), pan=match.group("pan"), pankyc=match.group("pankyc")
                ),
                schemes=[],
            )
            self.folios[key] = folio
        if match.group("pan"):
            self.pans.append(match.group("pan"))
        self.folio = folio
        self.mode = Mode.HEADER
        self.header = []
        self.nominees = None

    def in_header(self, text: str) -> None:
        if self.mode == Mode.FOOTER and self.footer(text):
            return
        if match := OPENING.search(text):
            self.open_scheme(parse_decimal(match.group(1)) or Decimal(0))
            return
        if text.lower().startswith("nominee"):
            self.nominees = [n.strip() for n in NOMINEES.findall(text) if n.strip()]
            return
        if self.mode == Mode.HEADER:
            self.header.append(text)

    def finish_header_abandoned(self) -> None:
        if self.mode == Mode.HEADER and any(_MARKERS.search(t) for t in self.header):
            self.warnings.append(
                "Scheme header without an 'Opening Unit Balance' was skipped: "
                f"{self.header[0][:60]}"
            )

    def open_scheme(self, opening: Decimal) -> None:
        if self.folio is None or not self.header:
            self.warnings.append("'Opening Unit Balance' without a folio and scheme header.")
            self.mode = Mode.IDLE
            return
        scheme, holder, registrar = parse_scheme_header(self.header)
        scheme.nominees = self.nominees or []
        scheme.transactions = []
        folio = self.folio
        if holder and folio.linked_holders is not None:
            pan = folio.additional_info.pan if folio.additional_info else None
            if not any(h.name == holder for h in folio.linked_holders):
                folio.linked_holders.append(LinkedHolder(name=holder, pan=pan))
        if registrar and folio.registrar is None:
            folio.registrar = registrar
        assert folio.schemes is not None
        folio.schemes.append(scheme)
        self.state = _SchemeState(scheme=scheme, opening=opening, balance=opening)
        self.schemes.append(self.state)
        self.mode = Mode.ROWS
        self.header = []

    def footer(self, text: str) -> bool:
        state = self.state
        if state is None:
            return False
        hit = False
        if match := NAV_ON.search(text):
            state.nav = parse_decimal(match.group(1))
            hit = True
        if match := VALUE_ON.search(text):
            state.value = parse_decimal(match.group(1))
            hit = True
        if match := COST.search(text):
            state.cost = parse_decimal(match.group(1))
            hit = True
        return hit

    # ------------------------------------------------------------------ transaction rows
    def in_rows(self, line: Line, text: str, page: int) -> None:
        state = self.state
        assert state is not None
        if match := CLOSING.search(text):
            state.closing = parse_decimal(match.group(1))
            self.footer(text)
            self.mode = Mode.FOOTER
            return
        columns = self.columns
        if columns is None:
            return
        first = line.words[0]
        if is_date(first.text) and first.x0 < columns.desc_x - 2:
            self.row(line, columns, page)
            return
        last = self.last_row
        if (
            last is not None
            and last.page == page
            and last.baseline - line.baseline <= CONTINUATION_GAP
            and first.x0 >= columns.desc_x - 3
            and line.x1 <= columns.desc_limit + 10
        ):
            tx = last.transaction
            tx.description = f"{tx.description} {text}"
            last.baseline = line.baseline
            return
        self.last_row = None

    def row(self, line: Line, columns: Columns, page: int) -> None:
        state = self.state
        assert state is not None
        cells: dict[str, Decimal] = {}
        description: list[str] = []
        for word in line.words[1:]:
            column = columns.cell_of(word) if is_number(word.text) else None
            if column is not None and column not in cells:
                value = parse_decimal(word.text)
                if value is not None:
                    cells[column] = value
                    continue
            description.append(word.text)
        amount, units = cells.get("amount"), cells.get("units")
        balance, price = cells.get("balance"), cells.get("price")
        if units is not None and balance is not None:
            # the running balance is the arbiter of the sign (cosmetic parentheses exist)
            if state.balance + units != balance and state.balance - units == balance:
                units = -units
                amount = -amount if amount is not None else None
            state.balance = balance
        elif units is not None:
            state.balance += units
        nav = price
        if nav is None and amount is not None and units:
            nav = (amount / units).quantize(Decimal("0.0001"))
        desc = " ".join(description)
        kind, rate = classify(desc, units)
        tx = Transaction(
            date=iso_date(line.words[0].text),
            description=desc,
            type=kind,
            amount=amount,
            units=units,
            nav=nav,
            balance=balance,
            dividend_rate=rate,
        )
        assert state.scheme.transactions is not None
        state.scheme.transactions.append(tx)
        row = _Row(tx, units, line.baseline, page)
        state.rows.append(row)
        self.last_row = row


def read_detailed(document: Document) -> DetailedResult:
    reader = _Reader()
    for layout in document.layouts():
        reader.page(layout.number, layout.lines)
    reader.finish_header_abandoned()
    for state in reader.schemes:
        finish_scheme(state)
    for folio in reader.folios.values():
        folio.value = sum((s.value or Decimal(0) for s in folio.schemes or []), Decimal(0))
    return DetailedResult(
        list(reader.folios.values()), reader.schemes, reader.pans, reader.warnings
    )


def finish_scheme(state: _SchemeState) -> None:
    from .validate import gain

    scheme = state.scheme
    info = scheme.additional_info or SchemeAdditionalInfo()
    info.open_units = state.opening
    info.close_units = state.closing
    scheme.additional_info = info
    scheme.units = state.closing
    scheme.nav = state.nav
    scheme.value = state.value
    scheme.cost = state.cost
    if state.value is not None and state.cost is not None:
        scheme.gain = gain(state.value, state.cost)
