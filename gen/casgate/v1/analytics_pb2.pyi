from casgate.v1 import options_pb2 as _options_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AnalyseRequest(_message.Message):
    __slots__ = ("pdf_file", "pdf_url", "password", "document_id")
    PDF_FILE_FIELD_NUMBER: _ClassVar[int]
    PDF_URL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    pdf_file: bytes
    pdf_url: str
    password: str
    document_id: str
    def __init__(self, pdf_file: _Optional[bytes] = ..., pdf_url: _Optional[str] = ..., password: _Optional[str] = ..., document_id: _Optional[str] = ...) -> None: ...

class AnalyseResponse(_message.Message):
    __slots__ = ("returns", "capital_gains", "allocation", "warnings")
    RETURNS_FIELD_NUMBER: _ClassVar[int]
    CAPITAL_GAINS_FIELD_NUMBER: _ClassVar[int]
    ALLOCATION_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    returns: Returns
    capital_gains: CapitalGains
    allocation: Allocation
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, returns: _Optional[_Union[Returns, _Mapping]] = ..., capital_gains: _Optional[_Union[CapitalGains, _Mapping]] = ..., allocation: _Optional[_Union[Allocation, _Mapping]] = ..., warnings: _Optional[_Iterable[str]] = ...) -> None: ...

class Returns(_message.Message):
    __slots__ = ("as_of", "portfolio", "folios", "schemes")
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    PORTFOLIO_FIELD_NUMBER: _ClassVar[int]
    FOLIOS_FIELD_NUMBER: _ClassVar[int]
    SCHEMES_FIELD_NUMBER: _ClassVar[int]
    as_of: str
    portfolio: PortfolioReturns
    folios: _containers.RepeatedCompositeFieldContainer[FolioReturns]
    schemes: _containers.RepeatedCompositeFieldContainer[SchemeReturns]
    def __init__(self, as_of: _Optional[str] = ..., portfolio: _Optional[_Union[PortfolioReturns, _Mapping]] = ..., folios: _Optional[_Iterable[_Union[FolioReturns, _Mapping]]] = ..., schemes: _Optional[_Iterable[_Union[SchemeReturns, _Mapping]]] = ...) -> None: ...

class PortfolioReturns(_message.Message):
    __slots__ = ("xirr", "invested", "current_value", "gain", "gain_percentage")
    XIRR_FIELD_NUMBER: _ClassVar[int]
    INVESTED_FIELD_NUMBER: _ClassVar[int]
    CURRENT_VALUE_FIELD_NUMBER: _ClassVar[int]
    GAIN_FIELD_NUMBER: _ClassVar[int]
    GAIN_PERCENTAGE_FIELD_NUMBER: _ClassVar[int]
    xirr: float
    invested: float
    current_value: float
    gain: float
    gain_percentage: float
    def __init__(self, xirr: _Optional[float] = ..., invested: _Optional[float] = ..., current_value: _Optional[float] = ..., gain: _Optional[float] = ..., gain_percentage: _Optional[float] = ...) -> None: ...

class FolioReturns(_message.Message):
    __slots__ = ("folio", "amc", "xirr", "invested", "current_value", "gain")
    FOLIO_FIELD_NUMBER: _ClassVar[int]
    AMC_FIELD_NUMBER: _ClassVar[int]
    XIRR_FIELD_NUMBER: _ClassVar[int]
    INVESTED_FIELD_NUMBER: _ClassVar[int]
    CURRENT_VALUE_FIELD_NUMBER: _ClassVar[int]
    GAIN_FIELD_NUMBER: _ClassVar[int]
    folio: str
    amc: str
    xirr: float
    invested: float
    current_value: float
    gain: float
    def __init__(self, folio: _Optional[str] = ..., amc: _Optional[str] = ..., xirr: _Optional[float] = ..., invested: _Optional[float] = ..., current_value: _Optional[float] = ..., gain: _Optional[float] = ...) -> None: ...

class SchemeReturns(_message.Message):
    __slots__ = ("folio", "amc", "isin", "name", "type", "xirr", "invested", "current_value", "gain", "units")
    FOLIO_FIELD_NUMBER: _ClassVar[int]
    AMC_FIELD_NUMBER: _ClassVar[int]
    ISIN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    XIRR_FIELD_NUMBER: _ClassVar[int]
    INVESTED_FIELD_NUMBER: _ClassVar[int]
    CURRENT_VALUE_FIELD_NUMBER: _ClassVar[int]
    GAIN_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    folio: str
    amc: str
    isin: str
    name: str
    type: str
    xirr: float
    invested: float
    current_value: float
    gain: float
    units: float
    def __init__(self, folio: _Optional[str] = ..., amc: _Optional[str] = ..., isin: _Optional[str] = ..., name: _Optional[str] = ..., type: _Optional[str] = ..., xirr: _Optional[float] = ..., invested: _Optional[float] = ..., current_value: _Optional[float] = ..., gain: _Optional[float] = ..., units: _Optional[float] = ...) -> None: ...

