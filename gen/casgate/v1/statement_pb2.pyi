import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UnifiedResponse(_message.Message):
    __slots__ = ("meta", "investor", "summary", "demat_accounts", "mutual_funds", "insurance", "nps", "warnings")
    META_FIELD_NUMBER: _ClassVar[int]
    INVESTOR_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    DEMAT_ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    MUTUAL_FUNDS_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_FIELD_NUMBER: _ClassVar[int]
    NPS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    meta: Meta
    investor: Investor
    summary: Summary
    demat_accounts: _containers.RepeatedCompositeFieldContainer[DematAccount]
    mutual_funds: _containers.RepeatedCompositeFieldContainer[MutualFund]
    insurance: Insurance
    nps: _containers.RepeatedCompositeFieldContainer[Nps]
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, meta: _Optional[_Union[Meta, _Mapping]] = ..., investor: _Optional[_Union[Investor, _Mapping]] = ..., summary: _Optional[_Union[Summary, _Mapping]] = ..., demat_accounts: _Optional[_Iterable[_Union[DematAccount, _Mapping]]] = ..., mutual_funds: _Optional[_Iterable[_Union[MutualFund, _Mapping]]] = ..., insurance: _Optional[_Union[Insurance, _Mapping]] = ..., nps: _Optional[_Iterable[_Union[Nps, _Mapping]]] = ..., warnings: _Optional[_Iterable[str]] = ...) -> None: ...

class Meta(_message.Message):
    __slots__ = ("cas_type", "generated_at", "statement_period", "detection", "pages", "complete", "incomplete_sections", "ocr")
    CAS_TYPE_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_PERIOD_FIELD_NUMBER: _ClassVar[int]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    INCOMPLETE_SECTIONS_FIELD_NUMBER: _ClassVar[int]
    OCR_FIELD_NUMBER: _ClassVar[int]
    cas_type: str
    generated_at: _timestamp_pb2.Timestamp
    statement_period: StatementPeriod
    detection: Detection
    pages: int
    complete: bool
    incomplete_sections: _containers.RepeatedScalarFieldContainer[str]
    ocr: OcrInfo
    def __init__(self, cas_type: _Optional[str] = ..., generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., statement_period: _Optional[_Union[StatementPeriod, _Mapping]] = ..., detection: _Optional[_Union[Detection, _Mapping]] = ..., pages: _Optional[int] = ..., complete: _Optional[bool] = ..., incomplete_sections: _Optional[_Iterable[str]] = ..., ocr: _Optional[_Union[OcrInfo, _Mapping]] = ...) -> None: ...

class OcrInfo(_message.Message):
    __slots__ = ("pages", "mean_confidence")
    PAGES_FIELD_NUMBER: _ClassVar[int]
    MEAN_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    pages: _containers.RepeatedCompositeFieldContainer[OcrPageInfo]
    mean_confidence: float
    def __init__(self, pages: _Optional[_Iterable[_Union[OcrPageInfo, _Mapping]]] = ..., mean_confidence: _Optional[float] = ...) -> None: ...

class OcrPageInfo(_message.Message):
    __slots__ = ("page", "engine", "confidence", "rotation", "skew", "fallback")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    ROTATION_FIELD_NUMBER: _ClassVar[int]
    SKEW_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_FIELD_NUMBER: _ClassVar[int]
    page: int
    engine: str
    confidence: float
    rotation: int
    skew: float
    fallback: str
    def __init__(self, page: _Optional[int] = ..., engine: _Optional[str] = ..., confidence: _Optional[float] = ..., rotation: _Optional[int] = ..., skew: _Optional[float] = ..., fallback: _Optional[str] = ...) -> None: ...

class Detection(_message.Message):
    __slots__ = ("kind", "issuer", "variant", "confidence", "watermark", "reprinted")
    KIND_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    WATERMARK_FIELD_NUMBER: _ClassVar[int]
    REPRINTED_FIELD_NUMBER: _ClassVar[int]
    kind: str
    issuer: str
    variant: str
    confidence: float
    watermark: bool
    reprinted: bool
    def __init__(self, kind: _Optional[str] = ..., issuer: _Optional[str] = ..., variant: _Optional[str] = ..., confidence: _Optional[float] = ..., watermark: _Optional[bool] = ..., reprinted: _Optional[bool] = ...) -> None: ...

class StatementPeriod(_message.Message):
    __slots__ = ("to",)
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    to: str
    def __init__(self, to: _Optional[str] = ..., **kwargs) -> None: ...

