"""Matching rules in paperless-ngx's style, and the guards on regular expressions."""

from __future__ import annotations

import pytest

from core.errors import BadRequest
from core.tagging.matching import MAX_MATCH_LENGTH, Rule, check_rule, matches
from core.tagging.models import MatchAlgorithm as A

TEXT = "TAX INVOICE No 42\nGSTIN 27AAAC1234F1Z5\nTotal payable Rs. 1,180.00 to HDFC Bank"


@pytest.mark.parametrize(
    ("algorithm", "match", "case_sensitive", "expected"),
    [
        (A.ANY, "receipt invoice", False, True),
        (A.ANY, "receipt salary", False, False),
        (A.ANY, "invoic", False, False),  # whole words only
        (A.ALL, "invoice hdfc total", False, True),
        (A.ALL, "invoice salary", False, False),
        (A.LITERAL, "total payable", False, True),
        (A.LITERAL, "payable total", False, False),
        (A.LITERAL, "Tax Invoice", True, False),
        (A.LITERAL, "TAX INVOICE", True, True),
        (A.ANY, "gstin", True, False),
        (A.REGEX, r"GSTIN\s+\d{2}[A-Z]{4}", False, True),
        (A.REGEX, r"PAN\s+[A-Z]{5}", False, False),
        (A.FUZZY, "total payble", False, True),
        (A.FUZZY, "hdfc bnak", False, True),
        (A.FUZZY, "salary slip", False, False),
        (A.NONE, "invoice", False, False),
    ],
)
def test_algorithms(algorithm: A, match: str, case_sensitive: bool, expected: bool) -> None:
    assert matches(Rule(algorithm, match, case_sensitive), TEXT) is expected


def test_case_insensitive_regex_and_words() -> None:
    assert matches(Rule(A.REGEX, r"tax invoice"), TEXT)
    assert not matches(Rule(A.REGEX, r"tax invoice", case_sensitive=True), TEXT)
    assert matches(Rule(A.ALL, "TOTAL hdfc"), TEXT)


def test_a_catastrophic_pattern_gives_up_instead_of_hanging() -> None:
    # (a+)+$ backtracks exponentially on a long run of a's followed by another character
    assert not matches(Rule(A.REGEX, r"(a+)+$"), "a" * 5000 + "!")
    assert matches(Rule(A.REGEX, r"(a+)+$"), "aaaa")


@pytest.mark.parametrize(
    "rule",
    [
        Rule(A.REGEX, "(unclosed"),
        Rule(A.ANY, "   "),
        Rule(A.LITERAL, "x" * (MAX_MATCH_LENGTH + 1)),
    ],
)
def test_unusable_rules_are_refused(rule: Rule) -> None:
    with pytest.raises(BadRequest):
        check_rule(rule)


def test_a_tag_without_a_rule_is_fine() -> None:
    check_rule(Rule(A.NONE, ""))
