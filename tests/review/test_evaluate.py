"""Every rule kind over the extraction of a generated invoice, passing and failing, with what
was observed, what was expected and where the observed value is printed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from core.extraction.read import read_document
from core.review.evaluate import review
from core.review.rules import parse_rules
from core.review.views import CheckView
from core.settings import Settings
from tests.extraction.documents import Invoice, make_invoice


@pytest.fixture(scope="module")
def invoice() -> Invoice:
    return make_invoice(41)


@pytest.fixture(scope="module")
def result(invoice: Invoice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    read = read_document(invoice.pdf, None, Settings(data_dir=tmp_path_factory.mktemp("rv")))
    assert isinstance(read, dict)
    return read


def check(result: dict[str, Any], rule: dict[str, Any], today: date | None = None) -> CheckView:
    (rules,) = [parse_rules([{"rule_id": "r", "description": "a rule", **rule}])]
    passed, (found,) = review(result, rules, today or date(2025, 6, 1))
    assert passed == found.passed
    return found


def test_field_present(result: dict[str, Any], invoice: Invoice) -> None:
    found = check(result, {"kind": "field_present", "field": "invoice_number"})
    assert (found.passed, found.observed, found.expected) == (True, invoice.number, "present")
    assert found.page == 1 and found.bbox == result["fields"]["invoice_number"]["bbox"]
    missing = check(result, {"kind": "field_present", "field": "purchase_order"})
    assert (missing.passed, missing.observed, missing.reason) == (
        False,
        None,
        "purchase_order not found",
    )
    assert missing.page is None


def test_equals(result: dict[str, Any], invoice: Invoice) -> None:
    found = check(result, {"kind": "equals", "field": "total_amount", "value": invoice.total})
    assert (found.passed, found.observed, found.expected) == (True, invoice.total, invoice.total)
    assert found.page == 1
    text = check(result, {"kind": "equals", "field": "place_of_supply", "value": "karnataka"})
    assert (text.passed, text.observed) == (False, "Karnataka")
    folded = {"kind": "equals", "field": "place_of_supply", "value": "karnataka"}
    assert check(result, {**folded, "ignore_case": True}).passed
    when = check(
        result,
        {"kind": "equals", "field": "invoice_date", "value": f"{invoice.invoice_date:%d/%m/%Y}"},
    )
    assert when.passed  # dates compare as dates, whatever their printed form
    wrong = check(result, {"kind": "equals", "field": "total_amount", "value": invoice.total + 1})
    assert (wrong.passed, wrong.expected, wrong.reason) == (
        False,
        invoice.total + 1,
        "total_amount differs",
    )


def test_matches(result: dict[str, Any], invoice: Invoice) -> None:
    found = check(result, {"kind": "matches", "field": "gstin", "value": r"^27[A-Z]{5}"})
    assert (found.passed, found.observed, found.expected) == (
        True,
        invoice.seller_gstin,
        r"^27[A-Z]{5}",
    )
    other = check(result, {"kind": "matches", "field": "buyer_gstin", "value": r"^27"})
    assert (other.passed, other.observed) == (False, invoice.buyer_gstin)
    assert other.bbox == result["fields"]["buyer_gstin"]["bbox"]


def test_a_runaway_pattern_fails_instead_of_stalling() -> None:
    result = {"fields": {"note": {"value": "a" * 40 + "!", "page": 1, "bbox": []}}}
    found = check(result, {"kind": "matches", "field": "note", "value": r"^(a|aa)+$"})
    assert (found.passed, found.reason) == (False, "the pattern took too long and was stopped")


def test_compare(result: dict[str, Any], invoice: Invoice) -> None:
    low = check(
        result, {"kind": "compare", "field": "total_amount", "operator": "ge", "value": 1000}
    )
    assert (low.passed, low.observed, low.expected) == (True, invoice.total, ">= 1000")
    cap = check(result, {"kind": "compare", "field": "subtotal", "operator": "lt", "value": 100})
    assert (cap.passed, cap.observed, cap.expected) == (False, invoice.subtotal, "< 100")
    assert cap.reason == f"subtotal is {invoice.subtotal:g}, not < 100"
    same = {"kind": "compare", "field": "cgst_9", "operator": "eq", "value": invoice.cgst}
    assert check(result, same).passed
    assert not check(result, {**same, "operator": "ne"}).passed
    text = check(result, {"kind": "compare", "field": "ifsc", "operator": "gt", "value": 0})
    assert (text.passed, text.reason) == (False, "ifsc is not a number")


def test_date_within_another_date_and_today(result: dict[str, Any], invoice: Invoice) -> None:
    rule = {"kind": "date_within", "field": "due_date", "other_field": "invoice_date"}
    found = check(result, {**rule, "days": 30})
    assert (found.passed, found.observed) == (True, invoice.due_date.isoformat())
    assert found.expected == {"within_days": 30, "of": invoice.invoice_date.isoformat()}
    assert found.page == 1
    short = check(result, {**rule, "days": 29})
    assert (short.passed, short.reason) == (False, "30 days apart")
    near = invoice.invoice_date + timedelta(days=10)
    fresh = check(result, {"kind": "date_within", "field": "invoice_date", "days": 10}, near)
    assert fresh.passed and fresh.expected == {"within_days": 10, "of": near.isoformat()}
    stale = check(result, {"kind": "date_within", "field": "invoice_date", "days": 9}, near)
    assert not stale.passed


def test_sum_of_a_table_column_reconciles(result: dict[str, Any], invoice: Invoice) -> None:
    rule = {"kind": "sum_reconciles", "column": "Amount", "field": "subtotal", "tolerance": 0.01}
    found = check(result, rule)
    assert (found.passed, found.observed, found.expected) == (
        True,
        pytest.approx(invoice.subtotal),
        invoice.subtotal,
    )
    (table,) = result["tables"]
    assert (found.page, found.bbox) == (table["page"], table["bbox"])  # the column's table
    off = check(result, {**rule, "field": "total_amount"})
    assert (off.passed, off.expected) == (False, invoice.total)
    assert off.reason == f"off by {invoice.total - invoice.subtotal:.2f}"
    absent = check(result, {**rule, "column": "Discount"})
    assert (absent.passed, absent.reason) == (False, "no table with a column 'Discount'")


def test_sum_of_fields_reconciles(result: dict[str, Any], invoice: Invoice) -> None:
    rule = {
        "kind": "sum_reconciles",
        "fields": ["subtotal", "cgst_9", "sgst_9"],
        "field": "total_amount",
        "tolerance": 0.01,
    }
    found = check(result, rule)
    assert (found.passed, found.observed, found.expected) == (
        True,
        pytest.approx(invoice.total),
        invoice.total,
    )
    short = check(result, {**rule, "fields": ["subtotal", "cgst_9"]})
    assert (short.passed, short.observed) == (False, pytest.approx(invoice.total - invoice.sgst))


def test_fields_equal(result: dict[str, Any], invoice: Invoice) -> None:
    found = check(result, {"kind": "fields_equal", "field": "cgst_9", "other_field": "sgst_9"})
    assert (found.passed, found.observed, found.expected) == (True, invoice.cgst, invoice.sgst)
    differ = check(result, {"kind": "fields_equal", "field": "gstin", "other_field": "buyer_gstin"})
    assert (differ.passed, differ.observed, differ.expected) == (
        False,
        invoice.seller_gstin,
        invoice.buyer_gstin,
    )
    assert differ.reason == "gstin differs from buyer_gstin"


def test_groups(result: dict[str, Any]) -> None:
    present = {"kind": "field_present", "field": "upi", "rule_id": "upi"}
    absent = {"kind": "field_present", "field": "swift", "rule_id": "swift"}
    either = check(result, {"kind": "any", "rules": [present, absent]})
    assert (either.passed, either.observed, either.expected) == (True, 1, 1)
    assert [(c.rule_id, c.passed) for c in either.checks] == [("upi", True), ("swift", False)]
    both = check(result, {"kind": "all", "rules": [present, absent]})
    assert (both.passed, both.observed, both.expected, both.reason) == (
        False,
        1,
        2,
        "1 of 2 rules passed",
    )


def test_top_level_names_and_the_fields_prefix(result: dict[str, Any], invoice: Invoice) -> None:
    assert check(result, {"kind": "equals", "field": "document_type", "value": "invoice"}).passed
    assert check(result, {"kind": "compare", "field": "pages", "operator": "eq", "value": 1}).passed
    prefixed = check(result, {"kind": "field_present", "field": "fields.invoice_number"})
    assert prefixed.observed == invoice.number


def test_schema_values_are_readable() -> None:
    result = {"schema_fields": {"values": {"po": {"lines": [{"qty": 3}]}}}}
    found = check(
        result, {"kind": "compare", "field": "schema.po.lines.0.qty", "operator": "eq", "value": 3}
    )
    assert (found.passed, found.observed) == (True, 3.0)
