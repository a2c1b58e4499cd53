"""Transaction type from a row's description and its (sign-corrected) units."""

from __future__ import annotations

import re
from decimal import Decimal

from ..models import TransactionType as T

_DIVIDEND = re.compile(r"(?:idcw|dividend|div\.)[^@]*@\s*rs\.?\s*([\d.]*\d)", re.I)
_REVERSAL = re.compile(
    r"revers|rejection|dishono(?:u)?red|payment\s+not\s+received|insufficient\s+balance|"
    r"mismatch",
    re.I,
)
_TRANSFER = re.compile(r"switch|\bs\s*t\s*p\b|systematic\s+transfer", re.I)
_SIP = re.compile(r"\bsip\b|systematic\s+invest|instal+ment|sys\.?\s*invest", re.I)


def classify(description: str, units: Decimal | None) -> tuple[T, Decimal | None]:
    """``(type, dividend_rate)`` of a transaction row."""
    text = description.lower()
    if match := _DIVIDEND.search(text):
        rate = Decimal(match.group(1))
        return (T.DIVIDEND_REINVEST if "reinvest" in text else T.DIVIDEND_PAYOUT), rate
    if units is None:
        if "stt" in text:
            return T.STT_TAX, None
        if "stamp" in text:
            return T.STAMP_DUTY_TAX, None
        if "tds" in text:
            return T.TDS_TAX, None
        return T.MISC, None
    if "gift" in text:
        return T.MISC, None  # a transfer between folios: neither a purchase nor a sale
    if units == 0:
        return T.UNKNOWN, None
    if _REVERSAL.search(text):
        return T.REVERSAL, None
    merger = "merger" in text
    if units > 0:
        if "segregat" in text:
            return T.SEGREGATION, None
        if _TRANSFER.search(text):
            return (T.SWITCH_IN_MERGER if merger else T.SWITCH_IN), None
        if _SIP.search(text):
            return T.PURCHASE_SIP, None
        return T.PURCHASE, None
    if _TRANSFER.search(text):
        return (T.SWITCH_OUT_MERGER if merger else T.SWITCH_OUT), None
    return T.REDEMPTION, None
