"""Hand-written statements for first-principles tests: a few rows whose gains can be worked out
on paper. ``row("2019-05-10", "REDEMPTION", -1250, -25, 50)`` is one transaction."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from core.analytics.funds import FundNature, nature_of, nav_on_31_jan_2018
from core.models.unified import UnifiedResponse
from tests.statements.catalog import catalog


def row(
    day: str, kind: str, amount: float, units: float | None = None, nav: float | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"date": day, "description": kind.title(), "type": kind, "amount": amount}
    if units is not None:
        out["units"] = units
    if nav is not None:
        out["nav"] = nav
    return out


def scheme(
    ident: tuple[str, str],
    rows: list[dict[str, Any]],
    *,
    nav: float = 10.0,
    cost: float | None = None,
    opening: float = 0.0,
    kind: str = "Equity",
) -> dict[str, Any]:
    """A scheme whose closing units are the opening plus every row's units."""
    units = Decimal(str(opening)) + sum((Decimal(str(r.get("units", 0))) for r in rows), Decimal(0))
    out: dict[str, Any] = {
        "name": ident[1],
        "isin": ident[0],
        "type": kind,
        "units": float(units),
        "nav": nav,
        "value": float(units * Decimal(str(nav))),
        "additional_info": {"open_units": opening},
        "transactions": rows,
    }
    if cost is not None:
        out["cost"] = cost
    return out


def statement(
    *schemes: dict[str, Any], amc: str = "Test Mutual Fund", end: str = "2025-09-30"
) -> UnifiedResponse:
    """One folio holding ``schemes``; the statement runs from 2010 to ``end``."""
    return UnifiedResponse.model_validate(
        {
            "meta": {
                "cas_type": "CAMS_KFINTECH",
                "statement_period": {"from": "2010-04-01", "to": end},
                "detection": {"kind": "CAMS_KFINTECH", "variant": "DETAILED"},
            },
            "investor": {"name": "A B", "email": "a@example.com", "mobile": "1", "address": "x"},
            "mutual_funds": [
                {"amc": amc, "folio_number": "F1", "registrar": "CAMS", "schemes": list(schemes)}
            ],
        }
    )


def _pick(nature: FundNature, fmv_known: bool | None = None) -> tuple[str, str]:
    for ident in catalog():
        if nature_of(ident.isin, ident.name, None) is not nature:
            continue
        if fmv_known is None or (nav_on_31_jan_2018(ident.isin) is not None) == fmv_known:
            return ident.isin, ident.name
    raise LookupError(nature)


@lru_cache(maxsize=1)
def equity() -> tuple[str, str]:
    """An equity-oriented scheme whose 31 January 2018 NAV is known."""
    return _pick(FundNature.EQUITY, fmv_known=True)


@lru_cache(maxsize=1)
def equity_without_fmv() -> tuple[str, str]:
    return _pick(FundNature.EQUITY, fmv_known=False)


@lru_cache(maxsize=1)
def second_equity() -> tuple[str, str]:
    first = equity()
    for ident in catalog():
        if ident.isin != first[0] and nature_of(ident.isin, ident.name, None) is FundNature.EQUITY:
            return ident.isin, ident.name
    raise LookupError("equity")


@lru_cache(maxsize=1)
def debt() -> tuple[str, str]:
    return _pick(FundNature.DEBT)


def fmv(isin: str) -> Decimal:
    """The 31 January 2018 NAV, read straight from casparser-isin's table."""
    con = sqlite3.connect(f"file:{resources.files('casparser_isin') / 'isin.db'}?mode=ro", uri=True)
    try:
        (value,) = con.execute("SELECT nav FROM nav20180131 WHERE isin = ?", (isin,)).fetchone()
    finally:
        con.close()
    return Decimal(value)
