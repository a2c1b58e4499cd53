"""Numbers and dates as statements print them."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_NUMBER = re.compile(r"^\(?-?[\d,]*\d(?:\.\d+)?\)?$")
_DATE = re.compile(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})$")


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def parse_decimal(text: str | None) -> Decimal | None:
    """``(1,23,456.78)`` → ``Decimal('-123456.78')``; ``None`` when it is not a number."""
    if not text:
        return None
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    negative = text.startswith(("(", "-"))
    digits = text.strip("()").lstrip("-").replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return -value if negative else value


def is_date(text: str) -> bool:
    return bool(_DATE.match(text))


# A statement prints a few hundred distinct dates thousands of times, and strptime costs tens
# of microseconds a call: both converters remember what they have seen.


@lru_cache(maxsize=4096)
def iso_date(text: str) -> str | None:
    """``02-Apr-2024`` → ``2024-04-02``."""
    try:
        return datetime.strptime(text.strip(), "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def iso_numeric_date(text: str) -> str | None:
    """``30-04-2026`` (CDSL's DD-MM-YYYY) → ``2026-04-30``."""
    try:
        return datetime.strptime(text.strip(), "%d-%m-%Y").date().isoformat()
    except ValueError:
        return None
