"""Self-checks of a parsed statement: running unit balances and printed totals.

Statements carry their own checksums; every mismatch becomes a warning in the response.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from ..models import Gain, MutualFundFolio

UNITS_TOLERANCE = Decimal("0.001")
MONEY_TOLERANCE = Decimal("0.05")
CENT = Decimal("0.01")


def gain(value: Decimal, cost: Decimal) -> Gain:
    absolute = (value - cost).quantize(CENT, rounding=ROUND_HALF_UP)
    percentage = None
    if cost > 0:
        percentage = (absolute * 100 / cost).quantize(CENT, rounding=ROUND_HALF_UP)
    return Gain(absolute=absolute, percentage=percentage)


def running_balance(
    label: str,
    opening: Decimal,
    rows: Iterable[tuple[str | None, Decimal | None, Decimal | None]],
    closing: Decimal | None,
) -> list[str]:
    """Rows are ``(date, units, printed balance)``; opening + Σ units must track the balance."""
    warnings = []
    running = opening
    for day, units, balance in rows:
        if units is not None:
            running += units
        if balance is None:
            continue
        if abs(running - balance) > UNITS_TOLERANCE:
            warnings.append(
                f"{label}: unit balance on {day} is {balance} on the statement but the rows "
                f"add up to {running}; a row may be missing or misread."
            )
            running = balance
    if closing is not None and abs(running - closing) > UNITS_TOLERANCE:
        warnings.append(
            f"{label}: closing unit balance {closing} differs from opening plus transactions "
            f"({running})."
        )
    return warnings


def valuation(
    label: str, units: Decimal | None, nav: Decimal | None, value: Decimal | None
) -> list[str]:
    if units is None or nav is None or value is None:
        return []
    expected = units * nav
    if abs(expected - value) > max(MONEY_TOLERANCE, abs(value) * Decimal("0.0001")):
        return [f"{label}: market value {value} is not units {units} x NAV {nav} ({expected:.2f})."]
    return []


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def printed_totals(
    folios: list[MutualFundFolio],
    printed: dict[str, tuple[Decimal, Decimal]],
    total: tuple[Decimal, Decimal] | None,
) -> list[str]:
    """Per-AMC and grand totals of the portfolio summary against the parsed schemes."""
    warnings = []
    for amc, (cost, value) in printed.items():
        schemes = [s for f in folios if f.amc == amc for s in f.schemes or []]
        got_cost, got_value = _sum(s.cost for s in schemes), _sum(s.value for s in schemes)
        if abs(got_value - value) > MONEY_TOLERANCE:
            warnings.append(
                f"{amc}: printed market value {value} but schemes add up to {got_value}."
            )
        if abs(got_cost - cost) > MONEY_TOLERANCE:
            warnings.append(f"{amc}: printed cost value {cost} but schemes add up to {got_cost}.")
    if total is not None:
        cost, value = total
        schemes = [s for f in folios for s in f.schemes or []]
        got_value = _sum(s.value for s in schemes)
        if abs(got_value - value) > MONEY_TOLERANCE:
            warnings.append(
                f"Total: printed market value {value} but schemes add up to {got_value}."
            )
        got_cost = _sum(s.cost for s in schemes)
        if cost and abs(got_cost - cost) > MONEY_TOLERANCE:
            warnings.append(f"Total: printed cost value {cost} but schemes add up to {got_cost}.")
    return warnings