class CapitalGains(_message.Message):
    __slots__ = ("financial_years", "schemes", "transactions", "schedule_112a")
    FINANCIAL_YEARS_FIELD_NUMBER: _ClassVar[int]
    SCHEMES_FIELD_NUMBER: _ClassVar[int]
    TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_112A_FIELD_NUMBER: _ClassVar[int]
    financial_years: _containers.RepeatedCompositeFieldContainer[GainsYear]
    schemes: _containers.RepeatedCompositeFieldContainer[SchemeGains]
    transactions: _containers.RepeatedCompositeFieldContainer[GainTransaction]
    schedule_112a: _containers.RepeatedCompositeFieldContainer[Schedule112A]
    def __init__(self, financial_years: _Optional[_Iterable[_Union[GainsYear, _Mapping]]] = ..., schemes: _Optional[_Iterable[_Union[SchemeGains, _Mapping]]] = ..., transactions: _Optional[_Iterable[_Union[GainTransaction, _Mapping]]] = ..., schedule_112a: _Optional[_Iterable[_Union[Schedule112A, _Mapping]]] = ...) -> None: ...

class GainsYear(_message.Message):
    __slots__ = ("financial_year", "equity_short_term", "equity_long_term", "equity_long_term_taxable", "other_short_term", "other_long_term", "other_long_term_taxable", "sale_value", "cost")
    FINANCIAL_YEAR_FIELD_NUMBER: _ClassVar[int]
    EQUITY_SHORT_TERM_FIELD_NUMBER: _ClassVar[int]
    EQUITY_LONG_TERM_FIELD_NUMBER: _ClassVar[int]
    EQUITY_LONG_TERM_TAXABLE_FIELD_NUMBER: _ClassVar[int]
    OTHER_SHORT_TERM_FIELD_NUMBER: _ClassVar[int]
    OTHER_LONG_TERM_FIELD_NUMBER: _ClassVar[int]
    OTHER_LONG_TERM_TAXABLE_FIELD_NUMBER: _ClassVar[int]
    SALE_VALUE_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    financial_year: str
    equity_short_term: float
    equity_long_term: float
    equity_long_term_taxable: float
    other_short_term: float
    other_long_term: float
    other_long_term_taxable: float
    sale_value: float
    cost: float
    def __init__(self, financial_year: _Optional[str] = ..., equity_short_term: _Optional[float] = ..., equity_long_term: _Optional[float] = ..., equity_long_term_taxable: _Optional[float] = ..., other_short_term: _Optional[float] = ..., other_long_term: _Optional[float] = ..., other_long_term_taxable: _Optional[float] = ..., sale_value: _Optional[float] = ..., cost: _Optional[float] = ...) -> None: ...

class SchemeGains(_message.Message):
    __slots__ = ("financial_year", "folio", "isin", "name", "fund_class", "short_term", "long_term", "long_term_taxable", "sale_value", "cost")
    FINANCIAL_YEAR_FIELD_NUMBER: _ClassVar[int]
    FOLIO_FIELD_NUMBER: _ClassVar[int]
    ISIN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    FUND_CLASS_FIELD_NUMBER: _ClassVar[int]
    SHORT_TERM_FIELD_NUMBER: _ClassVar[int]
    LONG_TERM_FIELD_NUMBER: _ClassVar[int]
    LONG_TERM_TAXABLE_FIELD_NUMBER: _ClassVar[int]
    SALE_VALUE_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    financial_year: str
    folio: str
    isin: str
    name: str
    fund_class: str
    short_term: float
    long_term: float
    long_term_taxable: float
    sale_value: float
    cost: float
    def __init__(self, financial_year: _Optional[str] = ..., folio: _Optional[str] = ..., isin: _Optional[str] = ..., name: _Optional[str] = ..., fund_class: _Optional[str] = ..., short_term: _Optional[float] = ..., long_term: _Optional[float] = ..., long_term_taxable: _Optional[float] = ..., sale_value: _Optional[float] = ..., cost: _Optional[float] = ...) -> None: ...

