"""The same statement in casparser's model, and casparser's capital-gains report of it."""

from __future__ import annotations

from typing import Any

from casparser.analysis.gains import CapitalGainsReport
from casparser.types import CASData

from core.analytics.funds import FundNature, nature_of
from core.models.unified import UnifiedResponse


def _number(value: Any) -> str | None:
    return None if value is None else str(value)


def cas_data(statement: UnifiedResponse) -> CASData:
    """``statement`` as casparser's CASData: the same transactions, digit for digit; the fund
    type (EQUITY or DEBT, all casparser knows) from the same classification as ours."""
    meta = statement.meta
    assert meta and meta.statement_period and statement.investor
    folios = []
    for folio in statement.mutual_funds or []:
        schemes = []
        for s in folio.schemes or []:
            equity = nature_of(s.isin, s.name or "", s.type) is FundNature.EQUITY
            info = s.additional_info
            schemes.append(
                {
                    "scheme": s.name,
                    "rta_code": (info.rta_code if info else None) or "X",
                    "rta": folio.registrar or "CAMS",
                    "type": "EQUITY" if equity else "DEBT",
                    "isin": s.isin,
                    "amfi": info.amfi if info else None,
                    "open": _number(info.open_units if info else 0) or "0",
                    "close": _number(s.units),
                    "close_calculated": _number(s.units),
                    "valuation": {
                        "date": meta.statement_period.to,
                        "nav": _number(s.nav),
                        "value": _number(s.value),
                        "cost": _number(s.cost),
                    },
                    "transactions": [
                        {
                            "date": t.date,
                            "description": t.description or "",
                            "amount": _number(t.amount),
                            "units": _number(t.units),
                            "nav": _number(t.nav),
                            "balance": _number(t.balance),
                            "type": str(t.type),
                        }
                        for t in s.transactions or []
                    ],
                }
            )
        folios.append(
            {"folio": folio.folio_number, "amc": folio.amc, "PAN": None, "schemes": schemes}
        )
    inv = statement.investor
    return CASData.model_validate(
        {
            "statement_period": {
                "from": meta.statement_period.from_,
                "to": meta.statement_period.to,
            },
            "folios": folios,
            "investor_info": {
                "name": inv.name or "",
                "email": inv.email or "",
                "address": inv.address or "",
                "mobile": inv.mobile or "",
            },
            "cas_type": "DETAILED",
            "file_type": "CAMS",
        }
    )


def report(statement: UnifiedResponse) -> CapitalGainsReport:
    return CapitalGainsReport(cas_data(statement))
