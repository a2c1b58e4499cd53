"""The charges block of a contract note: one row per levy, a column per exchange segment and the
note's total last. Rows are known by the levy their label names, in any of its usual phrasings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from core.pdf.geometry import Line

from .numbers import is_number, parse_decimal

#: checked in this order: GST labels mention the other levies, "net obligation" is no net amount
LEVIES: list[tuple[str, re.Pattern[str]]] = [
    ("cgst", re.compile(r"\bCGST\b|central\s+gst", re.I)),
    ("sgst", re.compile(r"\b[SU]GST\b|state\s+gst", re.I)),
    ("igst", re.compile(r"\bIGST\b|integrated\s+gst", re.I)),
    ("obligation", re.compile(r"obligation", re.I)),
    ("net", re.compile(r"net\s+amount|receivable|payable", re.I)),
    ("ctt", re.compile(r"\bCTT\b|commodit(?:y|ies)\s+transaction\s+tax", re.I)),
    ("stt", re.compile(r"\bSTT\b|securities\s+transaction\s+tax", re.I)),
    ("sebi", re.compile(r"\bSEBI\b", re.I)),
    ("stamp", re.compile(r"stamp", re.I)),
    ("ipf", re.compile(r"\bIPF\b|investor\s+protection", re.I)),
    ("clearing", re.compile(r"clearing", re.I)),
    ("exchange", re.compile(r"exchange|transaction\s+charges|txn\s+charges", re.I)),
    ("brokerage", re.compile(r"brokerage", re.I)),
]
SIGNED = {"obligation", "net"}
_KINDS = r"EQ|Cash|CM|FO|F&O|FNO|Derivatives|CDS|CD|Currency|COM|Commodity"
_SEGMENT = re.compile(
    rf"(NSE|BSE|MCX)[\s-]*({_KINDS})\b|\b(Equity|Cash|F&O|FO|Derivatives|Currency|Commodity)"
    r"[\s-]*(NSE|BSE|MCX)",
    re.I,
)
_EQUITY = {"EQ", "CASH", "CM", "EQUITY"}
_CURRENCY = {"CD", "CDS", "CURRENCY"}


@dataclass
class ChargesTable:
    #: segment keys in column order, e.g. ["NSE-EQ", "NSE-FO"]; empty when no header names them
    segments: list[str] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)
    by_segment: dict[str, dict[str, Decimal]] = field(default_factory=dict)


def segment_key(exchange: str, kind: str) -> str:
    """``NSE-EQ``, ``BSE-EQ``, ``NSE-FO``, ``NSE-CD`` (currency) or ``MCX-COM`` (commodity)."""
    exchange, kind = exchange.upper(), kind.upper()
    if kind in _EQUITY:
        return f"{exchange}-EQ"
    if kind in _CURRENCY:
        return f"{exchange}-CD"
    if exchange == "MCX" or kind in ("COM", "COMMODITY"):
        return f"{exchange}-COM"
    return f"{exchange}-FO"


def _segments(line: Line) -> list[str]:
    keys = []
    for match in _SEGMENT.finditer(line.text):
        if match.group(1):
            keys.append(segment_key(match.group(1), match.group(2)))
        else:
            keys.append(segment_key(match.group(4), match.group(3)))
    return keys


def _levy(label: str) -> str | None:
    for name, pattern in LEVIES:
        if pattern.search(label):
            return name
    return None


def read_charges(lines: list[Line]) -> ChargesTable:
    """The charges found on ``lines`` (the whole note, top-down)."""
    table = ChargesTable()
    header: list[str] = []
    for line in lines:
        found = _segments(line)
        if found and not any(is_number(w.text) for w in line.words):
            header = found
            continue
        texts = [w.text for w in line.words]
        numbers_from = next((i for i, t in enumerate(texts) if is_number(t)), None)
        if not numbers_from or not all(is_number(t) for t in texts[numbers_from:]):
            continue
        levy = _levy(" ".join(texts[:numbers_from]))
        if levy is None or levy in table.totals:
            continue
        values = [parse_decimal(t) or Decimal(0) for t in texts[numbers_from:]]
        if levy not in SIGNED:
            values = [abs(v) for v in values]
        table.totals[levy] = values[-1]
        if header and len(values) == len(header) + 1:
            table.segments = header
            for key, value in zip(header, values, strict=False):
                table.by_segment.setdefault(key, {})[levy] = value
    return table
