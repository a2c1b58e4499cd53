"""Numbers and dates as statements print them."""

from __future__ import annotations

import re
from datetime import date, datetime
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


# A statement prints a few hundred distinct dates thousands of times: both converters remember
# what they have seen. ``%d-%b-%Y`` is read without strptime, which costs tens of microseconds a
# call (and, the first time, an import and a compiled pattern): the same dates, the same
# refusals (a day or month that does not exist), English month names whatever the locale.

#: strptime's own fields: an ASCII day of one or two digits, a year of four (any digits)
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})-([A-Za-z]{3})-(\d{4})")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


@lru_cache(maxsize=4096)
def iso_date(text: str) -> str | None:
    """``02-Apr-2024`` → ``2024-04-02``."""
    match = _DAY_MONTH_YEAR.fullmatch(text.strip())
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        return None
    try:
        return date(int(match.group(3)), month, int(match.group(1))).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def iso_numeric_date(text: str) -> str | None:
    """``30-04-2026`` (CDSL's DD-MM-YYYY) → ``2026-04-30``."""
    try:
        return datetime.strptime(text.strip(), "%d-%m-%Y").date().isoformat()
    except ValueError:
        return None
