"""A contract note checked against its own arithmetic. Every mismatch is a warning; nothing is
adjusted to hide one.

- Σ trades' net totals = the pay-in/pay-out obligation, per segment where the note has columns;
- Σ trades' brokerage = the taxable brokerage;
- GST = 18% of brokerage + exchange + SEBI + clearing charges, as CGST+SGST (half each) or IGST;
- STT at the 2024 rates: 0.1% of delivery turnover, 0.025% of intraday sells, 0.02% of futures
  sells, 0.1% of option premium sold, rounded to the rupee per security; none on currency
  derivatives (NSE-CD) or commodities (MCX-COM);
- CTT on MCX commodities instead: 0.01% of futures sells, 0.05% of option premium sold, rounded
  to the rupee per contract, none on agricultural commodities;
- net amount = obligation - every levy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from .contract_note_charges import ChargesTable
from .contract_note_trades import ParsedTrade

PAISA = Decimal("0.01")
LEVIES = ("ctt", "exchange", "clearing", "sebi", "ipf", "stt", "stamp", "cgst", "sgst", "igst")
GST_BASE = ("brokerage", "exchange", "sebi", "clearing")
#: MCX's agricultural commodities, on which no CTT is charged
AGRICULTURAL = {
    "CARDAMOM", "CASTORSEED", "COTTON", "COTTONCNDY", "COTTONOIL", "CPO", "GUARSEED", "KAPAS",
    "MENTHAOIL", "RBDPMOLEIN",
}  # fmt: skip


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _rupee(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _paise(value: Decimal) -> Decimal:
    return value.quantize(PAISA, rounding=ROUND_HALF_UP)


def _value(t: ParsedTrade) -> Decimal:
    """Turnover of a trade: at its trade price, or its net total less brokerage."""
    if t.price is not None:
        return t.quantity * t.price
    return abs(t.net_total) - t.brokerage if t.side == "B" else abs(t.net_total) + t.brokerage


def _security(t: ParsedTrade) -> str:
    return t.isin or t.name if not t.contract else t.description


def _groups(trades: Iterable[ParsedTrade]) -> list[list[ParsedTrade]]:
    groups: dict[str, list[ParsedTrade]] = defaultdict(list)
    for t in trades:
        groups[_security(t)].append(t)
    return list(groups.values())


def _is_option(t: ParsedTrade) -> bool:
    return any(w in t.description.split() for w in ("CE", "PE"))


def expected_ctt(trades: list[ParsedTrade]) -> Decimal:
    """CTT of the note's commodity trades (non-agricultural ones only)."""
    ctt = Decimal(0)
    for mine in _groups(t for t in trades if t.segment == "COM"):
        if AGRICULTURAL & set(mine[0].description.split()):
            continue
        sells = _sum(_value(t) for t in mine if t.side == "S")
        ctt += _rupee(sells * Decimal("0.0005" if _is_option(mine[0]) else "0.0001"))
    return ctt


def expected_stt(trades: list[ParsedTrade]) -> Decimal:
    """STT of the note's equity and equity F&O trades (currency and commodities pay none)."""
    stt = Decimal(0)
    for mine in _groups(t for t in trades if t.segment in ("EQ", "FO")):
        buys = _sum(_value(t) for t in mine if t.side == "B")
        sells = _sum(_value(t) for t in mine if t.side == "S")
        bought = _sum(t.quantity for t in mine if t.side == "B")
        sold = _sum(t.quantity for t in mine if t.side == "S")
        if mine[0].contract:
            stt += _rupee(sells * Decimal("0.001" if _is_option(mine[0]) else "0.0002"))
        elif bought and bought == sold:
            stt += _rupee(sells * Decimal("0.00025"))
        else:
            stt += _rupee((buys + sells) * Decimal("0.001"))
    return stt


def _check(
    warnings: list[str],
    what: str,
    printed: Decimal | None,
    expected: Decimal,
    where: str,
    tolerance: Decimal = PAISA / 2,
) -> None:
    if printed is None:
        return
    if abs(printed - expected) > tolerance:
        warnings.append(f"{where}: {what} is {printed}, expected {expected}")


def _gst(warnings: list[str], charges: dict[str, Decimal], where: str) -> None:
    base = _sum(charges.get(name, Decimal(0)) for name in GST_BASE)
    igst = charges.get("igst", Decimal(0))
    if igst:
        _check(warnings, "IGST", igst, _paise(base * Decimal("0.18")), where)
        if charges.get("cgst") or charges.get("sgst"):
            warnings.append(f"{where}: both IGST and CGST/SGST are charged")
    else:
        half = _paise(base * Decimal("0.09"))
        _check(warnings, "CGST", charges.get("cgst"), half, where)
        _check(warnings, "SGST", charges.get("sgst"), half, where)


def _segment(
    warnings: list[str],
    trades: list[ParsedTrade],
    charges: dict[str, Decimal],
    where: str,
    per_segment_rounding: bool,
) -> None:
    _check(
        warnings,
        "pay-in/pay-out obligation",
        charges.get("obligation"),
        _sum(t.net_total for t in trades),
        where,
    )
    _check(
        warnings,
        "taxable brokerage",
        charges.get("brokerage"),
        _sum(t.brokerage for t in trades),
        where,
    )
    if per_segment_rounding:
        _gst(warnings, charges, where)
        _check(warnings, "STT", charges.get("stt"), expected_stt(trades), where)
        _check(warnings, "CTT", charges.get("ctt"), expected_ctt(trades), where)
    if "obligation" in charges and "net" in charges:
        net = charges["obligation"] - _sum(charges.get(name, Decimal(0)) for name in LEVIES)
        _check(warnings, "net amount receivable/payable", charges["net"], net, where)


def reconcile(
    trades: list[ParsedTrade], table: ChargesTable, segment_of: dict[int, str | None]
) -> list[str]:
    """Warnings for every way the note disagrees with itself."""
    warnings: list[str] = []
    if not trades:
        warnings.append("no trades were found in the note")
    if not table.totals:
        warnings.append("no charges summary was found in the note")
        return warnings
    by_segment: dict[str, list[ParsedTrade]] = defaultdict(list)
    for i, t in enumerate(trades):
        by_segment[segment_of.get(i) or "?"].append(t)
    if table.by_segment and "?" not in by_segment:
        for key, charges in table.by_segment.items():
            _segment(warnings, by_segment.get(key, []), charges, key, True)
        for key in set(by_segment) - set(table.by_segment):
            warnings.append(f"{key}: trades found but the charges have no column for it")
        # each segment's column was checked against its trades; the total column adds them up
        # (rounded per segment, so it need not equal the unrounded sum over every trade)
        for levy, total in table.totals.items():
            columns = _sum(charges.get(levy, Decimal(0)) for charges in table.by_segment.values())
            _check(warnings, f"total {levy}", total, columns, "note total")
        return warnings
    _segment(warnings, trades, table.totals, "note total", not table.by_segment)
    return warnings
