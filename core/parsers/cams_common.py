"""Pieces shared by the CAMS/KFintech detailed and summary parsers."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ..models import Investor, MutualFundFolio
from ..pdf import Line, PageLayout
from .numbers import is_number, iso_date, parse_decimal

#: a whole line naming a fund house; it may start with a digit (``360 ONE Mutual Fund``) but is
#: never a dated row
AMC_LINE = re.compile(
    r"^(?!Total\b)(?!\d{2}-[A-Za-z]{3}-\d{4})[A-Z0-9][\w&.,'() -]*?\s"
    r"(?:Mutual\s*Fund|MF|Fund\s*House)$"
)
PAGE_FOOTER = re.compile(r"^Page \d+ of \d+$")
PERIOD = re.compile(r"(\d{2}-[A-Za-z]{3}-\d{4})\s+To\s+(\d{2}-[A-Za-z]{3}-\d{4})", re.I)
AS_ON = re.compile(r"As\s+on\s+(\d{2}-[A-Za-z]{3}-\d{4})", re.I)
_EMAIL = re.compile(r"^Email\s*Id\s*:\s*(\S+@\S+)", re.I)
_MOBILE = re.compile(r"^Mobile\s*:\s*(\+?[\d -]+)", re.I)
_PHONE = re.compile(r"^Phone\s*(?:Off|Res)\s*:", re.I)
_PINCODE = re.compile(r"\b(\d{6})\b")
#: the investor block sits in the top-left column; a wider gap starts the disclaimer column
_COLUMN_GAP = 15.0
_LEFT_LIMIT = 220.0


def is_amc_line(line: Line, text: str | None = None) -> bool:
    """An AMC's heading; ``text``: ``line.text`` when the caller has it already."""
    return bool(AMC_LINE.match(line.text if text is None else text)) and line.x0 < 60


def left_block_text(line: Line) -> str:
    """The words of a line that belong to the page's left column."""
    words = []
    previous = None
    for word in line.words:
        if word.x0 > _LEFT_LIMIT or (previous is not None and word.x0 - previous.x1 > _COLUMN_GAP):
            break
        words.append(word.text)
        previous = word
    return " ".join(words)


def read_investor(page: PageLayout) -> Investor:
    """Email, name, address and mobile from the top-left block of page 1."""
    investor = Investor()
    address: list[str] = []
    seen_email = False
    for line in page.lines:
        if line.x0 > _LEFT_LIMIT:
            continue
        text = left_block_text(line)
        if not text:
            continue
        if match := _EMAIL.match(text):
            investor.email = match.group(1)
            seen_email = True
            continue
        if not seen_email:
            continue
        if match := _MOBILE.match(text):
            investor.mobile = match.group(1).strip()
            break
        if _PHONE.match(text):
            continue
        if investor.name is None:
            investor.name = text
        else:
            address.append(text)
    if address:
        investor.address = "\n".join(address)
        pins = [m.group(1) for line in address for m in _PINCODE.finditer(line)]
        if pins:
            investor.pincode = pins[-1]
    return investor


def statement_period(page: PageLayout) -> tuple[str | None, str | None]:
    for line in page.lines[:40]:
        if match := PERIOD.search(line.text):
            return iso_date(match.group(1)), iso_date(match.group(2))
        if match := AS_ON.search(line.text):
            day = iso_date(match.group(1))
            return day, day
    return None, None


def most_common(values: list[str]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def investor_pan(folios: list[MutualFundFolio], name: str | None) -> str | None:
    """The PAN printed on the folios whose holder is the investor by name.

    A folio line prints its first holder's PAN; in joint folios where the investor is second or
    third that is a co-holder's, so a plain majority over all folios can name the wrong person.
    """
    if not name:
        return None
    pans = [
        holder.pan or ""
        for folio in folios
        for holder in folio.linked_holders or []
        if holder.name and holder.name.strip().upper() == name.strip().upper()
    ]
    return most_common(pans)


_CODE = re.compile(r"^\s*([A-Z0-9]+(?: [A-Z0-9]+)?)\s*-\s*(.+)$")
#: the slash of a folio number with its spacing, however printed (``12345 / 67``)
FOLIO_SLASH = re.compile(r"\s*/\s*")


def split_code(text: str) -> tuple[str | None, str]:
    """``"H123DG-HDFC Flexi Cap Fund"`` → ``("H123DG", "HDFC Flexi Cap Fund")``."""
    match = _CODE.match(text)
    if match:
        return match.group(1), match.group(2).strip()
    return None, text.strip()


def read_portfolio_summary(
    lines: list[Line],
) -> tuple[dict[str, tuple[Decimal, Decimal]], tuple[Decimal, Decimal] | None]:
    """The page-1 ``PORTFOLIO SUMMARY`` table: cost and market value per AMC, and the total."""
    rows: dict[str, tuple[Decimal, Decimal]] = {}
    inside = False
    for line in lines:
        text = line.text
        if text.upper().startswith("PORTFOLIO SUMMARY"):
            inside = True
            continue
        if not inside:
            continue
        words = line.words
        if len(words) < 3 or not (is_number(words[-1].text) and is_number(words[-2].text)):
            continue
        cost, value = parse_decimal(words[-2].text), parse_decimal(words[-1].text)
        name = " ".join(w.text for w in words[:-2])
        if cost is None or value is None:
            continue
        if name.lower() in ("total", "grand total"):
            return rows, (cost, value)
        rows[name] = (cost, value)
    return rows, None
