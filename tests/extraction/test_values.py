"""Indian dates and amounts, and the identifiers, as the field finder reads them."""

from __future__ import annotations

from datetime import date

import pytest

from core.extraction import values as v
from core.extraction.fields import typed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2025", date(2025, 4, 3)),  # day first, as India writes it
        ("3-4-25", date(2025, 4, 3)),
        ("12.03.2025", date(2025, 3, 12)),
        ("12-Mar-2025", date(2025, 3, 12)),
        ("12 March 2025", date(2025, 3, 12)),
        ("March 12, 2025", date(2025, 3, 12)),
        ("2025-03-12", date(2025, 3, 12)),
        ("31/02/2025", None),  # no such day
        ("12/2025", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert v.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("₹ 1,25,000.50", 125000.5),
        ("₹1,00,00,000", 10_000_000.0),
        ("Rs. 12,345.00", 12345.0),
        ("INR 999", 999.0),
        ("1,234,567.89", 1234567.89),  # western grouping too
        ("(1,000.00)", -1000.0),
        ("-₹ 500", -500.0),
        ("2,500.00 Dr", -2500.0),
        ("2,500.00 Cr", 2500.0),
        ("12,34", None),
        ("INV-2025", None),
    ],
)
def test_amounts(text: str, expected: float | None) -> None:
    assert v.parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ABCPE1234F", "pan"),
        ("27AAPFU0939F1ZV", "gstin"),
        ("HDFC0001234", "ifsc"),
        ("priya.iyer@okicici", "upi"),
        ("priya.iyer@example.co.in", "email"),
        ("+91 98200 12345", "phone"),
        ("9820012345", "phone"),
        ("022-24567890", "phone"),
        ("12/03/2025", "date"),
        ("₹ 4,500.00", "amount"),
        ("Karnataka", "text"),
    ],
)
def test_values_are_typed_by_their_form(text: str, kind: str) -> None:
    assert typed(text)[0] == kind


def test_a_bare_number_is_an_amount_only_under_an_amount_label() -> None:
    assert typed("1,25,000.00", "Total Amount") == ("amount", 125000.0)
    assert typed("1,25,000.00", "Units") == ("text", "1,25,000.00")
    assert typed("12/03/2025", "Invoice Date") == ("date", "2025-03-12")


def test_a_pan_inside_a_gstin_is_not_a_pan() -> None:
    assert v.PAN.search("GSTIN 27AAPFU0939F1ZV") is None
    assert v.GSTIN.search("GSTIN 27AAPFU0939F1ZV") is not None
