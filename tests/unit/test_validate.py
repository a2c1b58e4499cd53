"""The statement's own arithmetic: gains, running unit balances, valuations, printed totals."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.models import MutualFundFolio, Scheme
from core.parsers.validate import (
    MONEY_TOLERANCE,
    UNITS_TOLERANCE,
    gain,
    printed_totals,
    running_balance,
    valuation,
)


# ------------------------------------------------------------------ gain
def test_gain_is_value_minus_cost_rounded_half_up_to_the_paisa() -> None:
    g = gain(D("1100.005"), D("1000"))
    assert g.absolute == D("100.01")  # half up, not to even
    assert g.percentage == D("10.00")


def test_a_loss_is_negative() -> None:
    g = gain(D("750.00"), D("1000.00"))
    assert (g.absolute, g.percentage) == (D("-250.00"), D("-25.00"))


@pytest.mark.parametrize("cost", [D("0"), D("-5")])
def test_no_percentage_without_a_positive_cost(cost: D) -> None:
    g = gain(D("10"), cost)
    assert g.percentage is None
    assert g.absolute == D("10") - cost


# ------------------------------------------------------------------ running balances
def test_rows_that_track_the_printed_balance_give_no_warning() -> None:
    rows = [("2024-04-02", D("10.000"), D("110.000")), ("2024-05-02", D("-30.000"), D("80.000"))]
    assert running_balance("S", D("100.000"), rows, D("80.000")) == []


def test_differences_within_the_units_tolerance_are_rounding() -> None:
    rows = [("2024-04-02", D("10.000"), D("110.000") + UNITS_TOLERANCE)]
    assert running_balance("S", D("100"), rows, None) == []


def test_a_missing_row_is_reported_once_and_the_balance_resynchronises() -> None:
    rows = [
        ("2024-04-02", D("10"), D("110")),
        ("2024-05-02", D("5"), D("125")),  # a 10-unit row was missed before this one
        ("2024-06-02", D("5"), D("130")),  # consistent again from the printed balance
    ]
    warnings = running_balance("Scheme X", D("100"), rows, D("130"))
    assert len(warnings) == 1
    assert "Scheme X" in warnings[0] and "2024-05-02" in warnings[0]
    assert "125" in warnings[0] and "115" in warnings[0]


def test_rows_without_a_printed_balance_still_count() -> None:
    rows = [("2024-04-02", D("10"), None), ("2024-05-02", D("10"), D("120"))]
    assert running_balance("S", D("100"), rows, None) == []
    assert running_balance("S", D("100"), rows[:1], D("100")) != []  # closing misses the row


def test_rows_without_units_change_nothing() -> None:
    assert running_balance("S", D("100"), [("2024-04-02", None, D("100"))], D("100")) == []


def test_a_closing_balance_off_by_more_than_the_tolerance_is_reported() -> None:
    warnings = running_balance("S", D("100"), [], D("100") + UNITS_TOLERANCE * 2)
    assert len(warnings) == 1 and "closing" in warnings[0]


# ------------------------------------------------------------------ valuation
def test_value_must_be_units_times_nav() -> None:
    assert valuation("S", D("10.000"), D("12.3456"), D("123.46")) == []
    warnings = valuation("S", D("10.000"), D("12.3456"), D("133.46"))
    assert len(warnings) == 1 and "133.46" in warnings[0] and "123.46" in warnings[0]


def test_large_values_get_a_relative_tolerance() -> None:
    # 0.01% of ten lakh is 100: printing rounding of the NAV stays inside it
    units, nav = D("100000.000"), D("10.0000")
    assert valuation("S", units, nav, D("1000090.00")) == []
    assert valuation("S", units, nav, D("1000110.00")) != []


def test_small_values_get_the_money_tolerance() -> None:
    assert valuation("S", D("1"), D("10"), D("10") + MONEY_TOLERANCE) == []
    assert valuation("S", D("1"), D("10"), D("10") + MONEY_TOLERANCE * 2) != []


@pytest.mark.parametrize("missing", ["units", "nav", "value"])
def test_nothing_to_check_without_all_three(missing: str) -> None:
    parts: dict[str, D | None] = {"units": D("1"), "nav": D("2"), "value": D("99")}
    parts[missing] = None
    assert valuation("S", parts["units"], parts["nav"], parts["value"]) == []


# ------------------------------------------------------------------ printed totals
def folio(amc: str, *schemes: tuple[str, str]) -> MutualFundFolio:
    return MutualFundFolio(
        amc=amc, schemes=[Scheme(cost=D(cost), value=D(value)) for cost, value in schemes]
    )


FOLIOS = [
    folio("Alpha MF", ("100.10", "120.20"), ("0.20", "0.10")),
    folio("Beta MF", ("50.00", "45.00")),
]


def test_totals_that_add_up_give_no_warning() -> None:
    per_amc = {"Alpha MF": (D("100.30"), D("120.30")), "Beta MF": (D("50.00"), D("45.00"))}
    assert printed_totals(FOLIOS, per_amc, (D("150.30"), D("165.30"))) == []


def test_a_misread_scheme_shows_in_its_amcs_total_and_the_grand_total() -> None:
    per_amc = {"Alpha MF": (D("100.30"), D("130.30")), "Beta MF": (D("50.00"), D("45.00"))}
    warnings = printed_totals(FOLIOS, per_amc, (D("150.30"), D("175.30")))
    assert len(warnings) == 2
    assert warnings[0].startswith("Alpha MF: printed market value 130.30")
    assert warnings[1].startswith("Total: printed market value 175.30")


def test_a_cost_mismatch_is_its_own_warning() -> None:
    warnings = printed_totals(FOLIOS, {"Beta MF": (D("60.00"), D("45.00"))}, None)
    assert warnings == ["Beta MF: printed cost value 60.00 but schemes add up to 50.00."]


def test_a_grand_total_without_cost_checks_the_value_only() -> None:
    assert printed_totals(FOLIOS, {}, (D("0"), D("165.30"))) == []
