"""The rules of each sale date, from first principles (the Income-tax Act as amended in 2018,
2023 and 2024); casparser knows none of the changes after 2018."""

from __future__ import annotations

from datetime import date

import pytest

from core.analytics.funds import FundNature
from core.analytics.rules import (
    Term,
    cost_inflation_index,
    financial_year,
    plus_months,
    treatment,
)

E, D, LOW, MID = FundNature.EQUITY, FundNature.DEBT, FundNature.LOW_EQUITY, FundNature.OTHER


@pytest.mark.parametrize(
    ("nature", "bought", "sold", "term", "rate"),
    [
        # equity: 12 months; exempt long term until March 2018, then 112A, then July 2024
        (E, date(2016, 5, 1), date(2017, 5, 1), Term.SHORT, "15%"),
        (E, date(2016, 5, 1), date(2017, 5, 2), Term.LONG, "exempt"),
        (E, date(2017, 1, 10), date(2018, 4, 2), Term.LONG, "10% over ₹1 lakh"),
        (E, date(2023, 8, 1), date(2024, 7, 22), Term.SHORT, "15%"),
        (E, date(2023, 8, 1), date(2024, 7, 23), Term.SHORT, "20%"),
        (E, date(2023, 7, 1), date(2024, 7, 23), Term.LONG, "12.5% over ₹1.25 lakh"),
        # debt: 36 months with indexation until 22 July 2024, 24 months at 12.5% after
        (D, date(2021, 7, 1), date(2024, 7, 1), Term.SHORT, "slab"),
        (D, date(2021, 7, 1), date(2024, 7, 2), Term.LONG, "20% with indexation"),
        (D, date(2022, 7, 1), date(2024, 7, 22), Term.SHORT, "slab"),
        (D, date(2022, 7, 1), date(2024, 7, 23), Term.LONG, "12.5%"),
        (D, date(2023, 3, 31), date(2025, 4, 1), Term.LONG, "12.5%"),
        # specified funds: bought from April 2023, short term however long held
        (D, date(2023, 4, 1), date(2026, 6, 1), Term.SHORT, "slab (specified fund)"),
        # low domestic equity (gold, overseas): specified only until the 2025 redefinition
        (LOW, date(2023, 5, 1), date(2025, 3, 31), Term.SHORT, "slab (specified fund)"),
        (LOW, date(2023, 5, 1), date(2025, 6, 2), Term.LONG, "12.5%"),
        (LOW, date(2023, 5, 1), date(2025, 5, 1), Term.SHORT, "slab"),
        # between (balanced hybrids): never specified
        (MID, date(2023, 5, 1), date(2025, 6, 2), Term.LONG, "12.5%"),
    ],
)
def test_term_and_rate_on_the_sale_date(
    nature: FundNature, bought: date, sold: date, term: Term, rate: str
) -> None:
    rule = treatment(nature, bought, sold)
    assert (rule.term, rule.rate) == (term, rate)
    assert rule.indexed == (rate == "20% with indexation")
    assert rule.exempt == (rate == "exempt")


def test_grandfathering_covers_units_bought_by_31_january_2018() -> None:
    assert treatment(E, date(2018, 1, 31), date(2019, 6, 1)).grandfathered
    assert not treatment(E, date(2018, 2, 1), date(2019, 6, 1)).grandfathered
    assert not treatment(E, date(2017, 1, 1), date(2018, 3, 1)).grandfathered  # exempt instead
    assert not treatment(D, date(2015, 1, 1), date(2019, 6, 1)).grandfathered


def test_months_and_years() -> None:
    assert plus_months(date(2020, 2, 29), 12) == date(2021, 2, 28)
    assert plus_months(date(2021, 8, 31), 6) == date(2022, 2, 28)
    assert financial_year(date(2024, 3, 31)) == "FY2023-24"
    assert financial_year(date(2024, 4, 1)) == "FY2024-25"
    assert financial_year(date(1999, 4, 1)) == "FY1999-00"
    assert cost_inflation_index(date(2015, 12, 1)) == 254
    assert cost_inflation_index(date(2023, 3, 31)) == 331
    assert cost_inflation_index(date(1995, 6, 1)) == 100  # before 2001: the base year
