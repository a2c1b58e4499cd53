"""A broker contract note → the ContractNote model: header, trades, charges, summaries, checks.

A PDF may hold the notes of several trading days; each is read and reconciled on its own, the
trades of all are listed (each with its trade date), and the charges summary is their sum."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from core.errors import BadRequest
from core.models.contract_note import (
    BrokerInfo,
    ChargesSummary,
    ClientInfo,
    ContractNote,
    ContractNoteInfo,
    ContractNotePart,
    DerivativesTransaction,
    DetailedTrade,
    EquityTransaction,
)
from core.pdf import Document
from core.pdf.geometry import Line

from .contract_note_broker import Broker, check_hint, detect_broker
from .contract_note_charges import ChargesTable, read_charges, segment_key
from .contract_note_header import read_header
from .contract_note_reconcile import reconcile
from .contract_note_trades import ParsedTrade, read_trades

_CHARGE_FIELDS = {
    "obligation": "pay_in_pay_out_obligation",
    "brokerage": "taxable_value_brokerage",
    "exchange": "exchange_transaction_charges",
    "cgst": "cgst",
    "sgst": "sgst",
    "igst": "igst",
    "stt": "securities_transaction_tax",
    "sebi": "sebi_turnover_fees",
    "stamp": "stamp_duty",
    "net": "net_amount_receivable_payable",
    "clearing": "clearing_charges",
    "ipf": "investor_protection_fund",
    "ctt": "commodity_transaction_tax",
}
_FOUR = Decimal("0.0001")


def _segments(trades: list[ParsedTrade], table: ChargesTable) -> dict[int, str | None]:
    """Each trade's exchange segment; a trade without an exchange column takes the one segment
    of its kind the charges name, when there is only one."""
    out: dict[int, str | None] = {}
    for i, t in enumerate(trades):
        if t.exchange:
            out[i] = segment_key(t.exchange, t.segment)
            continue
        same = [key for key in table.segments if key.endswith(t.segment)]
        out[i] = same[0] if len(same) == 1 else None
    return out


def _detailed(t: ParsedTrade, segment: str | None, trade_date: str | None) -> DetailedTrade:
    return DetailedTrade(
        trade_date=trade_date,
        order_number=t.order_number,
        order_time=t.order_time,
        trade_number=t.trade_number,
        trade_time=t.trade_time,
        security_description=t.description,
        buy_sell=t.side,
        exchange=segment.split("-")[0] if segment else t.exchange,
        quantity=t.quantity,
        brokerage=t.brokerage,
        net_rate_per_unit=t.net_rate or (abs(t.net_total) / t.quantity).quantize(_FOUR),
        net_total=t.net_total,
        isin=t.isin,
        segment=segment,
        trade_price=t.price,
    )


def _wap(value: Decimal, quantity: Decimal) -> Decimal | None:
    return (value / quantity).quantize(_FOUR) if quantity else None


def _equity(trades: list[ParsedTrade]) -> list[EquityTransaction]:
    groups: dict[str, list[ParsedTrade]] = defaultdict(list)
    for t in trades:
        if not t.contract:
            groups[t.isin or t.name].append(t)
    out = []
    for mine in groups.values():
        buys = [t for t in mine if t.side == "B"]
        sells = [t for t in mine if t.side == "S"]
        bq = sum((t.quantity for t in buys), Decimal(0))
        sq = sum((t.quantity for t in sells), Decimal(0))
        bv = sum((abs(t.net_total) for t in buys), Decimal(0))
        sv = sum((abs(t.net_total) for t in sells), Decimal(0))
        out.append(
            EquityTransaction(
                isin=mine[0].isin,
                security_name=mine[0].name,
                security_symbol=mine[0].symbol,
                buy_quantity=bq,
                buy_wap=_wap(bv, bq),
                buy_total_value=bv,
                sell_quantity=sq,
                sell_wap=_wap(sv, sq),
                sell_total_value=sv,
                net_obligation=sv - bv,
            )
        )
    return out


def _derivatives(trades: list[ParsedTrade]) -> list[DerivativesTransaction]:
    groups: dict[tuple[str, str], list[ParsedTrade]] = defaultdict(list)
    for t in trades:
        if t.contract:
            groups[(t.description, t.side)].append(t)
    out = []
    for (description, side), mine in groups.items():
        quantity = sum((t.quantity for t in mine), Decimal(0))
        gross = sum((t.quantity * t.price for t in mine if t.price is not None), Decimal(0))
        priced = all(t.price is not None for t in mine)
        brokerage = sum((t.brokerage for t in mine), Decimal(0))
        out.append(
            DerivativesTransaction(
                contract_description=description,
                buy_sell_bf_cf="Buy" if side == "B" else "Sell",
                quantity=quantity,
                wap_per_unit=_wap(gross, quantity) if priced else None,
                brokerage_per_unit=_wap(brokerage, quantity),
                net_total=sum((t.net_total for t in mine), Decimal(0)),
            )
        )
    return out


def _charges(table: ChargesTable) -> ChargesSummary:
    return ChargesSummary(
        **{field: table.totals.get(levy) for levy, field in _CHARGE_FIELDS.items()}
    )


def pages(document: Document) -> list[list[Line]]:
    return [layout.lines for layout in document.layouts()]


#: a note's identity is printed near the top of its first page
_HEADER_LINES = 20


def split_notes(pages: list[list[Line]]) -> list[list[list[Line]]]:
    """Pages grouped into notes: one PDF may hold the notes of several trading days, each
    starting on a page that prints a new contract note number."""
    groups: list[list[list[Line]]] = []
    current = None
    for lines in pages:
        number = read_header(lines[:_HEADER_LINES]).get("contract_note_number")
        if not groups or (number is not None and number != current):
            groups.append([])
            current = number or current
        groups[-1].append(lines)
    return groups


@dataclass
class _Day:
    """One trading day's note inside the PDF."""

    header: dict[str, str]
    trades: list[ParsedTrade]
    table: ChargesTable
    segment_of: dict[int, str | None]
    warnings: list[str]


