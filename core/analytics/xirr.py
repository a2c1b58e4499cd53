"""XIRR of dated cash flows (pyxirr's solver), as a percentage."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pyxirr

#: the XIRR's percentage is rounded to this many places
PLACES = 4


def xirr_percent(flows: list[tuple[date, Decimal]]) -> float | None:
    """The annualised return (actual/365) that makes the flows' present value zero, as a
    percentage; ``None`` without both an outflow and an inflow, or without a solution."""
    netted: dict[date, Decimal] = defaultdict(Decimal)
    for day, amount in flows:
        netted[day] += amount
    days = sorted(d for d, amount in netted.items() if amount)
    amounts = [float(netted[d]) for d in days]
    if not any(a < 0 for a in amounts) or not any(a > 0 for a in amounts):
        return None
    try:
        rate = pyxirr.xirr(days, amounts)
    except (pyxirr.InvalidPaymentsError, ValueError):
        return None
    if rate is None or rate != rate or rate in (float("inf"), float("-inf")):
        return None
    return round(rate * 100, PLACES)
