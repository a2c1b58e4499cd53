"""A workflow's rules and the checks that refuse a malformed one (400 naming the rule and why).

Kinds: ``field_present``, ``equals``, ``matches`` (a regular expression, searched with a time
cap since patterns come from users), ``compare`` (numeric), ``date_within`` (N days of another
date field or of today), ``sum_reconciles`` (a table column, or some fields, add up to a field
within a tolerance), ``fields_equal`` and the groups ``all`` and ``any``.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import regex
from pydantic import Field

from core.errors import BadRequest
from core.views import View


class Kind(StrEnum):
    FIELD_PRESENT = "field_present"
    EQUALS = "equals"
    MATCHES = "matches"
    COMPARE = "compare"
    DATE_WITHIN = "date_within"
    SUM_RECONCILES = "sum_reconciles"
    FIELDS_EQUAL = "fields_equal"
    ALL = "all"
    ANY = "any"


OPERATORS = ("lt", "le", "eq", "ne", "ge", "gt")
GROUPS = (Kind.ALL, Kind.ANY)
MAX_RULES = 200
MAX_DEPTH = 5
MAX_PATTERN = 500
MAX_DAYS = 36_600
_RULE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class Rule(View):
    """One rule, as stored and as answered (the ``WorkflowRule`` message)."""

    rule_id: str
    description: str = ""
    kind: str
    field: str = ""
    operator: str = ""
    value: Any = None
    days: int = 0
    fields: list[str] = Field(default_factory=list)
    other_field: str = ""
    column: str = ""
    table: int | None = None
    tolerance: float = 0.0
    rules: list[Rule] = Field(default_factory=list)
    ignore_case: bool = False


def _bad(rule: Rule, reason: str) -> BadRequest:
    return BadRequest(f"Rule {rule.rule_id!r}: {reason}")


def _check_kind(rule: Rule) -> Kind:
    try:
        return Kind(rule.kind)
    except ValueError:
        kinds = ", ".join(k.value for k in Kind)
        raise _bad(rule, f"kind {rule.kind!r} is not one of {kinds}") from None


def _need(rule: Rule, condition: bool, reason: str) -> None:
    if not condition:
        raise _bad(rule, reason)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_one(rule: Rule, kind: Kind) -> None:
    if kind not in GROUPS:
        _need(rule, bool(rule.field.strip()), f"{kind.value} needs a field")
    _need(rule, rule.tolerance >= 0, "tolerance must not be negative")
    if kind is Kind.EQUALS:
        _need(rule, rule.value is not None, "equals needs a value")
    elif kind is Kind.MATCHES:
        _need(rule, isinstance(rule.value, str) and bool(rule.value), "matches needs a pattern")
        _need(rule, len(rule.value) <= MAX_PATTERN, f"the pattern exceeds {MAX_PATTERN} chars")
        try:
            regex.compile(rule.value)
        except regex.error as exc:
            raise _bad(rule, f"the pattern is not a valid regular expression: {exc}") from None
    elif kind is Kind.COMPARE:
        _need(
            rule,
            rule.operator in OPERATORS,
            f"operator {rule.operator!r} is not one of {', '.join(OPERATORS)}",
        )
        _need(rule, _is_number(rule.value), "compare needs a numeric value")
    elif kind is Kind.DATE_WITHIN:
        _need(rule, 0 <= rule.days <= MAX_DAYS, f"days must be between 0 and {MAX_DAYS}")
        _need(rule, rule.days > 0 or bool(rule.other_field), "date_within needs days")
    elif kind is Kind.SUM_RECONCILES:
        _need(
            rule,
            bool(rule.column) != bool(rule.fields),
            "sum_reconciles needs exactly one of column and fields",
        )
        _need(rule, rule.table is None or rule.table >= 0, "table counts from 0")
    elif kind is Kind.FIELDS_EQUAL:
        _need(rule, bool(rule.other_field.strip()), "fields_equal needs other_field")
    elif kind in GROUPS:
        _need(rule, bool(rule.rules), f"a group ({kind.value}) needs rules")


def check_rules(rules: list[Rule]) -> None:
    """``BadRequest`` naming the first malformed rule and the reason."""
    if not rules:
        raise BadRequest("A workflow needs at least one rule")
    seen: set[str] = set()
    count = 0

    def walk(group: list[Rule], depth: int) -> None:
        nonlocal count
        for rule in group:
            count += 1
            if count > MAX_RULES:
                raise BadRequest(f"A workflow holds at most {MAX_RULES} rules")
            if not _RULE_ID.match(rule.rule_id):
                raise BadRequest(
                    f"Rule {rule.rule_id!r}: rule_id must be 1 to 64 letters, digits, '_', '.' "
                    "or '-'"
                )
            _need(rule, rule.rule_id not in seen, "rule_id is used twice")
            seen.add(rule.rule_id)
            kind = _check_kind(rule)
            _check_one(rule, kind)
            if kind in GROUPS:
                _need(rule, depth <= MAX_DEPTH, f"groups nest at most {MAX_DEPTH} deep")
                walk(rule.rules, depth + 1)
            else:
                _need(rule, not rule.rules, "only all and any hold rules")

    walk(rules, 1)


def parse_rules(raw: list[dict[str, Any]]) -> list[Rule]:
    """Rules from their JSON form, checked."""
    try:
        rules = [Rule.model_validate(item) for item in raw]
    except ValueError as exc:
        raise BadRequest(f"Malformed rule: {exc}") from None
    check_rules(rules)
    return rules
