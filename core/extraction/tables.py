"""Tables by pdfplumber's table finder: ruling lines first, text alignment where a page has no
ruled table; a table continued over a page break is joined to its start.

Confidence is the share of non-empty cells, scaled by how much the strategy is to be trusted
(ruling lines are drawn by the author; aligned text is a guess).
"""

from __future__ import annotations

import io
import itertools
import logging
from dataclasses import dataclass, field
from typing import Any

import pdfplumber

from .values import parse_amount, parse_date

log = logging.getLogger(__name__)

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
TEXT = {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 3}
TRUST = {"lines": 0.95, "text": 0.7}
#: pages read for tables (the finder costs about 50 ms a page)
MAX_TABLE_PAGES = 60
#: a gap wider than this many times a word's height separates two cells of a line
CELL_GAP = 1.2
#: a table whose bottom is this far down its page may continue on the next one
NEAR_BOTTOM = 0.6


@dataclass
class Table:
    page: int
    end_page: int
    bbox: list[float]
    header: list[str]
    rows: list[list[str]]
    confidence: float
    strategy: str
    page_height: float = 0.0
    fill: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "end_page": self.end_page,
            "bbox": self.bbox,
            "header": self.header,
            "rows": self.rows,
            "confidence": self.confidence,
            "strategy": self.strategy,
        }


def _cell(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell)


def _clean(rows: list[list[str]]) -> list[list[str]]:
    """Rows without empty ones, and without the title rows (a single filled cell) that the
    text strategy picks up above and below a table."""
    rows = [row for row in rows if _filled(row)]
    while rows and _filled(rows[0]) < 2:
        rows.pop(0)
    while rows and _filled(rows[-1]) < 2:
        rows.pop()
    return rows


def _numeric(cell: str) -> bool:
    return parse_amount(cell) is not None or parse_date(cell) is not None


def looks_like_header(row: list[str]) -> bool:
    filled = [c for c in row if c]
    return bool(filled) and not any(_numeric(c) for c in filled)


def _aligned_region(page: Any) -> tuple[float, float, float, float] | None:
    """The bounding box of the longest run of consecutive lines cut into three or more cells
    by wide gaps: where the text strategy should look (the lines above a table, such as
    ``Label: value`` pairs, would otherwise lend it their alignments)."""
    lines: dict[int, list[dict[str, Any]]] = {}
    for word in page.extract_words():
        lines.setdefault(round(float(word["top"])), []).append(word)
    best: list[list[dict[str, Any]]] = []
    run: list[list[dict[str, Any]]] = []
    for top in sorted(lines):
        words = sorted(lines[top], key=lambda w: float(w["x0"]))
        cells = 1 + sum(
            1
            for a, b in itertools.pairwise(words)
            if float(b["x0"]) - float(a["x1"]) > CELL_GAP * float(a["bottom"] - a["top"])
        )
        if cells >= 3:
            run.append(words)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    if len(best) < 2:
        return None
    words = [w for line in best for w in line]
    return (
        min(float(w["x0"]) for w in words) - 1,
        min(float(w["top"]) for w in words) - 1,
        max(float(w["x1"]) for w in words) + 1,
        max(float(w["bottom"]) for w in words) + 1,
    )


def _page_tables(page: Any, number: int) -> list[Table]:
    found: list[Table] = []
    for strategy, settings in (("lines", LINES), ("text", TEXT)):
        area = page
        if strategy == "text":
            region = _aligned_region(page)
            if region is None:
                break
            area = page.crop(region)
        for table in area.find_tables(table_settings=settings):
            rows = _clean([[_cell(c) for c in row] for row in table.extract()])
            if len(rows) < 2 or max(len(r) for r in rows) < 2:
                continue
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            cells = width * len(rows)
            fill = sum(_filled(r) for r in rows) / cells
            if strategy == "text" and fill < 0.5:
                continue  # aligned prose, not a table
            x0, top, x1, bottom = (round(float(n), 2) for n in table.bbox)
            found.append(
                Table(
                    page=number,
                    end_page=number,
                    bbox=[x0, top, x1, bottom],
                    header=rows[0],
                    rows=rows[1:],
                    confidence=round(TRUST[strategy] * fill, 3),
                    strategy=strategy,
                    page_height=float(page.height),
                )
            )
        if found:
            break  # text alignment only where no ruled table was found
    return sorted(found, key=lambda t: t.bbox[1])


def _continues(previous: Table, table: Table, first_on_page: bool) -> bool:
    """Whether ``table`` (the first on its page) carries on ``previous`` (the last on the page
    before): same columns, ``previous`` runs to the page's lower part, and ``table`` repeats
    the header or starts straight with data rows."""
    if not first_on_page or table.page != previous.end_page + 1:
        return False
    if len(table.header) != len(previous.header):
        return False
    if previous.page_height and previous.bbox[3] < NEAR_BOTTOM * previous.page_height:
        return False
    return table.header == previous.header or not looks_like_header(table.header)


def join_continued(tables: list[Table]) -> list[Table]:
    joined: list[Table] = []
    first_of_page: set[int] = set()
    for index, table in enumerate(tables):
        if index == 0 or tables[index - 1].page != table.page:
            first_of_page.add(index)
        previous = joined[-1] if joined else None
        if previous is not None and _continues(previous, table, index in first_of_page):
            body = table.rows if table.header == previous.header else [table.header, *table.rows]
            cells_before = len(previous.rows) + 1
            previous.rows.extend(body)
            previous.end_page = table.page
            # the joined confidence weighs each part by its rows
            previous.confidence = round(
                (previous.confidence * cells_before + table.confidence * len(body))
                / (cells_before + len(body)),
                3,
            )
            continue
        joined.append(table)
    return joined


def find_tables(data: bytes, password: str | None, pages: int) -> list[dict[str, Any]]:
    """Every table of the PDF, joined over page breaks, as the result's dicts."""
    tables: list[Table] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            for index, page in enumerate(pdf.pages[: min(pages, MAX_TABLE_PAGES)]):
                tables.extend(_page_tables(page, index + 1))
                page.close()
    except Exception as exc:  # a PDF pdfium reads but pdfminer cannot: text without tables
        log.warning("table finding failed: %s", type(exc).__name__)
        return []
    return [t.as_dict() for t in join_continued(tables)]
