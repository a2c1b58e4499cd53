"""The expected UnifiedResponse of a generated eCAS portfolio (the ground truth)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from .ecas_nsdl import coupon_frequency
from .ecas_portfolio import (
    LISTING_STATUS,
    Account,
    EcasPortfolio,
    Folio,
    Holding,
    Movement,
    listing_marker,
)
from .ecas_securities import AIF, BOND, EQUITY, GSEC, MF
from .ecas_variants import VARIANTS, EcasVariant
from .truth import gain

CLASSES = (EQUITY, MF, BOND, GSEC, AIF)


def _f(value: Decimal) -> float:
    return float(value)


def _movement(m: Movement) -> dict[str, Any]:
    info: dict[str, Any] = {"credit": _f(m.units)} if m.units > 0 else {"debit": _f(-m.units)}
    if m.order_no:
        info["order_no"] = m.order_no
    if m.stamp_duty is not None:
        info["stamp_duty"] = _f(m.stamp_duty)
    return {
        "date": m.day.isoformat(),
        "description": m.description,
        "type": m.type,
        "units": _f(m.units),
        "balance": _f(m.balance),
        "additional_info": info,
    }


def holding(h: Holding, priced: bool, symbol: bool, **terms: Any) -> dict[str, Any]:
    """One holding; ``terms`` are the security's printed terms (face value, coupon, status)."""
    info: dict[str, Any] = {"open_units": _f(h.opening), "close_units": _f(h.units)}
    if priced:
        info["price"] = _f(h.price)
    if symbol and h.security.symbol:
        info["symbol"] = h.security.symbol
    info.update({k: v for k, v in terms.items() if v is not None})
    encumbered = False
    for key, amount in (("pledged", h.pledged), ("locked", h.locked), ("frozen", h.frozen)):
        if amount > 0:
            info[f"{key}_units"] = _f(amount)
            encumbered = True
    if encumbered:
        info["free_units"] = _f(h.free)
    return {
        "isin": h.security.isin,
        "name": h.security.name,
        "units": _f(h.units),
        "value": _f(h.value),
        "additional_info": info,
        "transactions": [_movement(m) for m in h.movements],
    }


def _terms(h: Holding, cdsl: bool, summary_form: bool, v: EcasVariant, depository: str) -> Any:
    """What the account's tables print about each security: CDSL its status marker; NSDL the
    face value (equity summary table with that column, bond table) and the bond's coupon and
    maturity."""
    if cdsl:
        return {"listing_status": LISTING_STATUS.get(listing_marker(h.security.isin))}
    cls = h.security.cls
    if cls in (BOND, GSEC):
        day, month, year = (h.maturity or "").split("-")
        number = datetime.strptime(month, "%b").month
        return {
            "face_value": _f(h.face_value),
            "coupon_rate": _f(h.coupon or Decimal(0)),
            "coupon_frequency": coupon_frequency(h, v),
            "maturity_date": f"{year}-{number:02d}-{day}",
        }
    equity_table = depository == "NSDL" or summary_form
    if cls == EQUITY and equity_table and v.face_value_column:
        return {"face_value": _f(h.face_value)}
    return {}


def account(
    a: Account, cdsl_details: bool, summary_form: bool = False, v: EcasVariant = VARIANTS[0]
) -> dict[str, Any]:
    info: dict[str, Any] = {"linked_pans": [pan for _, pan in a.holders]}
    if cdsl_details:
        info.update(
            bo_status=a.bo_status,
            bo_sub_status=a.bo_sub_status,
            bo_type=a.bo_type,
            bsda=a.bsda,
            email=a.email,
        )
        if a.nominee:
            info["nominee"] = a.nominee
    holdings: dict[str, list[dict[str, Any]]] = {}
    for cls in CLASSES:
        # NSDL's bond tables print face value and value, not the market price
        priced = cdsl_details or cls not in (BOND, GSEC)
        # only NSDL's own summary table prints the stock symbol
        symbol = not cdsl_details and (a.depository == "NSDL" or summary_form)
        rows = [
            holding(h, priced, symbol, **_terms(h, cdsl_details, summary_form, v, a.depository))
            for h in a.holdings
            if h.security.cls == cls
        ]
        if rows:
            holdings[cls] = rows
    return {
        "demat_type": a.depository,
        "dp_id": a.dp_id,
        "dp_name": a.dp_name,
        "client_id": a.client_id,
        "bo_id": a.bo_id,
        "value": _f(a.value),
        "linked_holders": [{"name": n, "pan": p} for n, p in a.holders],
        "additional_info": info,
        "holdings": holdings,
    }


