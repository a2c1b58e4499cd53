"""The contract-note model: the published client's fields, named as it names them, plus additions
(``warnings``, ``meta``, clearing charges, IPF, each trade's ISIN and segment)."""

from __future__ import annotations

from pydantic import Field

from .unified import Detection, Exact, _Model


class BrokerInfo(_Model):
    broker_type: str | None = None
    name: str | None = None
    sebi_registration: str | None = None


class ClientInfo(_Model):
    name: str | None = None
    pan: str | None = None
    ucc: str | None = None
    address: str | None = None
    gst_state_code: str | None = None
    place_of_supply: str | None = None


class ContractNoteInfo(_Model):
    contract_note_number: str | None = None
    trade_date: str | None = None
    settlement_number: str | None = None
    settlement_date: str | None = None


class EquityTransaction(_Model):
    isin: str | None = None
    security_name: str | None = None
    security_symbol: str | None = None
    buy_quantity: Exact | None = None
    buy_wap: Exact | None = None
    buy_total_value: Exact | None = None
    sell_quantity: Exact | None = None
    sell_wap: Exact | None = None
    sell_total_value: Exact | None = None
    net_obligation: Exact | None = None


class DerivativesTransaction(_Model):
    contract_description: str | None = None
    buy_sell_bf_cf: str | None = None
    quantity: Exact | None = None
    wap_per_unit: Exact | None = None
    brokerage_per_unit: Exact | None = None
    closing_rate_per_unit: Exact | None = None
    net_total: Exact | None = None


class DetailedTrade(_Model):
    order_number: str | None = None
    order_time: str | None = None
    trade_number: str | None = None
    trade_time: str | None = None
    security_description: str | None = None
    buy_sell: str | None = None
    exchange: str | None = None
    quantity: Exact | None = None
    brokerage: Exact | None = None
    net_rate_per_unit: Exact | None = None
    closing_rate_per_unit: Exact | None = None
    net_total: Exact | None = None
    remarks: str | None = None
    isin: str | None = None
    segment: str | None = None
    trade_price: Exact | None = None
    trade_date: str | None = None


class ChargesSummary(_Model):
    pay_in_pay_out_obligation: Exact | None = None
    taxable_value_brokerage: Exact | None = None
    exchange_transaction_charges: Exact | None = None
    cgst: Exact | None = None
    sgst: Exact | None = None
    igst: Exact | None = None
    securities_transaction_tax: Exact | None = None
    sebi_turnover_fees: Exact | None = None
    stamp_duty: Exact | None = None
    net_amount_receivable_payable: Exact | None = None
    clearing_charges: Exact | None = None
    investor_protection_fund: Exact | None = None
    commodity_transaction_tax: Exact | None = None


class ContractNotePart(_Model):
    """One trading day's note, when a PDF holds several."""

    contract_note_info: ContractNoteInfo | None = None
    charges_summary: ChargesSummary | None = None


class ContractNoteMeta(_Model):
    generated_at: str | None = None
    pages: int | None = None
    detection: Detection | None = None


class ContractNote(_Model):
    contract_note_info: ContractNoteInfo | None = None
    broker_info: BrokerInfo | None = None
    client_info: ClientInfo | None = None
    equity_transactions: list[EquityTransaction] = Field(default_factory=list)
    derivatives_transactions: list[DerivativesTransaction] = Field(default_factory=list)
    detailed_trades: list[DetailedTrade] = Field(default_factory=list)
    charges_summary: ChargesSummary | None = None
    warnings: list[str] = Field(default_factory=list)
    meta: ContractNoteMeta | None = None
    notes: list[ContractNotePart] = Field(default_factory=list)
