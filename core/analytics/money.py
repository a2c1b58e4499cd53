"""Rounding money to the paisa, the one way every analytics figure is rounded."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

PAISA = Decimal("0.01")
ZERO = Decimal(0)


def paisa(value: Decimal) -> Decimal:
    """``value`` to the paisa, half to even (Python's ``round``, which casparser uses too)."""
    return value.quantize(PAISA, rounding=ROUND_HALF_EVEN)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole`` to two places (0 when ``whole`` is 0)."""
    if not whole:
        return ZERO
    return paisa(part * 100 / whole)
