"""Closed vocabularies of the unified statement model (string enums, JSON-friendly)."""

from __future__ import annotations

from enum import StrEnum


class CasType(StrEnum):
    """``meta.cas_type`` of the contract."""

    NSDL = "NSDL"
    CDSL = "CDSL"
    CAMS_KFINTECH = "CAMS_KFINTECH"


class StatementKind(StrEnum):
    """What a document is, as far as routing goes (what a type-specific endpoint expects)."""

    CAMS_KFINTECH = "CAMS_KFINTECH"
    NSDL = "NSDL"
    CDSL = "CDSL"
    CONTRACT_NOTE = "CONTRACT_NOTE"
    UNKNOWN = "UNKNOWN"


class Issuer(StrEnum):
    """Who generated the document."""

    CAMS = "CAMS"
    KFINTECH = "KFINTECH"
    NSDL = "NSDL"
    CDSL = "CDSL"
    BROKER = "BROKER"
    UNKNOWN = "UNKNOWN"


class StatementVariant(StrEnum):
    """CAMS/KFintech statements come in two shapes."""

    DETAILED = "DETAILED"
    SUMMARY = "SUMMARY"


class SchemeType(StrEnum):
    EQUITY = "Equity"
    DEBT = "Debt"
    HYBRID = "Hybrid"
    OTHER = "Other"


class TransactionType(StrEnum):
    """``transaction.type`` of the contract, in the contract's order."""

    PURCHASE = "PURCHASE"
    PURCHASE_SIP = "PURCHASE_SIP"
    REDEMPTION = "REDEMPTION"
    SWITCH_IN = "SWITCH_IN"
    SWITCH_IN_MERGER = "SWITCH_IN_MERGER"
    SWITCH_OUT = "SWITCH_OUT"
    SWITCH_OUT_MERGER = "SWITCH_OUT_MERGER"
    DIVIDEND_PAYOUT = "DIVIDEND_PAYOUT"
    DIVIDEND_REINVEST = "DIVIDEND_REINVEST"
    SEGREGATION = "SEGREGATION"
    STAMP_DUTY_TAX = "STAMP_DUTY_TAX"
    TDS_TAX = "TDS_TAX"
    STT_TAX = "STT_TAX"
    MISC = "MISC"
    REVERSAL = "REVERSAL"
    UNKNOWN = "UNKNOWN"
