"""FIFO lots and gains from first principles on hand-written statements: what casparser does
not compute (mergers carried over, reversals, gifts, segregated units, indexation, unknown 2018
NAVs) or refuses (an opening balance)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.analytics import analyse
from core.analytics.holdings import holdings
from core.analytics.lots import Ledger
from core.models.unified import UnifiedResponse
from tests.analytics.build import (
    debt,
    equity,
    equity_without_fmv,
    fmv,
    row,
    scheme,
    second_equity,
    statement,
)
from tests.analytics.lifetime import statement as lifetime
from tests.statements import generate

D = Decimal


def test_fifo_takes_the_oldest_lots_first_with_their_stamp_duty_and_the_sales_stt() -> None:
    rows = [
        row("2021-01-04", "PURCHASE", 999.95, 100, 9.9995),
        row("2021-01-04", "STAMP_DUTY_TAX", 0.05),
        row("2021-06-01", "PURCHASE", 1200, 100, 12),
        row("2022-03-01", "REDEMPTION", -2250, -150, 15),
        row("2022-03-01", "STT_TAX", 0.03),
    ]
    gains = analyse(statement(scheme(equity(), rows))).capital_gains
    first, second = gains.transactions
    assert (first.units, first.purchase_value, first.stamp_duty) == (D(100), D("999.95"), D("0.05"))
    assert (first.sale_value, first.stt, first.gain) == (D(1500), D("0.02"), D("500.00"))
    assert (first.term, first.rate) == ("LONG", "10% over ₹1 lakh")
    assert (second.units, second.purchase_value, second.sale_value) == (D(50), D(600), D(750))
    assert (second.term, second.gain, second.stt) == ("SHORT", D(150), D("0.01"))
    (year,) = gains.financial_years
    assert (year.financial_year, year.equity_long_term, year.equity_short_term) == (
        "FY2021-22", D(500), D(150),
    )  # fmt: skip
    assert year.cost == D("1599.95") + D("0.05") and year.sale_value == D(2250)


def test_a_merger_carries_dates_and_cost_into_the_new_scheme() -> None:
    old = scheme(
        equity(),
        [
            row("2017-06-01", "PURCHASE", 1000, 100, 10),
            row("2019-05-10", "SWITCH_OUT_MERGER", -2000, -100, 20),
        ],
    )
    new = scheme(
        second_equity(),
        [
            row("2019-05-10", "SWITCH_IN_MERGER", 2000, 50, 40),
            row("2020-01-10", "REDEMPTION", -1250, -25, 50),
        ],
    )
    result = analyse(statement(old, new))
    (sale,) = result.capital_gains.transactions  # the merger itself realises nothing
    assert sale.isin == second_equity()[0]
    assert (sale.purchase_date, sale.units, sale.purchase_value) == ("2017-06-01", D(25), D(500))
    assert (sale.sale_value, sale.gain, sale.term) == (D(1250), D(750), "LONG")
    assert sale.grandfathered  # bought before February 2018 in the old scheme
    assert not [w for w in result.warnings if "merge" in w]


def test_a_merger_from_outside_the_statement_is_costed_at_the_merger_and_said_so() -> None:
    new = scheme(
        equity_without_fmv(),
        [
            row("2021-05-10", "SWITCH_IN_MERGER", 2000, 50, 40),
            row("2021-09-10", "REDEMPTION", -1250, -25, 50),
        ],
    )
    result = analyse(statement(new))
    (sale,) = result.capital_gains.transactions
    assert (sale.purchase_date, sale.purchase_value, sale.term) == ("2021-05-10", D(1000), "SHORT")
    assert any("merger" in w and "not in the statement" in w for w in result.warnings)


def test_a_bounced_purchase_leaves_the_lots_and_a_reversed_sale_puts_them_back() -> None:
    rows = [
        row("2021-01-04", "PURCHASE", 1000, 100, 10),
        row("2021-02-01", "PURCHASE", 600, 50, 12),
        row("2021-02-20", "REVERSAL", -600, -50, 12),  # the cheque bounced
        row("2021-03-01", "REDEMPTION", -520, -40, 13),
        row("2021-03-05", "REVERSAL", 520, 40, 13),  # the redemption was reversed
        row("2022-04-01", "REDEMPTION", -1500, -100, 15),
    ]
    result = analyse(statement(scheme(equity(), rows)))
    (sale,) = result.capital_gains.transactions
    assert (sale.sale_date, sale.units, sale.purchase_date) == ("2022-04-01", D(100), "2021-01-04")
    assert (sale.purchase_value, sale.gain) == (D(1000), D(500))
    assert not result.warnings


def test_gifts_move_units_without_a_gain_and_segregated_units_cost_nothing() -> None:
    rows = [
        row("2021-01-04", "PURCHASE", 1000, 100, 10),
        row("2021-02-01", "MISC", -330, -30, 11),  # gifted to another folio
        row("2021-03-01", "MISC", 120, 10, 12),  # received from another folio
        row("2021-04-01", "SEGREGATION", 0, 20, 0),
        row("2021-05-03", "REDEMPTION", -1300, -100, 13),
    ]
    result = analyse(statement(scheme(debt(), rows, kind="Debt")))
    lots = [(t.purchase_date, t.units, t.purchase_value) for t in result.capital_gains.transactions]
    assert lots == [
        ("2021-01-04", D(70), D(700)),
        ("2021-03-01", D(10), D(120)),
        ("2021-04-01", D(20), D(0)),
    ]
    assert any("gift" in w for w in result.warnings)
    assert any("segregated" in w for w in result.warnings)


def test_an_opening_balance_or_a_shortfall_leaves_the_gains_out_and_says_why() -> None:
    opened = scheme(equity(), [row("2021-05-03", "REDEMPTION", -130, -10, 13)], opening=50.0)
    short = scheme(
        second_equity(),
        [
            row("2021-01-04", "PURCHASE", 100, 10, 10),
            row("2021-05-03", "REDEMPTION", -260, -20, 13),
        ],
    )
    result = analyse(statement(opened, short))
    assert result.capital_gains.transactions == []
    assert any("starts with 50" in w for w in result.warnings)
    assert any("10 units short" in w for w in result.warnings)


def test_grandfathering_uses_the_31_january_2018_nav_or_says_it_is_unknown() -> None:
    isin, _ = equity()
    known = fmv(isin)
    sale_nav = known * 2
    rows = [
        row("2016-06-01", "PURCHASE", float(known / 2 * 10), 10, float(known / 2)),
        row("2019-06-03", "REDEMPTION", -float(sale_nav * 10), -10, float(sale_nav)),
    ]
    (lot,) = analyse(statement(scheme(equity(), rows))).capital_gains.transactions
    # cost = max(actual, min(FMV, sale)) = FMV: only the growth after January 2018 is taxed
    assert lot.grandfathered and lot.fmv_nav == known
    assert lot.taxable_gain == (lot.sale_value - known * 10).quantize(D("0.01"))
    assert lot.gain == lot.sale_value - lot.purchase_value

    rows = [
        row("2016-06-01", "PURCHASE", 1000, 100, 10),
        row("2019-06-03", "REDEMPTION", -2000, -100, 20),
    ]
    result = analyse(statement(scheme(equity_without_fmv(), rows)))
    (lot,) = result.capital_gains.transactions
    assert lot.grandfathered and lot.fmv_nav is None and lot.taxable_gain is None
    assert any("31 January 2018 is unknown" in w for w in result.warnings)
    (year,) = result.capital_gains.financial_years
    assert year.equity_long_term == D(1000) and year.equity_long_term_taxable == 0
    (schedule,) = result.capital_gains.schedule_112a
    be_row = schedule.csv.splitlines()[1].split(",")
    assert be_row[0] == "BE" and be_row[9] == "" and be_row[13] == ""  # not guessed


def test_debt_gains_are_indexed_until_july_2024_and_not_after() -> None:
    rows = [
        row("2015-06-01", "PURCHASE", 10000, 1000, 10),
        row("2022-06-01", "REDEMPTION", -7500, -500, 15),
        row("2024-08-01", "REDEMPTION", -8500, -500, 17),
    ]
    result = analyse(statement(scheme(debt(), rows, kind="Debt")))
    indexed, plain = sorted(result.capital_gains.transactions, key=lambda t: t.sale_date)
    assert (indexed.sale_date, indexed.rate) == ("2022-06-01", "20% with indexation")
    # cost 5000 indexed from FY2015-16 (254) to FY2022-23 (331)
    assert indexed.taxable_gain == D(7500) - (D(5000) * 331 / 254).quantize(D("0.01"))
    assert (plain.sale_date, plain.rate, plain.taxable_gain) == ("2024-08-01", "12.5%", D(3500))
    assert plain.fund_class == indexed.fund_class == "OTHER"


def test_a_switch_is_a_sale_and_a_purchase_on_the_same_day() -> None:
    old = scheme(
        equity(),
        [
            row("2021-01-04", "PURCHASE", 1000, 100, 10),
            row("2021-07-01", "SWITCH_OUT", -1200, -100, 12),
        ],
    )
    new = scheme(
        second_equity(),
        [
            row("2021-07-01", "SWITCH_IN", 1200, 60, 20),
            row("2022-07-05", "REDEMPTION", -1500, -60, 25),
        ],
    )
    switched, redeemed = sorted(
        analyse(statement(old, new)).capital_gains.transactions, key=lambda t: t.sale_date
    )
    assert (switched.sale_type, switched.gain, switched.term) == ("SWITCH_OUT", D(200), "SHORT")
    assert (redeemed.purchase_date, redeemed.purchase_value) == ("2021-07-01", D(1200))
    assert (redeemed.gain, redeemed.term) == (D(300), "LONG")


@pytest.mark.parametrize("seed", range(20))
def test_the_lots_left_are_the_units_held_and_mergers_realise_nothing(seed: int) -> None:
    """Whole-life statements with a merger: after every sale, switch and merger the lots still
    held add up to each scheme's closing units, and no gain is dated on a merger day."""
    truth = UnifiedResponse.model_validate(lifetime(seed, mergers=True).truth)
    schemes = holdings(truth)
    ledger = Ledger(schemes)
    matches = ledger.run()
    assert not ledger.warnings
    for book in ledger.books:
        held = sum((lot.units for lot in book.lots), D(0))
        assert abs(held - book.holding.units) < D("0.001"), book.holding.label
    assert all(m.sale_type in ("REDEMPTION", "SWITCH_OUT") for m in matches)