def _folio_info(f: Folio, cdsl: bool) -> dict[str, Any]:
    """The folio's UCC (both depositories; none when ``NOT AVAILABLE``) and CDSL's mode."""
    info: dict[str, Any] = {}
    if f.ucc != "NOT AVAILABLE":
        info["ucc"] = f.ucc
    if cdsl:
        info["mode_of_holding"] = f.mode_of_holding
    return info


def folio(f: Folio, advisor: bool, cdsl: bool = False) -> dict[str, Any]:
    info: dict[str, Any] = {
        "amfi": f.ident.amfi,
        "rta_code": f.ident.rta_code,
        "close_units": _f(f.units),
    }
    if advisor:
        info["advisor"] = f.advisor
    scheme = {
        "name": f.ident.name,
        "isin": f.ident.isin,
        "type": f.ident.scheme_type,
        "units": _f(f.units),
        "nav": _f(f.nav),
        "value": _f(f.value),
        "cost": _f(f.cost),
        "gain": gain(f.value, f.cost),
        "additional_info": info,
    }
    out = {
        "amc": f.ident.amc,
        "folio_number": f.folio,
        "registrar": f.ident.registrar,
        "value": _f(f.value),
        "schemes": [scheme],
    }
    if folio_info := _folio_info(f, cdsl):
        out["additional_info"] = folio_info
    return out


def ground_truth(p: EcasPortfolio, v: EcasVariant = VARIANTS[0]) -> dict[str, Any]:
    inv = p.investor
    cdsl = p.depository == "CDSL"
    accounts = p.all_accounts()
    demat = sum((a.value for a in accounts), Decimal(0))
    mf = sum((f.value for f in p.folios), Decimal(0))
    totals: dict[str, Any] = {
        "demat": {"count": len(accounts), "total_value": _f(demat)},
        "mutual_funds": {"count": len(p.folios), "total_value": _f(mf)},
    }
    out: dict[str, Any] = {
        "meta": {
            "cas_type": p.depository,
            # every printed total reconciles with what the statement contains
            "complete": True,
            "statement_period": {"from": p.start.isoformat(), "to": p.end.isoformat()},
            "detection": {
                "kind": p.depository,
                "issuer": p.depository,
                "watermark": False,
                "reprinted": False,
            },
        },
        "investor": {
            "name": inv.name,
            "pan": inv.pan,
            "address": "\n".join(inv.address),
            "pincode": inv.pincode,
            "cas_id": inv.cas_id,
        },
        "summary": {"total_value": _f(p.total), "accounts": totals},
        "demat_accounts": [account(a, cdsl, v.cdsl_summary_form, v) for a in accounts],
        "mutual_funds": [folio(f, cdsl and v.mf_advisor, cdsl) for f in p.folios],
        "warnings": [],
    }
    if p.nps:
        totals["nps"] = {"count": 1, "total_value": _f(p.nps.value)}
        out["nps"] = [
            {
                "pran": p.nps.pran,
                "cra": p.nps.cra,
                "value": _f(p.nps.value),
                "funds": [
                    {
                        "name": f.name,
                        "units": _f(f.units),
                        "nav": _f(f.nav),
                        "value": _f(f.value),
                        "additional_info": {
                            "manager": f.manager,
                            "tier": f.tier,
                            "asset_class": f.asset_class,
                        },
                    }
                    for f in p.nps.funds
                ],
            }
        ]
    return out
