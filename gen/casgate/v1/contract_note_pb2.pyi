from casgate.v1 import statement_pb2 as _statement_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ContractNote(_message.Message):
    __slots__ = ("contract_note_info", "broker_info", "client_info", "equity_transactions", "derivatives_transactions", "detailed_trades", "charges_summary", "warnings", "meta", "notes")
    CONTRACT_NOTE_INFO_FIELD_NUMBER: _ClassVar[int]
    BROKER_INFO_FIELD_NUMBER: _ClassVar[int]
    CLIENT_INFO_FIELD_NUMBER: _ClassVar[int]
    EQUITY_TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    DERIVATIVES_TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    DETAILED_TRADES_FIELD_NUMBER: _ClassVar[int]
    CHARGES_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    contract_note_info: ContractNoteInfo
    broker_info: BrokerInfo
    client_info: ClientInfo
    equity_transactions: _containers.RepeatedCompositeFieldContainer[EquityTransaction]
    derivatives_transactions: _containers.RepeatedCompositeFieldContainer[DerivativesTransaction]
    detailed_trades: _containers.RepeatedCompositeFieldContainer[DetailedTrade]
    charges_summary: ChargesSummary
    warnings: _containers.RepeatedScalarFieldContainer[str]
    meta: ContractNoteMeta
    notes: _containers.RepeatedCompositeFieldContainer[ContractNotePart]
    def __init__(self, contract_note_info: _Optional[_Union[ContractNoteInfo, _Mapping]] = ..., broker_info: _Optional[_Union[BrokerInfo, _Mapping]] = ..., client_info: _Optional[_Union[ClientInfo, _Mapping]] = ..., equity_transactions: _Optional[_Iterable[_Union[EquityTransaction, _Mapping]]] = ..., derivatives_transactions: _Optional[_Iterable[_Union[DerivativesTransaction, _Mapping]]] = ..., detailed_trades: _Optional[_Iterable[_Union[DetailedTrade, _Mapping]]] = ..., charges_summary: _Optional[_Union[ChargesSummary, _Mapping]] = ..., warnings: _Optional[_Iterable[str]] = ..., meta: _Optional[_Union[ContractNoteMeta, _Mapping]] = ..., notes: _Optional[_Iterable[_Union[ContractNotePart, _Mapping]]] = ...) -> None: ...

class ContractNotePart(_message.Message):
    __slots__ = ("contract_note_info", "charges_summary")
    CONTRACT_NOTE_INFO_FIELD_NUMBER: _ClassVar[int]
    CHARGES_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    contract_note_info: ContractNoteInfo
    charges_summary: ChargesSummary
    def __init__(self, contract_note_info: _Optional[_Union[ContractNoteInfo, _Mapping]] = ..., charges_summary: _Optional[_Union[ChargesSummary, _Mapping]] = ...) -> None: ...

class ContractNoteMeta(_message.Message):
    __slots__ = ("generated_at", "pages", "detection")
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    generated_at: str
    pages: int
    detection: _statement_pb2.Detection
    def __init__(self, generated_at: _Optional[str] = ..., pages: _Optional[int] = ..., detection: _Optional[_Union[_statement_pb2.Detection, _Mapping]] = ...) -> None: ...

class ContractNoteInfo(_message.Message):
    __slots__ = ("contract_note_number", "trade_date", "settlement_number", "settlement_date")
    CONTRACT_NOTE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TRADE_DATE_FIELD_NUMBER: _ClassVar[int]
    SETTLEMENT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SETTLEMENT_DATE_FIELD_NUMBER: _ClassVar[int]
    contract_note_number: str
    trade_date: str
    settlement_number: str
    settlement_date: str
    def __init__(self, contract_note_number: _Optional[str] = ..., trade_date: _Optional[str] = ..., settlement_number: _Optional[str] = ..., settlement_date: _Optional[str] = ...) -> None: ...

class BrokerInfo(_message.Message):
    __slots__ = ("broker_type", "name", "sebi_registration")
    BROKER_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SEBI_REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    broker_type: str
    name: str
    sebi_registration: str
    def __init__(self, broker_type: _Optional[str] = ..., name: _Optional[str] = ..., sebi_registration: _Optional[str] = ...) -> None: ...

