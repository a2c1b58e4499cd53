"""The capital-gains rules in force on a sale date, for mutual-fund units.

- Equity-oriented funds: long term after 12 months. Long-term gains were exempt until
  31 March 2018 (section 10(38)); from 1 April 2018, 10% over ₹1 lakh (section 112A) with the
  cost of units bought on or before 31 January 2018 grandfathered at that day's NAV; short term
  15% (section 111A). From 23 July 2024: 20% short term, 12.5% over ₹1.25 lakh long term.
- Specified funds (section 50AA): units bought on or after 1 April 2023 are short term whatever
  the holding period, at the slab rate. Until 31 March 2025 a specified fund is one with at most
  35% in domestic equity; from 1 April 2025, one with more than 65% in debt.
- Other funds: until 22 July 2024 long term after 36 months at 20% with indexation; from
  23 July 2024 long term after 24 months at 12.5% without indexation. Short term: slab rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from .funds import FundNature

GRANDFATHERING_DATE = date(2018, 1, 31)
EQUITY_LTCG_TAXED_FROM = date(2018, 4, 1)
SPECIFIED_FUNDS_FROM = date(2023, 4, 1)
BUDGET_2024 = date(2024, 7, 23)
SPECIFIED_REDEFINED_FROM = date(2025, 4, 1)


class Term(StrEnum):
    SHORT = "SHORT"
    LONG = "LONG"


@dataclass(frozen=True, slots=True)
class Treatment:
    """How one matched lot's gain is taxed."""

    term: Term
    rate: str
    #: long-term equity gain sold before 1 April 2018: nothing taxable
    exempt: bool = False
    #: the cost is the higher of cost and (the lower of the 2018 FMV and the sale value)
    grandfathered: bool = False
    #: the cost is indexed with the cost inflation index
    indexed: bool = False


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if leap else _MONTH_DAYS[month - 1]


@lru_cache(maxsize=64)
def _rule(
    term: Term,
    rate: str,
    *,
    exempt: bool = False,
    grandfathered: bool = False,
    indexed: bool = False,
) -> Treatment:
    """The few distinct treatments, made once each (a long statement has thousands of lots)."""
    return Treatment(term, rate, exempt, grandfathered, indexed)


def plus_months(day: date, months: int) -> date:
    """``day`` moved ``months`` months on, clipped to the month's end (29 Feb → 28 Feb)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, _days_in(year, month)))


def _held_over(bought: date, sold: date, months: int) -> bool:
    return sold > plus_months(bought, months)


def is_specified(nature: FundNature, bought: date, sold: date) -> bool:
    """Section 50AA: the units' gains are short term whatever the holding period."""
    if bought < SPECIFIED_FUNDS_FROM:
        return False
    if nature is FundNature.DEBT:
        return True
    return nature is FundNature.LOW_EQUITY and sold < SPECIFIED_REDEFINED_FROM


def _equity(bought: date, sold: date) -> Treatment:
    long = _held_over(bought, sold, 12)
    if sold < EQUITY_LTCG_TAXED_FROM:
        return _rule(Term.LONG, "exempt", exempt=True) if long else _rule(Term.SHORT, "15%")
    grandfathered = bought <= GRANDFATHERING_DATE
    if sold < BUDGET_2024:
        if long:
            return _rule(Term.LONG, "10% over ₹1 lakh", grandfathered=grandfathered)
        return _rule(Term.SHORT, "15%")
    if long:
        return _rule(Term.LONG, "12.5% over ₹1.25 lakh", grandfathered=grandfathered)
    return _rule(Term.SHORT, "20%")


def treatment(nature: FundNature, bought: date, sold: date) -> Treatment:
    """The term and rate of a lot bought on ``bought`` and sold on ``sold``."""
    if nature is FundNature.EQUITY:
        return _equity(bought, sold)
    if is_specified(nature, bought, sold):
        return _rule(Term.SHORT, "slab (specified fund)")
    if sold < BUDGET_2024:
        if _held_over(bought, sold, 36):
            return _rule(Term.LONG, "20% with indexation", indexed=True)
        return _rule(Term.SHORT, "slab")
    if _held_over(bought, sold, 24):
        return _rule(Term.LONG, "12.5%")
    return _rule(Term.SHORT, "slab")


def financial_year(day: date) -> str:
    """``FY2024-25`` for any day from 1 April 2024 to 31 March 2025."""
    first = day.year if day.month > 3 else day.year - 1
    return f"FY{first}-{(first + 1) % 100:02d}"


#: the cost inflation index (base 2001-02 = 100), by the financial year's first calendar year
COST_INFLATION_INDEX: dict[int, int] = {
    2001: 100, 2002: 105, 2003: 109, 2004: 113, 2005: 117, 2006: 122, 2007: 129, 2008: 137,
    2009: 148, 2010: 167, 2011: 184, 2012: 200, 2013: 220, 2014: 240, 2015: 254, 2016: 264,
    2017: 272, 2018: 280, 2019: 289, 2020: 301, 2021: 317, 2022: 331, 2023: 348, 2024: 363,
    2025: 376,
}  # fmt: skip


def cost_inflation_index(day: date) -> int | None:
    """The index of ``day``'s financial year (units held before 2001 take the base year's)."""
    first = day.year if day.month > 3 else day.year - 1
    return COST_INFLATION_INDEX.get(max(first, 2001))
