"""CDSL eCAS → UnifiedResponse.

Page 1 is the summary of investments (its ``Total`` is the printed portfolio value); page 2 the
investor block (``CAS ID:`` … ``PINCODE:``), the DD-MM-YYYY period and the roster of accounts
per holder group with their printed values, CDSL and NSDL alike; the body is read by
``cdsl_body``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..detect import Detection
from ..models import (
    CasType,
    Investor,
    Meta,
    MutualFundFolio,
    StatementPeriod,
    UnifiedResponse,
)
from ..pdf import Document, Line
from .cdsl_body import Body
from .completeness import mark
from .ecas_folios import folio_models
from .ecas_model import Account, summary
from .ecas_text import clean_lines, number
from .numbers import iso_numeric_date
from .validate import MONEY_TOLERANCE

_PERIOD = re.compile(r"PERIOD\s+FROM\s+(\d{2}-\d{2}-\d{4})\s+TO\s+(\d{2}-\d{2}-\d{4})", re.I)
_DEMAT = re.compile(r"^(NSDL|CDSL)\s+Demat\s+Account\b")
_DP_CLIENT = re.compile(r"DP\s*Id\s*:\s*(\S+)\s+Client\s*Id\s*:\s*(\d+)", re.I)
_HOLDER = re.compile(r"(.+?)\s*\(\s*PAN\s*:\s*([A-Z0-9]+)\s*\)")
_GROUP = re.compile(r"^In the (single|joint) names? of", re.I)


@dataclass
class _Front:
    investor: Investor = field(default_factory=Investor)
    period: tuple[str | None, str | None] = (None, None)
    accounts: dict[tuple[str, str, str], Account] = field(default_factory=dict)
    printed_total: Decimal | None = None
    cover_total: Decimal | None = None
    folio_value: Decimal | None = None
    nps_value: Decimal | None = None


def parse(document: Document, detection: Detection) -> UnifiedResponse:
    pages = [clean_lines(document.layout(i)) for i in range(document.page_count)]
    front = _Front()
    if pages:
        front.cover_total = _cover_total(pages[0])
    if len(pages) > 1:
        _read_roster(pages[1], front)
    if front.period == (None, None):  # newer covers print the period on page 1 only
        front.period = _period(pages[0] if pages else [])
    body = Body(front.accounts).read([line for page in pages[2:] for line in page])
    warnings = list(body.warnings)
    folio_checks: list[str] = []
    folios = folio_models(body.folios, {}, folio_checks)
    accounts = list(front.accounts.values())
    account_checks = [w for account in accounts for w in account.warnings()]
    nps_values = [body.nps.value or Decimal(0)] if body.nps else []
    printed = front.printed_total if front.printed_total is not None else front.cover_total
    totals, mismatch = summary(
        accounts, [f.value or Decimal(0) for f in folios], nps_values, printed
    )
    mismatch += _front_checks(front, folios, nps_values)
    warnings += folio_checks + account_checks + mismatch
    start, end = front.period
    meta = Meta(
        cas_type=CasType.CDSL,
        statement_period=StatementPeriod.model_validate({"from": start, "to": end}),
    )
    checks = {"summary": mismatch, "demat_accounts": account_checks, "mutual_funds": folio_checks}
    return UnifiedResponse(
        meta=mark(meta, checks),
        investor=front.investor,
        summary=totals,
        demat_accounts=[a.model() for a in accounts],
        mutual_funds=folios,
        nps=[body.nps] if body.nps else None,
        warnings=warnings,
    )


def _front_checks(
    front: _Front, folios: list[MutualFundFolio], nps_values: list[Decimal]
) -> list[str]:
    """The roster's folio and NPS values, and the cover's total, against what was read."""
    out = []
    checks = (
        (
            "Mutual fund folios",
            front.folio_value,
            sum((f.value or Decimal(0) for f in folios), Decimal(0)),
        ),
        ("NPS", front.nps_value, sum(nps_values, Decimal(0))),
        ("Summary of investments", front.cover_total, front.printed_total),
    )
    for label, printed, got in checks:
        if printed is not None and got is not None and abs(printed - got) > MONEY_TOLERANCE:
            out.append(f"{label}: printed {printed} but read {got}.")
    return out


def _cover_total(lines: list[Line]) -> Decimal | None:
    for line in lines:
        if line.words[0].text == "Total" and len(line.words) > 1:
            return number(line.words[-1].text)
    return None


def _left(line: Line, limit: float = 200.0) -> str:
    return " ".join(w.text for w in line.words if w.x0 < limit)


def _last_number(line: Line) -> Decimal | None:
    values = [number(w.text) for w in line.words]
    found = [v for v in values if v is not None]
    return found[-1] if found else None


def _period(lines: list[Line]) -> tuple[str | None, str | None]:
    for line in lines:
        if match := _PERIOD.search(line.text):
            return iso_numeric_date(match.group(1)), iso_numeric_date(match.group(2))
    return None, None


def _read_roster(lines: list[Line], front: _Front) -> None:
    inv = front.investor
    address: list[str] = []
    in_block = False
    holders: list[tuple[str, str]] = []
    pending: Account | None = None
    for line in lines:
        text = line.text
        if match := _PERIOD.search(text):
            front.period = (iso_numeric_date(match.group(1)), iso_numeric_date(match.group(2)))
            continue
        left = _left(line)
        if left.startswith("CAS ID:"):
            inv.cas_id = left.split(":", 1)[1].strip()
            in_block = True
            continue
        if in_block:
            if left.upper().startswith("PINCODE"):
                inv.pincode = left.split(":", 1)[1].strip()
                inv.address = "\n".join(address)
                in_block = False
            elif inv.name is None:
                inv.name = left
            else:
                address.append(left)
            continue
        if _GROUP.match(text):
            holders = []
        elif match := _HOLDER.fullmatch(text):
            holders.append((match.group(1).strip(), match.group(2)))
            inv.pan = inv.pan or match.group(2)
        elif match := _DEMAT.match(text):
            numbers = [w for w in line.words[3:] if number(w.text) is not None]
            name = [w.text for w in line.words[3:] if w not in numbers]
            value = number(numbers[-1].text) if numbers else None
            pending = Account(match.group(1), "", "", " ".join(name), value, list(holders))
        elif pending is not None and (match := _DP_CLIENT.search(text)):
            pending.dp_id, pending.client_id = match.group(1), match.group(2)
            front.accounts[pending.key] = pending
            pending = None
        elif text.startswith("Mutual Fund Folios") and front.folio_value is None:
            front.folio_value = _last_number(line)
        elif text.startswith("NPS Account"):
            front.nps_value = _last_number(line)
        elif text.startswith("Consolidated Portfolio Value"):
            front.printed_total = _last_number(line)
