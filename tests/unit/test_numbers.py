"""Numbers and dates as statements print them: Indian digit grouping, parentheses for negatives,
``--`` for an empty cell, dates in two formats."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.parsers.ecas_text import is_numeric, number
from core.parsers.numbers import is_date, is_number, iso_date, iso_numeric_date, parse_decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,23,456.78", "123456.78"),  # lakh grouping
        ("12,34,56,789.00", "123456789.00"),  # crore grouping
        ("123,456.78", "123456.78"),  # western grouping reads the same
        ("0.001", "0.001"),
        ("42", "42"),
        ("(1,000.50)", "-1000.50"),  # negative in parentheses
        ("-250.125", "-250.125"),
        ("  7.5 ", "7.5"),
    ],
)
def test_parse_decimal_reads_printed_numbers_exactly(text: str, value: str) -> None:
    parsed = parse_decimal(text)
    assert parsed == Decimal(value)
    assert isinstance(parsed, Decimal)


def test_parse_decimal_keeps_every_printed_digit() -> None:
    # as a float this sum drifts; the statement's arithmetic must not
    parts = [parse_decimal(t) for t in ("0.1", "0.2")]
    assert sum(p for p in parts if p is not None) == Decimal("0.3")
    assert parse_decimal("1.2500") == Decimal("1.25")
    assert str(parse_decimal("1.2500")) == "1.2500"


@pytest.mark.parametrize(
    "text", [None, "", "--", "-", "abc", "12a", "1.2.3", "1,,2x", "(", "()", ".", "1."]
)
def test_parse_decimal_refuses_what_is_not_a_number(text: str | None) -> None:
    assert parse_decimal(text) is None


@pytest.mark.parametrize(("text", "expected"), [("1,234.5", True), ("(3)", True), ("Rs.", False)])
def test_is_number(text: str, expected: bool) -> None:
    assert is_number(text) is expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (".196", Decimal("0.196")),  # depositories drop the leading zero
        ("1,00,000.000", Decimal("100000.000")),
        ("--", None),  # an empty cell
        ("-", None),
        ("   ", None),
        (None, None),
    ],
)
def test_depository_cells(text: str | None, value: Decimal | None) -> None:
    assert number(text) == value


def test_an_empty_cell_is_numeric_but_a_word_is_not() -> None:
    assert is_numeric("--")  # it still belongs to a numeric column
    assert is_numeric("12.5")
    assert not is_numeric("Equity")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("02-Apr-2024", "2024-04-02"),
        ("2-apr-2024", "2024-04-02"),
        (" 29-Feb-2024 ", "2024-02-29"),  # a leap day
        ("29-Feb-2023", None),  # not a leap year
        ("31-Apr-2024", None),
        ("2024-04-02", None),
        ("", None),
    ],
)
def test_iso_date(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [("30-04-2026", "2026-04-30"), ("04-30-2026", None), ("30-Apr-2026", None)],
)
def test_iso_numeric_date(text: str, iso: str | None) -> None:
    assert iso_numeric_date(text) == iso


@pytest.mark.parametrize(
    ("text", "expected"), [("02-Apr-2024", True), ("02-04-2024", False), ("Apr-2024", False)]
)
def test_is_date_matches_the_shape_only(text: str, expected: bool) -> None:
    assert is_date(text) is expected
