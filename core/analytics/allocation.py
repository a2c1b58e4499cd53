"""The portfolio's value by AMC, by fund type, and (for eCAS) by asset class and account."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from core.models.enums import CasType
from core.models.unified import DematAccount, Holding, UnifiedResponse
from core.parsers.scheme_db import lookup

from .holdings import Holding as SchemeHolding
from .money import ZERO, paisa, percent
from .views import AllocationSliceView, AllocationView

#: eCAS holding classes, as the allocation names them
ASSET_CLASSES = {
    "equities": "Equities",
    "demat_mutual_funds": "Mutual funds (demat)",
    "corporate_bonds": "Corporate bonds",
    "government_securities": "Government securities",
    "aifs": "AIFs",
}


def _slices(values: dict[str, Decimal], total: Decimal) -> list[AllocationSliceView]:
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        AllocationSliceView(name=name, value=paisa(value), percentage=percent(value, total))
        for name, value in ordered
        if value
    ]


def _value(holding: Holding) -> Decimal:
    if holding.value is not None:
        return holding.value
    price = holding.additional_info.price if holding.additional_info else None
    return (holding.units or ZERO) * price if price is not None else ZERO


def _account_name(account: DematAccount) -> str:
    who = account.dp_name or account.demat_type or "Demat account"
    number = account.bo_id or f"{account.dp_id or ''}{account.client_id or ''}"
    return f"{who} {number}".strip()


def allocation(statement: UnifiedResponse, schemes: list[SchemeHolding]) -> AllocationView:
    by_amc: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_type: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_class: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_account: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for s in schemes:
        by_amc[s.amc or "Unknown AMC"] += s.value
        by_type[s.type] += s.value
    ecas = statement.meta is not None and statement.meta.cas_type in (CasType.NSDL, CasType.CDSL)
    if ecas:
        folios = sum((s.value for s in schemes), ZERO)
        by_class["Mutual funds"] += folios
        by_account["Mutual fund folios"] += folios
        for account in statement.demat_accounts or []:
            for field, label in ASSET_CLASSES.items():
                rows: list[Holding] = getattr(account.holdings, field, None) or []
                for row in rows:
                    value = _value(row)
                    by_class[label] += value
                    by_account[_account_name(account)] += value
                    if field == "demat_mutual_funds":
                        by_type[str(lookup(row.isin, row.name or "")[1])] += value
        for nps in statement.nps or []:
            value = nps.value or sum((f.value or ZERO for f in nps.funds or []), ZERO)
            by_class["NPS"] += value
            by_account[f"NPS {nps.pran or ''}".strip()] += value
    total = sum(by_class.values(), ZERO) if ecas else sum(by_amc.values(), ZERO)
    return AllocationView(
        total=paisa(total),
        by_amc=_slices(by_amc, sum(by_amc.values(), ZERO)),
        by_fund_type=_slices(by_type, sum(by_type.values(), ZERO)),
        by_asset_class=_slices(by_class, total),
        by_account=_slices(by_account, total),
    )
