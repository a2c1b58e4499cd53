"""Helpers over the text layer: the Hindi overlay, wrapped ISINs, exchange suffixes, the
left-hand investor block, AMC lines, scheme codes and the portfolio summary table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.parsers.cams_common import (
    is_amc_line,
    left_block_text,
    most_common,
    read_portfolio_summary,
    split_code,
)
from core.parsers.ecas_text import (
    SOFT_HYPHEN,
    bare_symbol,
    clean_lines,
    isin_start,
    join_isin,
)
from core.pdf import Line, PageLayout
from tests.unit.build import line, spaced, word


def page(*lines: Line) -> PageLayout:
    return PageLayout(number=1, width=595.0, height=842.0, lines=list(lines), rotated=[])


def test_clean_lines_drops_the_hindi_overlay_and_lines_left_empty() -> None:
    mixed = line(word("खाता", 40.0), word("Account", 80.0), word("Details", 130.0))
    only_hindi = line(word("विवरण", 40.0, 680.0))
    cleaned = clean_lines(page(mixed, only_hindi, spaced("Total 1,000.00", 40.0, 660.0)))
    assert [ln.text for ln in cleaned] == ["Account Details", "Total 1,000.00"]
    assert cleaned[0].baseline == mixed.baseline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INE002A01018", True),
        (f"INE002{SOFT_HYPHEN}", True),  # the head of a wrapped ISIN
        (f"IN{SOFT_HYPHEN}", False),  # too short to be a head
        ("INE002A0101", False),  # one character short and not wrapped
        ("ine002a01018", False),
        ("US0378331005", False),
    ],
)
def test_isin_start(text: str, expected: bool) -> None:
    assert isin_start(text) is expected


def test_join_isin_removes_the_soft_hyphens() -> None:
    assert join_isin([f"INE00{SOFT_HYPHEN}", f"2A01{SOFT_HYPHEN}", "018"]) == "INE002A01018"


@pytest.mark.parametrize(
    ("text", "symbol"),
    [("RELIANCE.NSE", "RELIANCE"), ("TCS.BSE", "TCS"), ("M&M", "M&M"), ("A.NSE.X", "A.NSE.X")],
)
def test_bare_symbol_drops_only_a_trailing_exchange(text: str, symbol: str) -> None:
    assert bare_symbol(text) == symbol


def test_left_block_stops_at_a_wide_gap_or_the_right_column() -> None:
    gap = line(word("Mobile", 40.0), word(":", 72.0), word("Statement", 200.0))
    assert left_block_text(gap) == "Mobile :"
    far = line(word("ASHA", 40.0), word("RAO", 65.0), word("Disclaimer", 230.0))
    assert left_block_text(far) == "ASHA RAO"
    assert left_block_text(line(word("Disclaimer", 230.0))) == ""


@pytest.mark.parametrize(
    ("text", "x0", "expected"),
    [
        ("HDFC Mutual Fund", 40.0, True),
        ("Quant MF", 40.0, True),
        ("HDFC Mutual Fund", 300.0, False),  # not at the left margin
        ("Total Mutual Fund", 40.0, False),
        ("hdfc Mutual Fund", 40.0, False),
        ("HDFC Mutual Fund Folio", 40.0, False),
    ],
)
def test_amc_lines(text: str, x0: float, expected: bool) -> None:
    assert is_amc_line(spaced(text, x0)) is expected


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("H123DG-HDFC Flexi Cap Fund", ("H123DG", "HDFC Flexi Cap Fund")),
        ("B 205 - Aditya Birla Liquid Fund", ("B 205", "Aditya Birla Liquid Fund")),
        ("  Axis Bluechip Fund ", (None, "Axis Bluechip Fund")),
        ("Axis Small-Cap Fund", (None, "Axis Small-Cap Fund")),  # a hyphen inside the name
    ],
)
def test_split_code(text: str, split: tuple[str | None, str]) -> None:
    assert split_code(text) == split


def test_most_common_ignores_blanks() -> None:
    assert most_common(["", "ABCDE1234F", "", "", "ABCDE1234F", "ZZZZZ9999Z"]) == "ABCDE1234F"
    assert most_common(["", ""]) is None


def test_portfolio_summary_rows_and_total() -> None:
    lines = [
        spaced("Consolidated Account Statement 1,000.00 2,000.00", 40.0, 760.0),  # before it
        spaced("PORTFOLIO SUMMARY", 40.0, 740.0),
        spaced("Mutual Fund Cost Value Market Value", 40.0, 730.0),
        spaced("HDFC Mutual Fund 1,00,000.00 1,25,000.50", 40.0, 720.0),
        spaced("Quant Mutual Fund -- 10.00", 40.0, 710.0),  # not two numbers: skipped
        spaced("Total 1,00,000.00 1,25,000.50", 40.0, 700.0),
        spaced("Later Fund 1.00 2.00", 40.0, 690.0),  # after the total
    ]
    rows, total = read_portfolio_summary(lines)
    assert rows == {"HDFC Mutual Fund": (Decimal("100000.00"), Decimal("125000.50"))}
    assert total == (Decimal("100000.00"), Decimal("125000.50"))


def test_a_portfolio_summary_without_a_total() -> None:
    rows, total = read_portfolio_summary([spaced("PORTFOLIO SUMMARY", 40.0)])
    assert (rows, total) == ({}, None)