class ClientInfo(_message.Message):
    __slots__ = ("name", "pan", "ucc", "address", "gst_state_code", "place_of_supply")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAN_FIELD_NUMBER: _ClassVar[int]
    UCC_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    GST_STATE_CODE_FIELD_NUMBER: _ClassVar[int]
    PLACE_OF_SUPPLY_FIELD_NUMBER: _ClassVar[int]
    name: str
    pan: str
    ucc: str
    address: str
    gst_state_code: str
    place_of_supply: str
    def __init__(self, name: _Optional[str] = ..., pan: _Optional[str] = ..., ucc: _Optional[str] = ..., address: _Optional[str] = ..., gst_state_code: _Optional[str] = ..., place_of_supply: _Optional[str] = ...) -> None: ...

class EquityTransaction(_message.Message):
    __slots__ = ("isin", "security_name", "security_symbol", "buy_quantity", "buy_wap", "buy_total_value", "sell_quantity", "sell_wap", "sell_total_value", "net_obligation")
    ISIN_FIELD_NUMBER: _ClassVar[int]
    SECURITY_NAME_FIELD_NUMBER: _ClassVar[int]
    SECURITY_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    BUY_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    BUY_WAP_FIELD_NUMBER: _ClassVar[int]
    BUY_TOTAL_VALUE_FIELD_NUMBER: _ClassVar[int]
    SELL_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    SELL_WAP_FIELD_NUMBER: _ClassVar[int]
    SELL_TOTAL_VALUE_FIELD_NUMBER: _ClassVar[int]
    NET_OBLIGATION_FIELD_NUMBER: _ClassVar[int]
    isin: str
    security_name: str
    security_symbol: str
    buy_quantity: float
    buy_wap: float
    buy_total_value: float
    sell_quantity: float
    sell_wap: float
    sell_total_value: float
    net_obligation: float
    def __init__(self, isin: _Optional[str] = ..., security_name: _Optional[str] = ..., security_symbol: _Optional[str] = ..., buy_quantity: _Optional[float] = ..., buy_wap: _Optional[float] = ..., buy_total_value: _Optional[float] = ..., sell_quantity: _Optional[float] = ..., sell_wap: _Optional[float] = ..., sell_total_value: _Optional[float] = ..., net_obligation: _Optional[float] = ...) -> None: ...

class DerivativesTransaction(_message.Message):
    __slots__ = ("contract_description", "buy_sell_bf_cf", "quantity", "wap_per_unit", "brokerage_per_unit", "closing_rate_per_unit", "net_total")
    CONTRACT_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    BUY_SELL_BF_CF_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    WAP_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    BROKERAGE_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    CLOSING_RATE_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    NET_TOTAL_FIELD_NUMBER: _ClassVar[int]
    contract_description: str
    buy_sell_bf_cf: str
    quantity: float
    wap_per_unit: float
    brokerage_per_unit: float
    closing_rate_per_unit: float
    net_total: float
    def __init__(self, contract_description: _Optional[str] = ..., buy_sell_bf_cf: _Optional[str] = ..., quantity: _Optional[float] = ..., wap_per_unit: _Optional[float] = ..., brokerage_per_unit: _Optional[float] = ..., closing_rate_per_unit: _Optional[float] = ..., net_total: _Optional[float] = ...) -> None: ...

