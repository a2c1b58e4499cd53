"""A row's own arithmetic as a check on which column is which.

Statements print units, price (NAV) and value side by side; ``units x price = value`` to the
printed precision. When the columns read by header position fail that check, the row's numbers
are searched for the triple that passes it, so a column shifted by a missing or extra header
is put right (and reported) instead of returned as confident nonsense.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations

#: value = units x price rounded to paise, units to 3 places and price to 4: allow for both
_RELATIVE = Decimal("0.002")
_ABSOLUTE = Decimal("0.02")


def consistent(units: Decimal | None, price: Decimal | None, value: Decimal | None) -> bool:
    """``units x price`` matches ``value`` (True when a figure is missing: nothing to check)."""
    if units is None or price is None or value is None:
        return True
    return abs(units * price - value) <= max(_ABSOLUTE, abs(value) * _RELATIVE)


def refit(numbers: list[Decimal]) -> tuple[int, int, int] | None:
    """Indexes ``(units, price, value)`` into ``numbers`` that satisfy the product, in print
    order (units before price before value), or None when no triple does."""
    for i, j, k in combinations(range(len(numbers)), 3):
        if numbers[k] > 0 and consistent(numbers[i], numbers[j], numbers[k]):
            return i, j, k
    return None