def test_segregated_units_keep_the_dates_of_the_units_they_were_split_from() -> None:
    main = scheme(
        ("INF000TEST01", "Example Credit Risk Fund - Direct Plan - Growth"),
        [
            row("2017-06-01", "PURCHASE", 1000, 100, 10),
            row("2019-01-01", "PURCHASE", 600, 50, 12),
        ],
        kind="Debt",
    )
    segregated = scheme(
        ("INF000TEST02", "Example Credit Risk Fund - Segregated Portfolio 1 (9% XYZ Ltd)"),
        [
            row("2020-06-01", "SEGREGATION", 0, 150, 0),
            row("2020-12-01", "REDEMPTION", -300, -150, 2),
        ],
        kind="Debt",
    )
    result = analyse(statement(main, segregated))
    lots = [
        (t.purchase_date, t.units, t.purchase_value, t.term)
        for t in result.capital_gains.transactions
    ]
    assert lots == [
        ("2017-06-01", D(100), D(0), "LONG"),  # held over 36 months with the main portfolio
        ("2019-01-01", D(50), D(0), "SHORT"),
    ]
    assert any("dated as the Example Credit Risk Fund" in w for w in result.warnings)


@pytest.mark.parametrize("issuer", ["CAMS", "KFINTECH"])
@pytest.mark.parametrize("seed", range(6))
def test_reversals_gifts_and_extinguished_units_leave_the_units_held(
    issuer: str, seed: int
) -> None:
    """The parse suite's statements (one year, every transaction kind: purchases bounced days
    later, redemptions reversed, gifts, unpaired mergers, segregated units): for every scheme
    that starts empty, the lots left equal its closing units."""
    made = generate(issuer=issuer, seed=seed, pages=2, encryption=None)
    ledger = Ledger(holdings(UnifiedResponse.model_validate(made.truth)))
    ledger.run()
    assert not [w for w in ledger.warnings if "short" in w or "not found" in w]
    for book in ledger.books:
        held = sum((lot.units for lot in book.lots), D(0))
        assert abs(held - book.holding.units) < D("0.001"), book.holding.label
