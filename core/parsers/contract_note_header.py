"""The broker, the client and the note's identity, from a contract note's first page.

Header blocks print ``label : value`` pairs in two or more columns; a line is cut where the
columns part (a wide gap) before labels are matched, and each field knows the usual phrasings
of its label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from core.pdf.geometry import Line

#: columns of a header block are further apart than a label and its value
_COLUMN_GAP = 100.0
_DATE_FORMATS = ("%d/%m/%Y", "%d-%b-%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %b %Y", "%d.%m.%Y")
FIELDS: dict[str, re.Pattern[str]] = {
    "contract_note_number": re.compile(
        r"(?:contract\s+note\s+(?:no\.?|number)|\bCN\s+No\.?)\s*:?\s*(\S+)", re.I
    ),
    "trade_date": re.compile(r"(?:trade\s+date|date\s+of\s+trade)\s*:?\s*(.+)", re.I),
    "settlement_number": re.compile(r"(?:settlement|sett\.)\s+(?:no\.?|number)\s*:?\s*(\S+)", re.I),
    "settlement_date": re.compile(
        r"(?:(?:settlement|sett\.)\s+date|date\s+of\s+settlement)\s*:?\s*(.+)", re.I
    ),
    "name": re.compile(r"^(?:name\s+of\s+the\s+client|client\s+name|name)\s*:\s*(.+)", re.I),
    "pan": re.compile(r"\bPAN\b[^:]*:\s*([A-Z]{5}\d{4}[A-Z])"),
    "ucc": re.compile(r"(?:unique\s+client\s+code|client\s+code|\bUCC\b)[^:]*:\s*(\S+)", re.I),
    "address": re.compile(r"^(?:client\s+)?address\s*:\s*(.+)", re.I),
    "place_of_supply": re.compile(r"place\s+of\s+supply\s*:\s*(.+)", re.I),
    "gst_state_code": re.compile(r"state\s+code\s*:\s*(\d{2})", re.I),
}
DATES = {"trade_date", "settlement_date"}


@dataclass(frozen=True)
class Cell:
    text: str
    x0: float


def cells(line: Line) -> list[Cell]:
    """``line`` cut into its columns."""
    out: list[Cell] = []
    words: list[str] = []
    start = previous_end = line.words[0].x0
    for word in line.words:
        if words and word.x0 - previous_end > _COLUMN_GAP:
            out.append(Cell(" ".join(words), start))
            words, start = [], word.x0
        words.append(word.text)
        previous_end = word.x1
    out.append(Cell(" ".join(words), start))
    return out


def iso(text: str) -> str | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def read_header(lines: list[Line]) -> dict[str, str]:
    """Field → value for every header field found (dates as YYYY-MM-DD)."""
    found: dict[str, str] = {}
    address_x: float | None = None
    for line in lines:
        for cell in cells(line):
            text = re.sub(r"\s*:\s*", " : ", cell.text).strip()
            matched = False
            for name, pattern in FIELDS.items():
                if name in found:
                    continue
                match = pattern.search(text)
                if match is None:
                    continue
                value = match.group(1).strip()
                if name in DATES:
                    value = iso(value) or value
                found[name] = value
                matched = True
                if name == "address":
                    address_x = cell.x0
                elif address_x is not None and abs(cell.x0 - address_x) < 5:
                    address_x = None  # the next field of the address's column
                break
            if not matched and address_x is not None and ":" not in text and cell.x0 > address_x:
                found["address"] += ", " + text
                address_x = None
        if address_x is None and len(found) == len(FIELDS):
            break  # every field is known: the rest of the page is trades and charges
    return found
