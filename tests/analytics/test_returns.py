"""Returns and allocation from first principles: XIRR checked against a bisection of the net
present value written here, switches cancelling in the portfolio, invested from the printed
cost or the lots held, and allocation summing to the statement's values (CAS and eCAS)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from core.analytics import analyse
from core.models.unified import UnifiedResponse
from tests.analytics.build import debt, equity, row, scheme, second_equity, statement
from tests.analytics.lifetime import statement as lifetime
from tests.statements.ecas import generate_ecas

D = Decimal


def _npv(rate: float, flows: list[tuple[date, float]]) -> float:
    first = min(d for d, _ in flows)
    return sum(a / (1 + rate) ** ((d - first).days / 365) for d, a in flows)


def _bisect_xirr(flows: list[tuple[date, float]]) -> float:
    """The rate that zeroes the flows' NPV, by bisection (as a percentage)."""
    low, high = -0.99, 10.0
    for _ in range(200):
        mid = (low + high) / 2
        if (_npv(mid, flows) > 0) == (_npv(low, flows) > 0):
            low = mid
        else:
            high = mid
    return low * 100


def test_xirr_of_one_purchase_is_the_annualised_growth() -> None:
    rows = [row("2020-01-01", "PURCHASE", 10000, 1000, 10)]
    result = analyse(statement(scheme(equity(), rows, nav=11.0), end="2021-01-01"))
    expected = (1.1 ** (365 / 366) - 1) * 100  # 2020 has 366 days
    (one,) = result.returns.schemes
    assert one.xirr is not None and abs(one.xirr - expected) < 1e-3
    portfolio = result.returns.portfolio
    assert portfolio.xirr == one.xirr == result.returns.folios[0].xirr
    assert (portfolio.invested, portfolio.current_value, portfolio.gain) == (
        D(10000), D(11000), D(1000),
    )  # fmt: skip
    assert portfolio.gain_percentage == D(10) and result.returns.as_of == "2021-01-01"


def test_charges_and_dividends_are_cash_flows_and_switches_cancel_in_the_portfolio() -> None:
    old = scheme(
        equity(),
        [
            row("2020-01-01", "PURCHASE", 9999.5, 999.95, 10),
            row("2020-01-01", "STAMP_DUTY_TAX", 0.5),
            row("2020-03-02", "DIVIDEND_PAYOUT", 300),
            row("2020-05-04", "DIVIDEND_REINVEST", 150, 15, 10),  # no money moves
            row("2020-06-01", "REDEMPTION", -165, -15, 11),
            row("2020-07-01", "SWITCH_OUT", -10499.48, -999.95, 10.5),
            row("2020-07-01", "STT_TAX", 0.1),
        ],
        nav=10.5,
    )
    new = scheme(second_equity(), [row("2020-07-01", "SWITCH_IN", 10499.48, 499.976, 21)], nav=23.1)
    result = analyse(statement(old, new, end="2021-01-01"))
    value = float(D("499.976") * D("23.1"))
    external = [
        (date(2020, 1, 1), -10000.0),
        (date(2020, 3, 2), 300.0),
        (date(2020, 6, 1), 165.0),
        (date(2020, 7, 1), -0.1),
        (date(2021, 1, 1), value),
    ]
    assert result.returns.portfolio.xirr is not None
    assert abs(result.returns.portfolio.xirr - _bisect_xirr(external)) < 1e-3
    first = result.returns.schemes[0]
    own = [*external[:4], (date(2020, 7, 1), 10499.48)]
    assert first.xirr is not None and abs(first.xirr - _bisect_xirr(own)) < 1e-3


def test_invested_is_the_printed_cost_or_the_cost_of_the_lots_held() -> None:
    rows = [
        row("2021-01-04", "PURCHASE", 1000, 100, 10),
        row("2021-06-01", "PURCHASE", 1200, 100, 12),
        row("2022-03-01", "REDEMPTION", -1500, -100, 15),
    ]
    printed = scheme(equity(), rows, nav=16.0, cost=1150.0)
    lots = scheme(second_equity(), rows, nav=16.0)
    opened = scheme(debt(), [row("2021-06-01", "PURCHASE", 1200, 100, 12)], opening=5.0)
    result = analyse(statement(printed, lots, opened, end="2023-01-02"))
    first, second, third = result.returns.schemes
    assert (first.invested, first.current_value, first.gain) == (D(1150), D(1600), D(450))
    assert second.invested == D(1200)  # the lot bought at 12 is the one still held
    assert third.xirr is None  # its first purchases are not in the statement
    assert any("XIRR needs every purchase" in w for w in result.warnings)
    folio = result.returns.folios[0]
    assert folio.xirr is None and folio.current_value == sum(
        (s.current_value for s in result.returns.schemes), D(0)
    )


def _close(slices: list[Any], expected: dict[str, Decimal]) -> None:
    assert {s.name: s.value for s in slices} == {
        k: v.quantize(D("0.01")) for k, v in expected.items() if v
    }
    assert abs(sum(s.percentage for s in slices) - 100) < D("0.05")


def test_allocation_of_a_cas_by_amc_and_fund_type() -> None:
    truth = UnifiedResponse.model_validate(lifetime(5).truth)
    result = analyse(truth)
    by_amc: dict[str, Decimal] = defaultdict(Decimal)
    by_type: dict[str, Decimal] = defaultdict(Decimal)
    for folio in truth.mutual_funds or []:
        for s in folio.schemes or []:
            by_amc[folio.amc or ""] += s.value or 0
            by_type[str(s.type)] += s.value or 0
    _close(result.allocation.by_amc, by_amc)
    _close(result.allocation.by_fund_type, by_type)
    assert result.allocation.total == sum(by_amc.values(), D(0))
    assert result.allocation.by_asset_class == result.allocation.by_account == []


def test_allocation_of_an_ecas_by_asset_class_and_account() -> None:
    truth = UnifiedResponse.model_validate(generate_ecas(seed=3, encryption=None).truth)
    result = analyse(truth)
    classes: dict[str, Decimal] = defaultdict(Decimal)
    for account in truth.demat_accounts or []:
        holdings = account.holdings
        assert holdings is not None
        for label, rows in (
            ("Equities", holdings.equities),
            ("Mutual funds (demat)", holdings.demat_mutual_funds),
            ("Corporate bonds", holdings.corporate_bonds),
            ("Government securities", holdings.government_securities),
            ("AIFs", holdings.aifs),
        ):
            classes[label] += sum((h.value or D(0) for h in rows or []), D(0))
    for folio in truth.mutual_funds or []:
        classes["Mutual funds"] += sum((s.value or D(0) for s in folio.schemes or []), D(0))
    for nps in truth.nps or []:
        classes["NPS"] += nps.value or D(0)
    _close(result.allocation.by_asset_class, classes)
    assert sum((s.value for s in result.allocation.by_account), D(0)) == result.allocation.total
    assert len(result.allocation.by_account) >= len(truth.demat_accounts or [])
    assert result.capital_gains.transactions == []
    assert any("eCAS" in w for w in result.warnings)
