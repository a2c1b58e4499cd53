"""Invested, current value, gain and XIRR per scheme, per folio and for the portfolio.

Cash flows are the investor's: money paid in (purchases, switches in, stamp duty, STT, TDS) is
negative, money received (redemptions, switches out, paid-out dividends) positive, and the
value held on the statement date is the last inflow; a reinvested dividend moves no money.
Switches between the statement's own schemes cancel in the portfolio's flows. A scheme whose
history starts before the statement has no XIRR (its first purchases are missing) and is left
out of the portfolio's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from core.models.enums import TransactionType as T

from .holdings import Holding
from .lots import Ledger
from .money import ZERO, paisa, percent
from .views import FolioReturnsView, PortfolioReturnsView, ReturnsView, SchemeReturnsView
from .xirr import xirr_percent

Flow = tuple[date, Decimal]
#: costs paid on top of a transaction's amount
_CHARGES = {T.STAMP_DUTY_TAX, T.STT_TAX, T.TDS_TAX}


def cash_flows(holding: Holding, as_of: date) -> list[Flow]:
    """The investor's flows in and out of one scheme, ending with its value on ``as_of``."""
    flows: list[Flow] = []
    for t in holding.transactions:
        amount = t.amount or ZERO
        if t.type in _CHARGES:
            flows.append((t.day, -abs(amount)))
        elif t.type is T.DIVIDEND_PAYOUT:
            flows.append((t.day, amount))
        elif t.type is T.DIVIDEND_REINVEST:
            continue  # paid out and paid back in on the same day: no money moved
        elif t.units:  # units in are paid for (amount > 0), units out are paid out
            flows.append((t.day, -amount))
    if holding.value:
        flows.append((as_of, holding.value))
    return flows


def _invested(holding: Holding, remaining: Decimal | None) -> Decimal:
    if holding.cost is not None:
        return holding.cost
    return remaining if remaining is not None else ZERO


def returns(
    holdings: list[Holding], as_of: date, ledger: Ledger, warnings: list[str]
) -> ReturnsView:
    """Returns as of the statement date."""
    remaining = ledger.remaining_cost()
    schemes: list[SchemeReturnsView] = []
    folio_flows: dict[tuple[str, str], list[Flow]] = defaultdict(list)
    folio_totals: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    folio_complete: dict[tuple[str, str], bool] = defaultdict(lambda: True)
    portfolio: list[Flow] = []
    missing = 0
    for h in holdings:
        invested = _invested(h, remaining.get(id(h)))
        flows = cash_flows(h, as_of)
        complete = h.complete_history and bool(h.transactions)
        rate = xirr_percent(flows) if complete else None
        key = (h.amc, h.folio)
        if complete:
            folio_flows[key].extend(flows)
            portfolio.extend(flows)
        elif h.value:
            folio_complete[key] = False
            missing += 1
        folio_totals[key][0] += invested
        folio_totals[key][1] += h.value
        schemes.append(
            SchemeReturnsView(
                folio=h.folio,
                amc=h.amc,
                isin=h.isin,
                name=h.name,
                type=h.type,
                xirr=rate,
                invested=paisa(invested),
                current_value=paisa(h.value),
                gain=paisa(h.value - invested),
                units=h.units,
            )
        )
    if missing:
        warnings.append(
            f"XIRR needs every purchase: {missing} holding(s) began before the statement, so "
            "they have none and the folio and portfolio XIRR leave them out"
        )
    folios = [
        FolioReturnsView(
            folio=folio,
            amc=amc,
            xirr=xirr_percent(folio_flows[(amc, folio)]) if folio_complete[(amc, folio)] else None,
            invested=paisa(invested),
            current_value=paisa(value),
            gain=paisa(value - invested),
        )
        for (amc, folio), (invested, value) in folio_totals.items()
    ]
    invested = sum((s.invested for s in schemes), ZERO)
    value = sum((s.current_value for s in schemes), ZERO)
    return ReturnsView(
        as_of=as_of.isoformat(),
        portfolio=PortfolioReturnsView(
            xirr=xirr_percent(portfolio),
            invested=invested,
            current_value=value,
            gain=value - invested,
            gain_percentage=percent(value - invested, invested) if invested else None,
        ),
        folios=folios,
        schemes=schemes,
    )
