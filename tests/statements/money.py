"""Indian number formatting as statements print it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

Q2, Q3, Q4 = Decimal("0.01"), Decimal("0.001"), Decimal("0.0001")


def q(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def indian(value: Decimal, places: int = 2, parens: bool = True) -> str:
    """``1,23,45,678.90``; negatives in parentheses."""
    negative = value < 0
    text = f"{abs(value):.{places}f}"
    whole, _, frac = text.partition(".")
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        whole = ",".join([*groups, tail])
    out = f"{whole}.{frac}" if frac else whole
    if negative:
        return f"({out})" if parens else f"-{out}"
    return out