def _read_day(pages: list[list[Line]]) -> _Day:
    trades = read_trades(pages)
    table = read_charges([line for lines in pages for line in lines])
    segment_of = _segments(trades, table)
    header = read_header(pages[0])
    return _Day(header, trades, table, segment_of, reconcile(trades, table, segment_of))


def _info(header: dict[str, str]) -> ContractNoteInfo:
    return ContractNoteInfo(**{k: header.get(k) for k in ContractNoteInfo.model_fields})


def _total(days: list[_Day]) -> ChargesTable:
    total = ChargesTable()
    for day in days:
        for levy, value in day.table.totals.items():
            total.totals[levy] = total.totals.get(levy, Decimal(0)) + value
    return total


def read(pages: list[list[Line]], broker_hint: str | None = None) -> tuple[ContractNote, Broker]:
    """The note(s) on ``pages`` (lines of each page); ``broker_hint`` is checked against them."""
    broker = detect_broker(pages[0] if pages else [])
    check_hint(broker, broker_hint)
    days = [_read_day(group) for group in split_notes(pages)]
    trades = [t for day in days for t in day.trades]
    if not trades and not any(day.table.totals for day in days):
        raise BadRequest("No trades or charges could be read from this contract note.")
    several = len(days) > 1
    detailed = [
        _detailed(t, day.segment_of[i], day.header.get("trade_date"))
        for day in days
        for i, t in enumerate(day.trades)
    ]
    note = ContractNote(
        contract_note_info=_info(days[0].header),
        broker_info=BrokerInfo(
            broker_type=broker.broker_type,
            name=broker.name,
            sebi_registration=broker.sebi_registration,
        ),
        client_info=ClientInfo(**{k: days[0].header.get(k) for k in ClientInfo.model_fields}),
        equity_transactions=_equity(trades),
        derivatives_transactions=_derivatives(trades),
        detailed_trades=detailed,
        charges_summary=_charges(_total(days)),
        warnings=[
            f"note {day.header.get('contract_note_number', i + 1)}: {w}" if several else w
            for i, day in enumerate(days)
            for w in day.warnings
        ],
        notes=[
            ContractNotePart(
                contract_note_info=_info(day.header), charges_summary=_charges(day.table)
            )
            for day in days
        ]
        if several
        else [],
    )
    return note, broker


def parse(document: Document, broker_hint: str | None = None) -> ContractNote:
    note, _ = read(pages(document), broker_hint)
    return note
