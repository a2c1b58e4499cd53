"""eCAS building blocks: holding classes from ISINs, demat movements, positions, accounts and
the statement's totals, with the warnings their own arithmetic raises."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from core.models import TransactionType
from core.parsers.ecas_model import (
    Account,
    HoldingClass,
    Movement,
    Position,
    classify_isin,
    movement_type,
    summary,
)


@pytest.mark.parametrize(
    ("isin", "name", "cls"),
    [
        ("INE002A01018", "RELIANCE INDUSTRIES", HoldingClass.EQUITY),  # company, code 01
        ("INE002A07AB1", "RELIANCE NCD", HoldingClass.BOND),  # company, another code
        ("INE001A01036", "HDFC LTD 8.5% NCD", HoldingClass.BOND),  # code 01 but named a bond
        ("IN0020230010", "7.18% GS 2033", HoldingClass.GSEC),  # government issuer
        ("IN9999999999", "PARTLY PAID", HoldingClass.BOND),  # 9: not a government issuer
        ("INF179K01BB8", "HDFC FLEXI CAP", HoldingClass.MF),
        ("INF0ABC22019", "SOME AIF", HoldingClass.AIF),  # fund, security code 22
    ],
)
def test_classify_isin(isin: str, name: str, cls: HoldingClass) -> None:
    assert classify_isin(isin, name) is cls


@pytest.mark.parametrize(
    ("description", "units", "kind"),
    [
        ("By Purchase", D("5"), TransactionType.PURCHASE),
        ("To Sale", D("-5"), TransactionType.REDEMPTION),
        ("Bonus allotment", D("5"), TransactionType.MISC),
        ("Pledge created", D("-5"), TransactionType.MISC),
        ("Transfer to another DP", D("-5"), TransactionType.MISC),
    ],
)
def test_movement_type(description: str, units: D, kind: TransactionType) -> None:
    assert movement_type(description, units) is kind


def test_a_movements_units_are_credit_minus_debit() -> None:
    assert Movement("2024-04-02", "x", D("10"), None, None).units == D("10")
    assert Movement("2024-04-02", "x", None, D("4"), None).units == D("-4")
    assert Movement("2024-04-02", "x", D("10"), D("4"), None).units == D("6")


def position(**changes: Any) -> Position:
    fields: dict[str, Any] = {
        "isin": "INE002A01018",
        "name": "RELIANCE",
        "cls": HoldingClass.EQUITY,
        "units": D("100"),
        "value": D("250000.00"),
        "price": D("2500.00"),
    }
    fields.update(changes)
    return Position(**fields)


def test_opening_units_are_the_holding_less_its_movements() -> None:
    p = position(movements=[Movement("2024-04-02", "By Purchase", D("30"), None, D("100"))])
    info = p.model().additional_info
    assert info is not None
    assert (info.open_units, info.close_units) == (D("70"), D("100"))


def test_free_units_are_derived_only_when_something_is_encumbered() -> None:
    plain = position().model().additional_info
    assert plain is not None and plain.free_units is None and plain.pledged_units is None
    pledged = position(pledged=D("30"), locked=D("10")).model().additional_info
    assert pledged is not None
    assert (pledged.pledged_units, pledged.locked_units, pledged.free_units) == (
        D("30"),
        D("10"),
        D("60"),
    )
    printed = position(pledged=D("30"), free=D("65")).model().additional_info
    assert printed is not None and printed.free_units == D("65")  # the printed figure wins


def test_a_consistent_position_has_no_warnings() -> None:
    p = position(movements=[Movement("2024-04-02", "By Purchase", D("30"), None, D("100"))])
    assert p.warnings() == []


def test_position_warnings() -> None:
    p = position(
        value=D("260000.00"),  # not 100 x 2500
        movements=[
            Movement("2024-04-02", "To Sale", None, D("10"), D("-10")),
            Movement("2024-04-03", "By Purchase", D("110"), None, D("99")),  # holding is 100
        ],
    )
    warnings = p.warnings()
    assert len(warnings) == 3
    assert "value 260000.00 is not units 100 x price 2500.00" in warnings[0]
    assert "negative balance on 2024-04-02" in warnings[1]
    assert "balance 99 differs from the holding 100" in warnings[2]


def account(printed: D | None = None) -> Account:
    return Account(
        "NSDL",
        "IN300123",
        "10000001",
        printed_value=printed,
        positions=[
            position(),
            position(isin="INF179K01BB8", cls=HoldingClass.MF, value=D("0.10"), price=None),
        ],
    )


def test_an_account_groups_its_positions_by_class() -> None:
    model = account().model()
    assert model.bo_id == "IN30012310000001"
    assert model.value == D("250000.10")  # the holdings' sum when nothing is printed
    assert model.holdings is not None
    assert [h.isin for h in model.holdings.equities or []] == ["INE002A01018"]
    assert [h.isin for h in model.holdings.demat_mutual_funds or []] == ["INF179K01BB8"]
    assert model.holdings.corporate_bonds is None


def test_an_account_whose_printed_value_is_not_its_holdings_warns() -> None:
    assert account(D("250000.10")).warnings() == []
    assert account(D("250000.14")).warnings() == []  # within the money tolerance
    (warning,) = account(D("250100.10")).warnings()
    assert "printed value 250100.10 but its holdings add up to 250000.10" in warning


def test_summary_adds_every_kind_of_account() -> None:
    totals, warnings = summary(
        [account(D("100.00")), account(None)], [D("0.10"), D("0.20")], [D("5.00")], None
    )
    assert warnings == []
    assert totals.total_value == D("105.30")  # exact: no float drift in 0.1 + 0.2
    assert totals.accounts is not None
    demat, funds, nps = totals.accounts.demat, totals.accounts.mutual_funds, totals.accounts.nps
    assert demat is not None and (demat.count, demat.total_value) == (2, D("100.00"))
    assert funds is not None and (funds.count, funds.total_value) == (2, D("0.30"))
    assert nps is not None and (nps.count, nps.total_value) == (1, D("5.00"))


def test_summary_prefers_the_printed_total_and_warns_when_it_differs() -> None:
    totals, warnings = summary([], [D("10.00")], [], D("12.00"))
    assert totals.total_value == D("12.00")
    assert warnings == ["Printed portfolio value 12.00 but the accounts add up to 10.00."]
    assert totals.accounts is not None and totals.accounts.nps is None