class GainTransaction(_message.Message):
    __slots__ = ("financial_year", "folio", "isin", "name", "fund_class", "sale_type", "units", "purchase_date", "purchase_nav", "purchase_value", "stamp_duty", "sale_date", "sale_nav", "sale_value", "stt", "gain", "term", "taxable_gain", "grandfathered", "fmv_nav", "rate")
    FINANCIAL_YEAR_FIELD_NUMBER: _ClassVar[int]
    FOLIO_FIELD_NUMBER: _ClassVar[int]
    ISIN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    FUND_CLASS_FIELD_NUMBER: _ClassVar[int]
    SALE_TYPE_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    PURCHASE_DATE_FIELD_NUMBER: _ClassVar[int]
    PURCHASE_NAV_FIELD_NUMBER: _ClassVar[int]
    PURCHASE_VALUE_FIELD_NUMBER: _ClassVar[int]
    STAMP_DUTY_FIELD_NUMBER: _ClassVar[int]
    SALE_DATE_FIELD_NUMBER: _ClassVar[int]
    SALE_NAV_FIELD_NUMBER: _ClassVar[int]
    SALE_VALUE_FIELD_NUMBER: _ClassVar[int]
    STT_FIELD_NUMBER: _ClassVar[int]
    GAIN_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    TAXABLE_GAIN_FIELD_NUMBER: _ClassVar[int]
    GRANDFATHERED_FIELD_NUMBER: _ClassVar[int]
    FMV_NAV_FIELD_NUMBER: _ClassVar[int]
    RATE_FIELD_NUMBER: _ClassVar[int]
    financial_year: str
    folio: str
    isin: str
    name: str
    fund_class: str
    sale_type: str
    units: float
    purchase_date: str
    purchase_nav: float
    purchase_value: float
    stamp_duty: float
    sale_date: str
    sale_nav: float
    sale_value: float
    stt: float
    gain: float
    term: str
    taxable_gain: float
    grandfathered: bool
    fmv_nav: float
    rate: str
    def __init__(self, financial_year: _Optional[str] = ..., folio: _Optional[str] = ..., isin: _Optional[str] = ..., name: _Optional[str] = ..., fund_class: _Optional[str] = ..., sale_type: _Optional[str] = ..., units: _Optional[float] = ..., purchase_date: _Optional[str] = ..., purchase_nav: _Optional[float] = ..., purchase_value: _Optional[float] = ..., stamp_duty: _Optional[float] = ..., sale_date: _Optional[str] = ..., sale_nav: _Optional[float] = ..., sale_value: _Optional[float] = ..., stt: _Optional[float] = ..., gain: _Optional[float] = ..., term: _Optional[str] = ..., taxable_gain: _Optional[float] = ..., grandfathered: _Optional[bool] = ..., fmv_nav: _Optional[float] = ..., rate: _Optional[str] = ...) -> None: ...

class Schedule112A(_message.Message):
    __slots__ = ("financial_year", "csv")
    FINANCIAL_YEAR_FIELD_NUMBER: _ClassVar[int]
    CSV_FIELD_NUMBER: _ClassVar[int]
    financial_year: str
    csv: str
    def __init__(self, financial_year: _Optional[str] = ..., csv: _Optional[str] = ...) -> None: ...

class Allocation(_message.Message):
    __slots__ = ("total", "by_amc", "by_fund_type", "by_asset_class", "by_account")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BY_AMC_FIELD_NUMBER: _ClassVar[int]
    BY_FUND_TYPE_FIELD_NUMBER: _ClassVar[int]
    BY_ASSET_CLASS_FIELD_NUMBER: _ClassVar[int]
    BY_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    total: float
    by_amc: _containers.RepeatedCompositeFieldContainer[AllocationSlice]
    by_fund_type: _containers.RepeatedCompositeFieldContainer[AllocationSlice]
    by_asset_class: _containers.RepeatedCompositeFieldContainer[AllocationSlice]
    by_account: _containers.RepeatedCompositeFieldContainer[AllocationSlice]
    def __init__(self, total: _Optional[float] = ..., by_amc: _Optional[_Iterable[_Union[AllocationSlice, _Mapping]]] = ..., by_fund_type: _Optional[_Iterable[_Union[AllocationSlice, _Mapping]]] = ..., by_asset_class: _Optional[_Iterable[_Union[AllocationSlice, _Mapping]]] = ..., by_account: _Optional[_Iterable[_Union[AllocationSlice, _Mapping]]] = ...) -> None: ...

class AllocationSlice(_message.Message):
    __slots__ = ("name", "value", "percentage")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    PERCENTAGE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: float
    percentage: float
    def __init__(self, name: _Optional[str] = ..., value: _Optional[float] = ..., percentage: _Optional[float] = ...) -> None: ...
