"""A malformed workflow is refused with a 400 naming the rule and the reason."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import BadRequest
from core.review.rules import parse_rules
from tests.review.examples import example_workflows


def _rule(**fields: Any) -> dict[str, Any]:
    return {"rule_id": "r1", "kind": "field_present", "field": "total", **fields}


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([], "A workflow needs at least one rule"),
        ([_rule(kind="smells_right")], "Rule 'r1': kind 'smells_right' is not one of"),
        ([_rule(field="")], "Rule 'r1': field_present needs a field"),
        ([_rule(kind="equals")], "Rule 'r1': equals needs a value"),
        ([_rule(kind="matches", value="(unclosed")], "Rule 'r1': the pattern is not a valid"),
        ([_rule(kind="matches", value=3)], "Rule 'r1': matches needs a pattern"),
        ([_rule(kind="compare", operator="gte", value=1)], "Rule 'r1': operator 'gte' is not"),
        ([_rule(kind="compare", operator="ge", value="1")], "Rule 'r1': compare needs a numeric"),
        ([_rule(kind="date_within")], "Rule 'r1': date_within needs days"),
        ([_rule(kind="date_within", days=-1)], "Rule 'r1': days must be between 0 and"),
        ([_rule(kind="sum_reconciles")], "Rule 'r1': sum_reconciles needs exactly one of"),
        (
            [_rule(kind="sum_reconciles", column="Amount", fields=["a"])],
            "Rule 'r1': sum_reconciles needs exactly one of column and fields",
        ),
        ([_rule(kind="sum_reconciles", column="A", tolerance=-1)], "Rule 'r1': tolerance"),
        ([_rule(kind="fields_equal")], "Rule 'r1': fields_equal needs other_field"),
        ([_rule(kind="all", field="")], "Rule 'r1': a group (all) needs rules"),
        ([_rule(), _rule()], "Rule 'r1': rule_id is used twice"),
        ([_rule(rule_id="has space")], "Rule 'has space': rule_id must be"),
        ([_rule(rules=[_rule(rule_id="r2")])], "Rule 'r1': only all and any hold rules"),
        ([_rule(days="many")], "Malformed rule"),
    ],
)
def test_malformed_rules_name_the_rule_and_the_reason(
    rules: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(BadRequest) as refused:
        parse_rules(rules)
    assert refused.value.message.startswith(message), refused.value.message


def test_groups_nest_at_most_five_deep() -> None:
    rule: dict[str, Any] = _rule(rule_id="leaf")
    for depth in range(6):
        rule = {"rule_id": f"g{depth}", "kind": "any", "rules": [rule]}
    with pytest.raises(BadRequest, match="Rule 'g0': groups nest at most 5 deep"):
        parse_rules([rule])
    parse_rules([rule["rules"][0]])  # five deep is fine


def test_a_nested_rule_is_named() -> None:
    group = {"rule_id": "g", "kind": "all", "rules": [_rule(rule_id="inner", kind="equals")]}
    with pytest.raises(BadRequest, match="Rule 'inner': equals needs a value"):
        parse_rules([group])


def test_the_readme_examples_are_well_formed() -> None:
    examples = example_workflows()
    assert set(examples) == {"invoice", "cas"}
    for workflow in examples.values():
        assert parse_rules(workflow["rules"])
