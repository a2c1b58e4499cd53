"""Rows of CDSL's own tables, placed by column: transactions and NPS funds."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from core.parsers.cdsl_rows import nps_fund, strip_marker, transaction_row
from core.parsers.ecas_text import Label, Table
from core.pdf import Line, Word
from tests.unit.build import line, right_aligned, word

#: ISIN | Security | Particulars | Date | Op. Bal | Credit | Debit | Cl. Bal | Stamp
TX = Table(
    [
        Label("ISIN", 20.0, 40.0),
        Label("Security", 90.0, 130.0),
        Label("Particulars", 170.0, 220.0),
        Label("Date", 260.0, 280.0),
        Label("Op. Bal", 300.0, 330.0),
        Label("Credit", 345.0, 370.0),
        Label("Debit", 385.0, 410.0),
        Label("Cl. Bal", 425.0, 450.0),
        Label("Stamp", 465.0, 490.0),
    ]
)


def tx_line(
    isin: str | None, *, credit: str = "--", debit: str = "--", day: str = "02-04-2024"
) -> Line:
    words: list[Word] = [word("By", 170.0), word("Purchase", 185.0), word(day, 260.0)]
    if isin:
        words.append(word(isin, 20.0))
    words += [
        right_aligned("100.000", 330.0),
        right_aligned(credit, 370.0),
        right_aligned(debit, 410.0),
        right_aligned("110.000", 450.0),
        right_aligned("0.15", 490.0),
    ]
    return line(*words)


def test_a_transaction_row_by_column() -> None:
    row = transaction_row(TX, tx_line("INE002A01018", credit="10.000"), None)
    assert row is not None
    assert row.isin == "INE002A01018"
    assert row.opening == D("100.000")
    m = row.movement
    assert (m.date, m.description) == ("2024-04-02", "By Purchase")
    assert (m.credit, m.debit, m.balance, m.stamp_duty) == (
        D("10.000"),
        None,
        D("110.000"),
        D("0.15"),
    )
    assert m.units == D("10.000")


def test_a_row_without_its_isin_keeps_the_previous_one() -> None:
    row = transaction_row(TX, tx_line(None, debit="5.000"), "INE009A01021")
    assert row is not None and row.isin == "INE009A01021"
    assert row.movement.units == D("-5.000")


@pytest.mark.parametrize("day", ["02-Apr-2024", "Total", "2024-04-02"])
def test_a_line_without_a_numeric_date_is_no_transaction(day: str) -> None:
    assert transaction_row(TX, tx_line("INE002A01018", day=day), None) is None


@pytest.mark.parametrize(
    ("name", "bare"), [("ACME LTD !!", "ACME LTD"), ("ACME LTD ##", "ACME LTD"), ("A!!B", "A!!B")]
)
def test_status_markers_are_stripped_from_the_end_only(name: str, bare: str) -> None:
    assert strip_marker(name) == bare


#: Scheme Name | Fund Manager | Units | NAV | Value
NPS = Table(
    [
        Label("Scheme", 20.0, 60.0),
        Label("Fund Manager", 200.0, 260.0),
        Label("Units", 330.0, 360.0),
        Label("NAV", 400.0, 420.0),
        Label("Value", 480.0, 510.0),
    ]
)


def nps_lines(value: str | None, units: str = "123.4567", nav: str = "45.6789") -> list[Line]:
    first = [
        word("SCHEME", 20.0),
        word("E", 60.0),
        word("SBI", 200.0),
        word("PENSION", 220.0),
        right_aligned(units, 360.0),
        right_aligned(nav, 420.0),
    ]
    if value is not None:
        first.append(right_aligned(value, 510.0))
    second = [word("TIER", 20.0, 690.0), word("II", 50.0, 690.0), word("FUNDS", 200.0, 690.0)]
    return [line(*first), line(*second)]


def test_an_nps_fund_with_its_wrapped_name_manager_and_tier() -> None:
    fund = nps_fund(NPS, nps_lines("5,639.40"))
    assert fund is not None
    assert fund.name == "SCHEME E TIER II"
    assert (fund.units, fund.nav, fund.value) == (D("123.4567"), D("45.6789"), D("5639.40"))
    assert fund.additional_info is not None
    assert fund.additional_info.manager == "SBI PENSION FUNDS"
    assert fund.additional_info.tier == 2


@pytest.mark.parametrize(
    ("units", "nav", "value"), [("100.0000", "12.3456", "1234.56"), ("3.0000", "0.3333", "1.00")]
)
def test_an_nps_fund_without_a_printed_value_is_units_times_nav_to_the_paisa(
    units: str, nav: str, value: str
) -> None:
    fund = nps_fund(NPS, nps_lines(None, units, nav))
    assert fund is not None
    assert str(fund.value) == value


def test_a_line_without_units_and_nav_is_no_fund() -> None:
    assert nps_fund(NPS, [line(word("SCHEME", 20.0), word("SBI", 200.0))]) is None
