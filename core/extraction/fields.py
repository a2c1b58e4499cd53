"""Typed key-value fields found generically on a page's lines, each with page and bounding box.

Two finders: ``Label: value`` pairs (a line is cut into cells at wide gaps; a cell ``Label:``
takes its value from the same cell or the next one) and values recognised by their form
(PAN, GSTIN, IFSC, UPI ids, e-mails, phones, dates, ₹ amounts, invoice and account numbers).
A labelled field is named after its label in snake case (``Invoice Date`` → ``invoice_date``);
a recognised one after its type, numbered when it repeats (``pan``, ``pan_2``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from core.pdf.geometry import Line, PageLayout, Word

from . import values as v

#: a gap wider than this many times the words' height separates two cells of a line
CELL_GAP = 1.2
MAX_LABEL_WORDS = 6
#: recognised values of one type kept per document (a statement prints hundreds of dates)
MAX_PER_TYPE = 10
_AMOUNT_LABEL = re.compile(
    r"total|amount|balance|tax|gst|value|price|sum|due|payable|paid|charges|fee|net|grand", re.I
)
_NOT_KEY = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Found:
    name: str
    value: Any
    type: str
    raw: str
    page: int
    bbox: list[float]
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "type": self.type,
            "raw": self.raw,
            "page": self.page,
            "bbox": self.bbox,
            "source": self.source,
        }


def bbox_of(words: list[Word], layout: PageLayout) -> list[float]:
    """``[x0, top, x1, bottom]`` of ``words``, measured from the page's top-left corner."""
    return [
        round(min(w.x0 for w in words), 2),
        round(layout.height - max(w.top for w in words), 2),
        round(max(w.x1 for w in words), 2),
        round(layout.height - min(w.bottom for w in words), 2),
    ]


def key_of(label: str) -> str:
    return _NOT_KEY.sub("_", label.casefold()).strip("_")[:60]


def typed(raw: str, label: str = "") -> tuple[str, Any]:
    """(type, value) of a printed value: a date as ISO, an amount as a number (a bare number
    only under an amount-like label), an identifier by its form, else text."""
    text = raw.strip()
    when = v.parse_date(text)
    if when is not None:
        return "date", when.isoformat()
    for kind in ("gstin", "pan", "ifsc", "email", "upi", "phone"):
        if v.PATTERNS[kind].fullmatch(text):
            return kind, text
    amount = v.parse_amount(text)
    if amount is not None and (v.AMOUNT.search(text) or _AMOUNT_LABEL.search(label)):
        return "amount", amount
    return "text", text


def _cells(line: Line) -> list[list[Word]]:
    """The line's words cut at wide gaps."""
    cells: list[list[Word]] = []
    for word in line.words:
        gap_limit = CELL_GAP * max(word.height, 1.0)
        if cells and word.x0 - cells[-1][-1].x1 <= gap_limit:
            cells[-1].append(word)
        else:
            cells.append([word])
    return cells


def _split_label(cell: list[Word]) -> tuple[list[Word], list[Word]] | None:
    """(label words, value words) of a cell holding ``Label:``, else ``None``."""
    for i, word in enumerate(cell[:MAX_LABEL_WORDS]):
        if word.text.endswith(":") and (len(word.text) > 1 or i > 0):
            label = cell[: i + 1]
            if any(ch.isalpha() for w in label for ch in w.text):
                return label, cell[i + 1 :]
            return None
    return None


def labelled(layout: PageLayout) -> Iterator[Found]:
    """``Label: value`` pairs of a page."""
    for line in layout.lines:
        cells = _cells(line)
        for index, cell in enumerate(cells):
            split = _split_label(cell)
            if split is None:
                continue
            label_words, value_words = split
            if (
                not value_words
                and index + 1 < len(cells)
                and _split_label(cells[index + 1]) is None
            ):
                value_words = cells[index + 1]
            if not value_words:
                continue
            label = " ".join(w.text for w in label_words).rstrip(":").strip()
            raw = " ".join(w.text for w in value_words)
            kind, value = typed(raw, label)
            name = key_of(label)
            if name:
                yield Found(
                    name, value, kind, raw, layout.number, bbox_of(value_words, layout), "label"
                )


def _words_in_span(line: Line, start: int, end: int) -> list[Word]:
    """The words of ``line`` whose characters overlap ``[start, end)`` of ``line.text``."""
    found, offset = [], 0
    for word in line.words:
        if offset < end and start < offset + len(word.text):
            found.append(word)
        offset += len(word.text) + 1
    return found


def _recognised_on(layout: PageLayout) -> Iterator[Found]:
    for line in layout.lines:
        text = line.text
        for kind, pattern in (
            ("invoice_number", v.INVOICE_NUMBER),
            ("account_number", v.ACCOUNT_NUMBER),
        ):
            for match in pattern.finditer(text):
                words = _words_in_span(line, match.start("value"), match.end("value"))
                raw = match["value"]
                yield Found(kind, raw, kind, raw, layout.number, bbox_of(words, layout), "pattern")
        taken: list[tuple[int, int]] = []
        for kind, pattern in v.PATTERNS.items():
            for match in pattern.finditer(text):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue  # a PAN inside a GSTIN, a date inside something longer
                taken.append(match.span())
                kind_found, value = typed(match.group(), "amount" if kind == "amount" else "")
                if kind_found == "text":
                    continue
                words = _words_in_span(line, *match.span())
                yield Found(
                    kind_found,
                    value,
                    kind_found,
                    match.group(),
                    layout.number,
                    bbox_of(words, layout),
                    "pattern",
                )


def find_fields(layouts: list[PageLayout]) -> dict[str, dict[str, Any]]:
    """Every field of the document by name: labelled pairs first (the first occurrence of a
    label wins), then recognised values numbered per type."""
    fields: dict[str, dict[str, Any]] = {}
    for layout in layouts:
        for found in labelled(layout):
            fields.setdefault(found.name, found.as_dict())
    counts: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for layout in layouts:
        for found in _recognised_on(layout):
            if (found.type, found.raw) in seen or counts.get(found.name, 0) >= MAX_PER_TYPE:
                continue
            seen.add((found.type, found.raw))
            counts[found.name] = counts.get(found.name, 0) + 1
            n = counts[found.name]
            name = found.name if n == 1 else f"{found.name}_{n}"
            fields.setdefault(name, found.as_dict())
    return fields


def locate(layouts: list[PageLayout], text: str) -> tuple[int, list[float]] | None:
    """Page and bbox of the first line holding ``text`` (for a parsed statement's fields)."""
    needle = text.strip()
    if len(needle) < 2:
        return None
    for layout in layouts:
        for line in layout.lines:
            start = line.text.find(needle)
            if start >= 0:
                words = _words_in_span(line, start, start + len(needle))
                return layout.number, bbox_of(words, layout)
    return None