class Investor(_message.Message):
    __slots__ = ("name", "pan", "email", "mobile", "address", "pincode", "cas_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAN_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    MOBILE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PINCODE_FIELD_NUMBER: _ClassVar[int]
    CAS_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    pan: str
    email: str
    mobile: str
    address: str
    pincode: str
    cas_id: str
    def __init__(self, name: _Optional[str] = ..., pan: _Optional[str] = ..., email: _Optional[str] = ..., mobile: _Optional[str] = ..., address: _Optional[str] = ..., pincode: _Optional[str] = ..., cas_id: _Optional[str] = ...) -> None: ...

class Summary(_message.Message):
    __slots__ = ("total_value", "accounts")
    TOTAL_VALUE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    total_value: float
    accounts: SummaryAccounts
    def __init__(self, total_value: _Optional[float] = ..., accounts: _Optional[_Union[SummaryAccounts, _Mapping]] = ...) -> None: ...

class SummaryAccounts(_message.Message):
    __slots__ = ("demat", "mutual_funds", "insurance", "nps")
    DEMAT_FIELD_NUMBER: _ClassVar[int]
    MUTUAL_FUNDS_FIELD_NUMBER: _ClassVar[int]
    INSURANCE_FIELD_NUMBER: _ClassVar[int]
    NPS_FIELD_NUMBER: _ClassVar[int]
    demat: AccountTotal
    mutual_funds: AccountTotal
    insurance: AccountTotal
    nps: AccountTotal
    def __init__(self, demat: _Optional[_Union[AccountTotal, _Mapping]] = ..., mutual_funds: _Optional[_Union[AccountTotal, _Mapping]] = ..., insurance: _Optional[_Union[AccountTotal, _Mapping]] = ..., nps: _Optional[_Union[AccountTotal, _Mapping]] = ...) -> None: ...

class AccountTotal(_message.Message):
    __slots__ = ("count", "total_value")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_VALUE_FIELD_NUMBER: _ClassVar[int]
    count: int
    total_value: float
    def __init__(self, count: _Optional[int] = ..., total_value: _Optional[float] = ...) -> None: ...

class LinkedHolder(_message.Message):
    __slots__ = ("name", "pan")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAN_FIELD_NUMBER: _ClassVar[int]
    name: str
    pan: str
    def __init__(self, name: _Optional[str] = ..., pan: _Optional[str] = ...) -> None: ...

class DematAccount(_message.Message):
    __slots__ = ("demat_type", "dp_id", "dp_name", "client_id", "bo_id", "value", "linked_holders", "additional_info", "holdings")
    DEMAT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DP_ID_FIELD_NUMBER: _ClassVar[int]
    DP_NAME_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    BO_ID_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    LINKED_HOLDERS_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    HOLDINGS_FIELD_NUMBER: _ClassVar[int]
    demat_type: str
    dp_id: str
    dp_name: str
    client_id: str
    bo_id: str
    value: float
    linked_holders: _containers.RepeatedCompositeFieldContainer[LinkedHolder]
    additional_info: DematAccountInfo
    holdings: DematHoldings
    def __init__(self, demat_type: _Optional[str] = ..., dp_id: _Optional[str] = ..., dp_name: _Optional[str] = ..., client_id: _Optional[str] = ..., bo_id: _Optional[str] = ..., value: _Optional[float] = ..., linked_holders: _Optional[_Iterable[_Union[LinkedHolder, _Mapping]]] = ..., additional_info: _Optional[_Union[DematAccountInfo, _Mapping]] = ..., holdings: _Optional[_Union[DematHoldings, _Mapping]] = ...) -> None: ...

class DematAccountInfo(_message.Message):
    __slots__ = ("bo_status", "bo_sub_status", "bo_type", "bsda", "email", "linked_pans", "nominee", "status")
    BO_STATUS_FIELD_NUMBER: _ClassVar[int]
    BO_SUB_STATUS_FIELD_NUMBER: _ClassVar[int]
    BO_TYPE_FIELD_NUMBER: _ClassVar[int]
    BSDA_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    LINKED_PANS_FIELD_NUMBER: _ClassVar[int]
    NOMINEE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    bo_status: str
    bo_sub_status: str
    bo_type: str
    bsda: str
    email: str
    linked_pans: _containers.RepeatedScalarFieldContainer[str]
    nominee: str
    status: str
    def __init__(self, bo_status: _Optional[str] = ..., bo_sub_status: _Optional[str] = ..., bo_type: _Optional[str] = ..., bsda: _Optional[str] = ..., email: _Optional[str] = ..., linked_pans: _Optional[_Iterable[str]] = ..., nominee: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class DematHoldings(_message.Message):
    __slots__ = ("equities", "demat_mutual_funds", "corporate_bonds", "government_securities", "aifs")
    EQUITIES_FIELD_NUMBER: _ClassVar[int]
    DEMAT_MUTUAL_FUNDS_FIELD_NUMBER: _ClassVar[int]
    CORPORATE_BONDS_FIELD_NUMBER: _ClassVar[int]
    GOVERNMENT_SECURITIES_FIELD_NUMBER: _ClassVar[int]
    AIFS_FIELD_NUMBER: _ClassVar[int]
    equities: _containers.RepeatedCompositeFieldContainer[Holding]
    demat_mutual_funds: _containers.RepeatedCompositeFieldContainer[Holding]
    corporate_bonds: _containers.RepeatedCompositeFieldContainer[Holding]
    government_securities: _containers.RepeatedCompositeFieldContainer[Holding]
    aifs: _containers.RepeatedCompositeFieldContainer[Holding]
    def __init__(self, equities: _Optional[_Iterable[_Union[Holding, _Mapping]]] = ..., demat_mutual_funds: _Optional[_Iterable[_Union[Holding, _Mapping]]] = ..., corporate_bonds: _Optional[_Iterable[_Union[Holding, _Mapping]]] = ..., government_securities: _Optional[_Iterable[_Union[Holding, _Mapping]]] = ..., aifs: _Optional[_Iterable[_Union[Holding, _Mapping]]] = ...) -> None: ...

class Holding(_message.Message):
    __slots__ = ("isin", "name", "units", "value", "additional_info", "transactions")
    ISIN_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    isin: str
    name: str
    units: float
    value: float
    additional_info: HoldingInfo
    transactions: _containers.RepeatedCompositeFieldContainer[Transaction]
    def __init__(self, isin: _Optional[str] = ..., name: _Optional[str] = ..., units: _Optional[float] = ..., value: _Optional[float] = ..., additional_info: _Optional[_Union[HoldingInfo, _Mapping]] = ..., transactions: _Optional[_Iterable[_Union[Transaction, _Mapping]]] = ...) -> None: ...

class HoldingInfo(_message.Message):
    __slots__ = ("open_units", "close_units", "pledged_units", "locked_units", "frozen_units", "free_units", "price", "symbol", "face_value", "coupon_rate", "coupon_frequency", "maturity_date", "listing_status")
    OPEN_UNITS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_UNITS_FIELD_NUMBER: _ClassVar[int]
    PLEDGED_UNITS_FIELD_NUMBER: _ClassVar[int]
    LOCKED_UNITS_FIELD_NUMBER: _ClassVar[int]
    FROZEN_UNITS_FIELD_NUMBER: _ClassVar[int]
    FREE_UNITS_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    FACE_VALUE_FIELD_NUMBER: _ClassVar[int]
    COUPON_RATE_FIELD_NUMBER: _ClassVar[int]
    COUPON_FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    MATURITY_DATE_FIELD_NUMBER: _ClassVar[int]
    LISTING_STATUS_FIELD_NUMBER: _ClassVar[int]
    open_units: float
    close_units: float
    pledged_units: float
    locked_units: float
    frozen_units: float
    free_units: float
    price: float
    symbol: str
    face_value: float
    coupon_rate: float
    coupon_frequency: str
    maturity_date: str
    listing_status: str
    def __init__(self, open_units: _Optional[float] = ..., close_units: _Optional[float] = ..., pledged_units: _Optional[float] = ..., locked_units: _Optional[float] = ..., frozen_units: _Optional[float] = ..., free_units: _Optional[float] = ..., price: _Optional[float] = ..., symbol: _Optional[str] = ..., face_value: _Optional[float] = ..., coupon_rate: _Optional[float] = ..., coupon_frequency: _Optional[str] = ..., maturity_date: _Optional[str] = ..., listing_status: _Optional[str] = ...) -> None: ...

class MutualFund(_message.Message):
    __slots__ = ("amc", "folio_number", "registrar", "value", "linked_holders", "additional_info", "schemes")
    AMC_FIELD_NUMBER: _ClassVar[int]
    FOLIO_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REGISTRAR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    LINKED_HOLDERS_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    SCHEMES_FIELD_NUMBER: _ClassVar[int]
    amc: str
    folio_number: str
    registrar: str
    value: float
    linked_holders: _containers.RepeatedCompositeFieldContainer[LinkedHolder]
    additional_info: FolioInfo
    schemes: _containers.RepeatedCompositeFieldContainer[Scheme]
    def __init__(self, amc: _Optional[str] = ..., folio_number: _Optional[str] = ..., registrar: _Optional[str] = ..., value: _Optional[float] = ..., linked_holders: _Optional[_Iterable[_Union[LinkedHolder, _Mapping]]] = ..., additional_info: _Optional[_Union[FolioInfo, _Mapping]] = ..., schemes: _Optional[_Iterable[_Union[Scheme, _Mapping]]] = ...) -> None: ...

class FolioInfo(_message.Message):
    __slots__ = ("kyc", "pan", "pankyc", "ucc", "mode_of_holding")
    KYC_FIELD_NUMBER: _ClassVar[int]
    PAN_FIELD_NUMBER: _ClassVar[int]
    PANKYC_FIELD_NUMBER: _ClassVar[int]
    UCC_FIELD_NUMBER: _ClassVar[int]
    MODE_OF_HOLDING_FIELD_NUMBER: _ClassVar[int]
    kyc: str
    pan: str
    pankyc: str
    ucc: str
    mode_of_holding: str
    def __init__(self, kyc: _Optional[str] = ..., pan: _Optional[str] = ..., pankyc: _Optional[str] = ..., ucc: _Optional[str] = ..., mode_of_holding: _Optional[str] = ...) -> None: ...

class Scheme(_message.Message):
    __slots__ = ("name", "isin", "type", "units", "nav", "value", "cost", "gain", "nominees", "additional_info", "transactions")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ISIN_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    NAV_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    GAIN_FIELD_NUMBER: _ClassVar[int]
    NOMINEES_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    TRANSACTIONS_FIELD_NUMBER: _ClassVar[int]
    name: str
    isin: str
    type: str
    units: float
    nav: float
    value: float
    cost: float
    gain: Gain
    nominees: _containers.RepeatedScalarFieldContainer[str]
    additional_info: SchemeInfo
    transactions: _containers.RepeatedCompositeFieldContainer[Transaction]
    def __init__(self, name: _Optional[str] = ..., isin: _Optional[str] = ..., type: _Optional[str] = ..., units: _Optional[float] = ..., nav: _Optional[float] = ..., value: _Optional[float] = ..., cost: _Optional[float] = ..., gain: _Optional[_Union[Gain, _Mapping]] = ..., nominees: _Optional[_Iterable[str]] = ..., additional_info: _Optional[_Union[SchemeInfo, _Mapping]] = ..., transactions: _Optional[_Iterable[_Union[Transaction, _Mapping]]] = ...) -> None: ...

class Gain(_message.Message):
    __slots__ = ("absolute", "percentage")
    ABSOLUTE_FIELD_NUMBER: _ClassVar[int]
    PERCENTAGE_FIELD_NUMBER: _ClassVar[int]
    absolute: float
    percentage: float
    def __init__(self, absolute: _Optional[float] = ..., percentage: _Optional[float] = ...) -> None: ...

class SchemeInfo(_message.Message):
    __slots__ = ("advisor", "amfi", "rta_code", "open_units", "close_units", "nav_date")
    ADVISOR_FIELD_NUMBER: _ClassVar[int]
    AMFI_FIELD_NUMBER: _ClassVar[int]
    RTA_CODE_FIELD_NUMBER: _ClassVar[int]
    OPEN_UNITS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_UNITS_FIELD_NUMBER: _ClassVar[int]
    NAV_DATE_FIELD_NUMBER: _ClassVar[int]
    advisor: str
    amfi: str
    rta_code: str
    open_units: float
    close_units: float
    nav_date: str
    def __init__(self, advisor: _Optional[str] = ..., amfi: _Optional[str] = ..., rta_code: _Optional[str] = ..., open_units: _Optional[float] = ..., close_units: _Optional[float] = ..., nav_date: _Optional[str] = ...) -> None: ...

class Transaction(_message.Message):
    __slots__ = ("date", "description", "type", "amount", "units", "nav", "balance", "dividend_rate", "additional_info")
    DATE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    NAV_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    DIVIDEND_RATE_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    date: str
    description: str
    type: str
    amount: float
    units: float
    nav: float
    balance: float
    dividend_rate: float
    additional_info: TransactionInfo
    def __init__(self, date: _Optional[str] = ..., description: _Optional[str] = ..., type: _Optional[str] = ..., amount: _Optional[float] = ..., units: _Optional[float] = ..., nav: _Optional[float] = ..., balance: _Optional[float] = ..., dividend_rate: _Optional[float] = ..., additional_info: _Optional[_Union[TransactionInfo, _Mapping]] = ...) -> None: ...

class TransactionInfo(_message.Message):
    __slots__ = ("capital_withdrawal", "credit", "debit", "income_distribution", "order_no", "price", "stamp_duty")
    CAPITAL_WITHDRAWAL_FIELD_NUMBER: _ClassVar[int]
    CREDIT_FIELD_NUMBER: _ClassVar[int]
    DEBIT_FIELD_NUMBER: _ClassVar[int]
    INCOME_DISTRIBUTION_FIELD_NUMBER: _ClassVar[int]
    ORDER_NO_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    STAMP_DUTY_FIELD_NUMBER: _ClassVar[int]
    capital_withdrawal: float
    credit: float
    debit: float
    income_distribution: float
    order_no: str
    price: float
    stamp_duty: float
    def __init__(self, capital_withdrawal: _Optional[float] = ..., credit: _Optional[float] = ..., debit: _Optional[float] = ..., income_distribution: _Optional[float] = ..., order_no: _Optional[str] = ..., price: _Optional[float] = ..., stamp_duty: _Optional[float] = ...) -> None: ...

class Insurance(_message.Message):
    __slots__ = ("life_insurance_policies",)
    LIFE_INSURANCE_POLICIES_FIELD_NUMBER: _ClassVar[int]
    life_insurance_policies: _containers.RepeatedCompositeFieldContainer[LifeInsurancePolicy]
    def __init__(self, life_insurance_policies: _Optional[_Iterable[_Union[LifeInsurancePolicy, _Mapping]]] = ...) -> None: ...

class LifeInsurancePolicy(_message.Message):
    __slots__ = ("policy_number", "policy_name", "provider", "life_assured", "sum_assured", "premium_amount", "premium_frequency", "status", "additional_info")
    POLICY_NUMBER_FIELD_NUMBER: _ClassVar[int]
    POLICY_NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    LIFE_ASSURED_FIELD_NUMBER: _ClassVar[int]
    SUM_ASSURED_FIELD_NUMBER: _ClassVar[int]
    PREMIUM_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PREMIUM_FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    policy_number: str
    policy_name: str
    provider: str
    life_assured: str
    sum_assured: float
    premium_amount: float
    premium_frequency: str
    status: str
    additional_info: _struct_pb2.Struct
    def __init__(self, policy_number: _Optional[str] = ..., policy_name: _Optional[str] = ..., provider: _Optional[str] = ..., life_assured: _Optional[str] = ..., sum_assured: _Optional[float] = ..., premium_amount: _Optional[float] = ..., premium_frequency: _Optional[str] = ..., status: _Optional[str] = ..., additional_info: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class Nps(_message.Message):
    __slots__ = ("pran", "cra", "value", "linked_holders", "funds", "additional_info")
    PRAN_FIELD_NUMBER: _ClassVar[int]
    CRA_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    LINKED_HOLDERS_FIELD_NUMBER: _ClassVar[int]
    FUNDS_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    pran: str
    cra: str
    value: float
    linked_holders: _containers.RepeatedCompositeFieldContainer[LinkedHolder]
    funds: _containers.RepeatedCompositeFieldContainer[NpsFund]
    additional_info: _struct_pb2.Struct
    def __init__(self, pran: _Optional[str] = ..., cra: _Optional[str] = ..., value: _Optional[float] = ..., linked_holders: _Optional[_Iterable[_Union[LinkedHolder, _Mapping]]] = ..., funds: _Optional[_Iterable[_Union[NpsFund, _Mapping]]] = ..., additional_info: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class NpsFund(_message.Message):
    __slots__ = ("name", "units", "nav", "value", "cost", "additional_info")
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    NAV_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_INFO_FIELD_NUMBER: _ClassVar[int]
    name: str
    units: float
    nav: float
    value: float
    cost: float
    additional_info: NpsFundInfo
    def __init__(self, name: _Optional[str] = ..., units: _Optional[float] = ..., nav: _Optional[float] = ..., value: _Optional[float] = ..., cost: _Optional[float] = ..., additional_info: _Optional[_Union[NpsFundInfo, _Mapping]] = ...) -> None: ...

class NpsFundInfo(_message.Message):
    __slots__ = ("manager", "tier", "asset_class")
    MANAGER_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    ASSET_CLASS_FIELD_NUMBER: _ClassVar[int]
    manager: str
    tier: int
    asset_class: str
    def __init__(self, manager: _Optional[str] = ..., tier: _Optional[int] = ..., asset_class: _Optional[str] = ...) -> None: ...
