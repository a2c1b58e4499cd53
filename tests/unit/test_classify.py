"""Transaction types from a row's description and the sign of its units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.models import TransactionType as T
from core.parsers.classify import classify

IN, OUT = Decimal("10.5"), Decimal("-10.5")


@pytest.mark.parametrize(
    ("description", "units", "kind"),
    [
        ("Purchase", IN, T.PURCHASE),
        ("Systematic Investment (1)", IN, T.PURCHASE_SIP),
        ("SIP Purchase - Instalment 3/12", IN, T.PURCHASE_SIP),
        ("Redemption", OUT, T.REDEMPTION),
        ("Switch In - From Liquid Fund", IN, T.SWITCH_IN),
        ("Switch Out - To Equity Fund", OUT, T.SWITCH_OUT),
        ("Systematic Transfer In", IN, T.SWITCH_IN),
        ("S T P Out", OUT, T.SWITCH_OUT),
        ("Switch In - Merger", IN, T.SWITCH_IN_MERGER),
        ("Switch Out (Merger)", OUT, T.SWITCH_OUT_MERGER),
        ("Segregated Portfolio units", IN, T.SEGREGATION),
        ("Purchase - Reversal", OUT, T.REVERSAL),
        ("SIP Purchase - payment not received", OUT, T.REVERSAL),  # reversal wins over SIP
        ("Gift units received", IN, T.MISC),
        ("Purchase", Decimal(0), T.UNKNOWN),
    ],
)
def test_type_from_description_and_units(description: str, units: Decimal, kind: T) -> None:
    assert classify(description, units) == (kind, None)


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("*** STT Paid ***", T.STT_TAX),
        ("*** Stamp Duty ***", T.STAMP_DUTY_TAX),
        ("TDS deducted", T.TDS_TAX),
        ("*** Address updated ***", T.MISC),
    ],
)
def test_rows_without_units_are_taxes_or_notes(description: str, kind: T) -> None:
    assert classify(description, None) == (kind, None)


def test_the_sign_of_the_units_decides_direction() -> None:
    assert classify("Switch", IN)[0] is T.SWITCH_IN
    assert classify("Switch", OUT)[0] is T.SWITCH_OUT


@pytest.mark.parametrize(
    ("description", "kind", "rate"),
    [
        ("IDCW Paid @ Rs.1.25 per unit", T.DIVIDEND_PAYOUT, "1.25"),
        ("Div. Reinvestment @ Rs 0.0850 per unit", T.DIVIDEND_REINVEST, "0.0850"),
        ("Dividend Payout @Rs.2. per unit", T.DIVIDEND_PAYOUT, "2"),
    ],
)
def test_dividends_carry_their_rate(description: str, kind: T, rate: str) -> None:
    found, found_rate = classify(description, None)
    assert found is kind
    assert found_rate == Decimal(rate)
    assert str(found_rate) == rate  # the printed digits, not a float's


def test_a_dividend_is_recognised_whatever_the_units() -> None:
    assert classify("IDCW Reinvested @ Rs.0.5", IN)[0] is T.DIVIDEND_REINVEST
