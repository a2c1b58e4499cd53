"""The expected UnifiedResponse of a generated portfolio (the ground truth)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .money import Q2, q
from .portfolio import FolioBlock, Portfolio, Row, SchemeBlock


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _transaction(r: Row) -> dict[str, Any]:
    out: dict[str, Any] = {
        "date": r.date.isoformat(),
        "description": r.description,
        "type": r.type,
        "amount": _num(r.amount),
        "units": _num(r.units),
        "nav": _num(r.nav),
        "balance": _num(r.balance),
        "dividend_rate": _num(r.dividend_rate),
    }
    return {k: v for k, v in out.items() if v is not None}


def gain(value: Decimal, cost: Decimal) -> dict[str, float]:
    absolute = q(value - cost, Q2)
    out = {"absolute": float(absolute)}
    if cost > 0:
        out["percentage"] = float(q(absolute * 100 / cost, Q2))
    return out


def _scheme(s: SchemeBlock, detailed: bool) -> dict[str, Any]:
    info: dict[str, Any] = {
        "amfi": s.ident.amfi,
        "rta_code": s.ident.rta_code,
        "close_units": float(s.closing),
    }
    if detailed:
        info["open_units"] = float(s.opening)
        if s.advisor:
            info["advisor"] = s.advisor
    out: dict[str, Any] = {
        "name": s.ident.name,
        "isin": s.ident.isin,
        "type": s.ident.scheme_type,
        "units": float(s.closing),
        "nav": float(s.nav),
        "value": float(s.value),
        "cost": float(s.cost),
        "gain": gain(s.value, s.cost),
        "additional_info": info,
    }
    if detailed:
        out["nominees"] = list(s.nominees)
        out["transactions"] = [_transaction(r) for r in s.rows]
    return out


def _folio(f: FolioBlock, detailed: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "amc": f.amc,
        "folio_number": f.number,
        "registrar": f.schemes[0].ident.registrar,
        "value": float(sum((s.value for s in f.schemes), Decimal(0))),
        "schemes": [_scheme(s, detailed) for s in f.schemes],
    }
    if detailed:
        out["additional_info"] = {"kyc": f.kyc, "pan": f.pan, "pankyc": f.pankyc}
        out["linked_holders"] = [{"name": f.holder, "pan": f.pan}] if f.holder else []
    return out


def ground_truth(p: Portfolio, detailed: bool, watermark: bool) -> dict[str, Any]:
    inv = p.investor
    folios = [_folio(f, detailed) for f in p.folios]
    total = sum((s.value for f in p.folios for s in f.schemes), Decimal(0))
    start = p.start if detailed else p.end
    return {
        "meta": {
            "cas_type": "CAMS_KFINTECH",
            # every printed total reconciles with what the statement contains
            "complete": True,
            "statement_period": {"from": start.isoformat(), "to": p.end.isoformat()},
            "detection": {
                "kind": "CAMS_KFINTECH",
                "issuer": p.issuer,
                "variant": "DETAILED" if detailed else "SUMMARY",
                "watermark": watermark,
                "reprinted": not watermark,
            },
        },
        "investor": {
            "name": inv.name,
            "email": inv.email,
            "mobile": inv.mobile,
            "address": "\n".join(inv.address),
            "pincode": inv.pincode,
            "pan": inv.pan if detailed else None,
        },
        "summary": {
            "total_value": float(total),
            "accounts": {"mutual_funds": {"count": len(folios), "total_value": float(total)}},
        },
        "mutual_funds": folios,
        "warnings": [],
    }
