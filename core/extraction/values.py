"""Typed values as Indian documents print them: dates (``12/03/2025``, ``12-Mar-2025``,
``2025-03-12``), amounts in rupees with lakh grouping (``₹ 1,25,000.50``, ``Rs. 12,345``) and
the identifiers (PAN, GSTIN, IFSC, UPI ids, e-mail addresses, phone numbers).

Day-first everywhere: ``03/04/2025`` is the 3rd of April, as India writes it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"  # noqa: E501

#: a date in any of the forms above (named groups say which)
DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4}|\d{2})"
    r"|(?P<d2>\d{1,2})[- ](?P<mon>" + _MONTH + r")[-, ]+(?P<y2>\d{4}|\d{2})"
    r"|(?P<mon3>" + _MONTH + r") (?P<d3>\d{1,2}),? (?P<y3>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r")(?![\w/-])",
    re.I,
)
_CURRENCY = r"(?:₹|Rs\.?|INR)"
#: digits grouped the Indian way (12,34,567.89), the western way (1,234,567), or plain
_NUMBER = (
    r"\d{1,3}(?:,\d{2})*,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
)
#: an amount with its currency sign (the sign makes a bare number an amount)
AMOUNT = re.compile(rf"{_CURRENCY}\s?-?(?:{_NUMBER})(?![\d,])", re.I)
#: an amount as a labelled value prints it: currency optional, sign, grouping, Cr/Dr suffix
AMOUNT_VALUE = re.compile(
    rf"^\(?\s*(?P<minus>-)?\s*{_CURRENCY}?\s*(?P<sign>-)?\s*(?P<number>{_NUMBER})\s*\)?"
    r"\s*(?P<suffix>Cr|Dr)?\.?\s*(?:/-)?$",
    re.I,
)

PAN = re.compile(r"\b[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]\b")
GSTIN = re.compile(r"\b\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]\b")
IFSC = re.compile(r"\b[A-Z]{4}0[A-Z0-9]{6}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
#: a UPI id: a handle at a bank's short name, no dot after the @ (that would be an e-mail)
UPI = re.compile(r"(?<![\w.@-])[\w.-]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}(?![\w.@-])")
#: Indian mobile numbers (+91 / 0 optional, 10 digits from 6 to 9) and STD landlines
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+91|0091)[\s-]?|0)?[6-9]\d{4}[\s-]?\d{5}(?!\d)"
    r"|(?<![\w+])0\d{2,4}[\s-]\d{6,8}(?!\d)"
)
INVOICE_NUMBER = re.compile(
    r"\b(?:Tax\s+)?(?:Invoice|Bill)\s*(?:No\.?|Number|#)\s*[:.]?\s*"
    r"(?P<value>[A-Z0-9][A-Z0-9/-]{2,30})",
    re.I,
)
ACCOUNT_NUMBER = re.compile(
    r"\b(?:A/c|Account|Acct)\.?\s*(?:No\.?|Number|#)\s*[:.]?\s*"
    r"(?P<value>(?:X+)?\d[\dX -]{5,22}\d)\b",
    re.I,
)

#: pattern-typed values, in the order they are looked for (GSTIN before PAN: one holds the other)
PATTERNS: dict[str, re.Pattern[str]] = {
    "gstin": GSTIN,
    "pan": PAN,
    "ifsc": IFSC,
    "email": EMAIL,
    "upi": UPI,
    "phone": PHONE,
    "date": DATE,
    "amount": AMOUNT,
}


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 and len(text) == 2 else year


def parse_date(text: str) -> date | None:
    """The date ``text`` holds (day first), or ``None``."""
    match = DATE.fullmatch(text.strip().rstrip(".,"))
    if match is None:
        return None
    g = match.groupdict()
    try:
        if g["d"]:
            return date(_year(g["y"]), int(g["m"]), int(g["d"]))
        if g["d2"]:
            return date(_year(g["y2"]), _MONTHS[g["mon"].lower()], int(g["d2"]))
        if g["d3"]:
            return date(int(g["y3"]), _MONTHS[g["mon3"].lower()], int(g["d3"]))
        return date(int(g["iy"]), int(g["im"]), int(g["id"]))
    except (ValueError, KeyError):
        return None


def parse_amount(text: str) -> float | None:
    """The number an amount prints (``₹1,25,000.50`` → 125000.5; ``(1,000)``, ``-1,000`` and
    ``1,000 Dr`` are negative), or ``None`` when ``text`` is not one amount."""
    cleaned = text.strip()
    match = AMOUNT_VALUE.fullmatch(cleaned)
    if match is None:
        return None
    value = float(match["number"].replace(",", ""))
    negative = (
        bool(match["minus"] or match["sign"])
        or cleaned.startswith("(")
        or (match["suffix"] or "").lower() == "dr"
    )
    return -value if negative else value


def as_number(value: Any) -> float | None:
    """A field's value as a number: numbers as they are, strings read as amounts."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return parse_amount(value)
    return None


def as_date(value: Any) -> date | None:
    """A field's value as a date: ISO strings and the printed forms above."""
    return parse_date(value) if isinstance(value, str) else None
