"""Ground truth of a generated note in the shapes the parser answers, for comparisons."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.statements.contract_note import Charges, ContractNote, Trade
from tests.statements.contract_note_render import Variant

CHARGE_FIELDS = {
    "obligation": "pay_in_pay_out_obligation",
    "brokerage": "taxable_value_brokerage",
    "exchange": "exchange_transaction_charges",
    "cgst": "cgst",
    "sgst": "sgst",
    "igst": "igst",
    "stt": "securities_transaction_tax",
    "sebi": "sebi_turnover_fees",
    "stamp": "stamp_duty",
    "clearing": "clearing_charges",
    "ipf": "investor_protection_fund",
    "ctt": "commodity_transaction_tax",
}


def trade_row(t: Trade, v: Variant, note: ContractNote) -> dict[str, Any]:
    """What a parsed trade must say, limited to what the layout prints."""
    row: dict[str, Any] = {
        "trade_date": note.trade_date.isoformat(),
        "trade_number": t.trade_number,
        "trade_time": t.trade_time,
        "buy_sell": t.side,
        "quantity": Decimal(t.quantity),
        "brokerage": t.brokerage,
        "net_total": t.net_total,
        "segment": t.segment_key,
    }
    if "order_no" in v.columns:
        row["order_number"] = t.order_number
    if "order_time" in v.columns:
        row["order_time"] = t.order_time
    if "price" in v.columns:
        row["trade_price"] = t.price
    if t.isin:
        row["isin"] = t.isin
    return row


def charges(c: Charges) -> dict[str, Decimal]:
    out = {field: getattr(c, name) for name, field in CHARGE_FIELDS.items()}
    out["net_amount_receivable_payable"] = c.net
    return out


def header(note: ContractNote) -> dict[str, Any]:
    return {
        "contract_note_number": note.note_number,
        "trade_date": note.trade_date.isoformat(),
        "settlement_number": note.settlement_number,
        "settlement_date": note.settlement_date.isoformat(),
        "name": note.client_name,
        "pan": note.pan,
        "ucc": note.ucc,
        "gst_state_code": note.state_code,
        "place_of_supply": note.state_name.upper(),
        "address": ", ".join(note.address),
    }