class DetailedTrade(_message.Message):
    __slots__ = ("order_number", "order_time", "trade_number", "trade_time", "security_description", "buy_sell", "exchange", "quantity", "brokerage", "net_rate_per_unit", "closing_rate_per_unit", "net_total", "remarks", "isin", "segment", "trade_price", "trade_date")
    ORDER_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ORDER_TIME_FIELD_NUMBER: _ClassVar[int]
    TRADE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TRADE_TIME_FIELD_NUMBER: _ClassVar[int]
    SECURITY_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    BUY_SELL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    BROKERAGE_FIELD_NUMBER: _ClassVar[int]
    NET_RATE_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    CLOSING_RATE_PER_UNIT_FIELD_NUMBER: _ClassVar[int]
    NET_TOTAL_FIELD_NUMBER: _ClassVar[int]
    REMARKS_FIELD_NUMBER: _ClassVar[int]
    ISIN_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    TRADE_PRICE_FIELD_NUMBER: _ClassVar[int]
    TRADE_DATE_FIELD_NUMBER: _ClassVar[int]
    order_number: str
    order_time: str
    trade_number: str
    trade_time: str
    security_description: str
    buy_sell: str
    exchange: str
    quantity: float
    brokerage: float
    net_rate_per_unit: float
    closing_rate_per_unit: float
    net_total: float
    remarks: str
    isin: str
    segment: str
    trade_price: float
    trade_date: str
    def __init__(self, order_number: _Optional[str] = ..., order_time: _Optional[str] = ..., trade_number: _Optional[str] = ..., trade_time: _Optional[str] = ..., security_description: _Optional[str] = ..., buy_sell: _Optional[str] = ..., exchange: _Optional[str] = ..., quantity: _Optional[float] = ..., brokerage: _Optional[float] = ..., net_rate_per_unit: _Optional[float] = ..., closing_rate_per_unit: _Optional[float] = ..., net_total: _Optional[float] = ..., remarks: _Optional[str] = ..., isin: _Optional[str] = ..., segment: _Optional[str] = ..., trade_price: _Optional[float] = ..., trade_date: _Optional[str] = ...) -> None: ...

class ChargesSummary(_message.Message):
    __slots__ = ("pay_in_pay_out_obligation", "taxable_value_brokerage", "exchange_transaction_charges", "cgst", "sgst", "igst", "securities_transaction_tax", "sebi_turnover_fees", "stamp_duty", "net_amount_receivable_payable", "clearing_charges", "investor_protection_fund", "commodity_transaction_tax")
    PAY_IN_PAY_OUT_OBLIGATION_FIELD_NUMBER: _ClassVar[int]
    TAXABLE_VALUE_BROKERAGE_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_TRANSACTION_CHARGES_FIELD_NUMBER: _ClassVar[int]
    CGST_FIELD_NUMBER: _ClassVar[int]
    SGST_FIELD_NUMBER: _ClassVar[int]
    IGST_FIELD_NUMBER: _ClassVar[int]
    SECURITIES_TRANSACTION_TAX_FIELD_NUMBER: _ClassVar[int]
    SEBI_TURNOVER_FEES_FIELD_NUMBER: _ClassVar[int]
    STAMP_DUTY_FIELD_NUMBER: _ClassVar[int]
    NET_AMOUNT_RECEIVABLE_PAYABLE_FIELD_NUMBER: _ClassVar[int]
    CLEARING_CHARGES_FIELD_NUMBER: _ClassVar[int]
    INVESTOR_PROTECTION_FUND_FIELD_NUMBER: _ClassVar[int]
    COMMODITY_TRANSACTION_TAX_FIELD_NUMBER: _ClassVar[int]
    pay_in_pay_out_obligation: float
    taxable_value_brokerage: float
    exchange_transaction_charges: float
    cgst: float
    sgst: float
    igst: float
    securities_transaction_tax: float
    sebi_turnover_fees: float
    stamp_duty: float
    net_amount_receivable_payable: float
    clearing_charges: float
    investor_protection_fund: float
    commodity_transaction_tax: float
    def __init__(self, pay_in_pay_out_obligation: _Optional[float] = ..., taxable_value_brokerage: _Optional[float] = ..., exchange_transaction_charges: _Optional[float] = ..., cgst: _Optional[float] = ..., sgst: _Optional[float] = ..., igst: _Optional[float] = ..., securities_transaction_tax: _Optional[float] = ..., sebi_turnover_fees: _Optional[float] = ..., stamp_duty: _Optional[float] = ..., net_amount_receivable_payable: _Optional[float] = ..., clearing_charges: _Optional[float] = ..., investor_protection_fund: _Optional[float] = ..., commodity_transaction_tax: _Optional[float] = ...) -> None: ...
