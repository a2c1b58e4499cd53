"""Rules applied to an extraction result: one check per rule, with what the document had
(``observed``), what the rule wanted (``expected``) and where the observed value was printed.

A rule reads a field by name: a key of the result's ``fields`` (``invoice_date``,
``investor.pan``; a leading ``fields.`` is allowed), ``schema.<path>`` for a schema-driven
value, or one of ``document_type``, ``cas_type``, ``pages``, ``tags``, ``ocr_used``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import regex

from core.extraction.values import as_date, as_number
from core.review.rules import Kind, Rule
from core.review.views import CheckView

#: seconds one user-supplied pattern may search one value
REGEX_TIMEOUT_SECONDS = 0.25
#: how close two numbers must be to be "equal" without a tolerance (paise rounding)
EPSILON = 0.005
_TOP_LEVEL = ("document_type", "cas_type", "pages", "tags", "ocr_used")
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "ge": operator.ge,
    "gt": operator.gt,
}
_SYMBOLS = {"lt": "<", "le": "<=", "eq": "==", "ne": "!=", "ge": ">=", "gt": ">"}


@dataclass(frozen=True)
class Observed:
    value: Any
    page: int | None = None
    bbox: list[float] = field(default_factory=list)


def lookup(result: dict[str, Any], name: str) -> Observed | None:
    """The field ``name`` of an extraction result (its dict), or ``None`` when absent."""
    name = name.strip().removeprefix("fields.")
    if name in _TOP_LEVEL:
        value = result.get(name)
        return Observed(value) if value is not None else None
    if name.startswith("schema."):
        node: Any = (result.get("schema_fields") or {}).get("values") or {}
        for part in name.removeprefix("schema.").split("."):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return Observed(node)
    found = (result.get("fields") or {}).get(name)
    if found is None:
        return None
    return Observed(found.get("value"), found.get("page"), list(found.get("bbox") or []))


def _same(a: Any, b: Any, ignore_case: bool = False, tolerance: float = 0.0) -> bool:
    """Equal as numbers (within the tolerance), as dates, or as trimmed text."""
    x, y = as_number(a), as_number(b)
    if x is not None and y is not None:
        return abs(x - y) <= max(tolerance, EPSILON)
    d1, d2 = as_date(a), as_date(b)
    if d1 is not None and d2 is not None:
        return d1 == d2
    if isinstance(a, str) and isinstance(b, str):
        left, right = a.strip(), b.strip()
        return left.casefold() == right.casefold() if ignore_case else left == right
    return bool(a == b)


class Evaluator:
    """Checks of one extraction result; ``today`` is the clock of ``date_within``."""

    def __init__(self, result: dict[str, Any], today: date) -> None:
        self.result = result
        self.today = today

    def run(self, rules: list[Rule]) -> list[CheckView]:
        return [self.check(rule) for rule in rules]

    def check(self, rule: Rule) -> CheckView:
        kind = Kind(rule.kind)
        method = getattr(self, f"_{kind.value}")
        outcome: dict[str, Any] = method(rule)
        return CheckView(
            rule_id=rule.rule_id, description=rule.description, kind=rule.kind, **outcome
        )

    def _field(self, rule: Rule) -> Observed | None:
        return lookup(self.result, rule.field)

    @staticmethod
    def _at(found: Observed | None) -> dict[str, Any]:
        if found is None:
            return {}
        return {"page": found.page, "bbox": found.bbox}

    @staticmethod
    def _missing(name: str, expected: Any) -> dict[str, Any]:
        return {
            "passed": False,
            "observed": None,
            "expected": expected,
            "reason": f"{name} not found",
        }

    def _field_present(self, rule: Rule) -> dict[str, Any]:
        found = self._field(rule)
        present = found is not None and found.value not in (None, "", [])
        return {
            "passed": present,
            "observed": found.value if found else None,
            "expected": "present",
            "reason": "" if present else f"{rule.field} not found",
            **self._at(found),
        }

    def _equals(self, rule: Rule) -> dict[str, Any]:
        found = self._field(rule)
        if found is None:
            return self._missing(rule.field, rule.value)
        passed = _same(found.value, rule.value, rule.ignore_case, rule.tolerance)
        return {
            "passed": passed,
            "observed": found.value,
            "expected": rule.value,
            "reason": "" if passed else f"{rule.field} differs",
            **self._at(found),
        }

    def _matches(self, rule: Rule) -> dict[str, Any]:
        found = self._field(rule)
        if found is None:
            return self._missing(rule.field, rule.value)
        flags = regex.IGNORECASE if rule.ignore_case else 0
        reason = ""
        try:
            hit = regex.search(rule.value, str(found.value), flags, timeout=REGEX_TIMEOUT_SECONDS)
            passed = hit is not None
            if not passed:
                reason = f"{rule.field} does not match the pattern"
        except TimeoutError:
            passed, reason = False, "the pattern took too long and was stopped"
        return {
            "passed": passed,
            "observed": found.value,
            "expected": rule.value,
            "reason": reason,
            **self._at(found),
        }

    def _compare(self, rule: Rule) -> dict[str, Any]:
        expected = f"{_SYMBOLS[rule.operator]} {rule.value:g}"
        found = self._field(rule)
        if found is None:
            return self._missing(rule.field, expected)
        number = as_number(found.value)
        if number is None:
            return {
                "passed": False,
                "observed": found.value,
                "expected": expected,
                "reason": f"{rule.field} is not a number",
                **self._at(found),
            }
        bound = float(rule.value)
        tolerance = max(rule.tolerance, EPSILON)
        if rule.operator == "eq":
            passed = abs(number - bound) <= tolerance
        elif rule.operator == "ne":
            passed = abs(number - bound) > tolerance
        else:
            passed = _OPERATORS[rule.operator](number, bound)
        return {
            "passed": passed,
            "observed": number,
            "expected": expected,
            "reason": "" if passed else f"{rule.field} is {number:g}, not {expected}",
            **self._at(found),
        }

    def _date_within(self, rule: Rule) -> dict[str, Any]:
        anchor_name = rule.other_field or "today"
        expected: dict[str, Any] = {"within_days": rule.days, "of": anchor_name}
        found = self._field(rule)
        if found is None:
            return self._missing(rule.field, expected)
        when = as_date(found.value)
        if rule.other_field:
            other = lookup(self.result, rule.other_field)
            anchor = as_date(other.value) if other else None
        else:
            anchor = self.today
        if anchor is not None:
            expected["of"] = anchor.isoformat()
        if when is None or anchor is None:
            name = rule.field if when is None else rule.other_field
            return {
                "passed": False,
                "observed": found.value,
                "expected": expected,
                "reason": f"{name} is not a date",
                **self._at(found),
            }
        gap = abs((when - anchor).days)
        passed = gap <= rule.days
        return {
            "passed": passed,
            "observed": when.isoformat(),
            "expected": expected,
            "reason": "" if passed else f"{gap} days apart",
            **self._at(found),
        }

    def _table_sum(self, rule: Rule) -> tuple[float, Observed] | str:
        """The sum of the rule's column and where its table is, or why there is none."""
        tables = self.result.get("tables") or []
        wanted = " ".join(rule.column.split()).casefold()
        candidates = (
            [tables[rule.table]] if rule.table is not None and rule.table < len(tables) else []
        )
        if rule.table is None:
            candidates = tables
        for table in candidates:
            header = [" ".join(h.split()).casefold() for h in table["header"]]
            if wanted in header:
                column = header.index(wanted)
                total = 0.0
                for row in table["rows"]:
                    value = as_number(row[column]) if column < len(row) else None
                    total += value or 0.0
                return round(total, 2), Observed(total, table["page"], list(table["bbox"]))
        return f"no table with a column {rule.column!r}"

    def _sum_reconciles(self, rule: Rule) -> dict[str, Any]:
        found = self._field(rule)
        target = as_number(found.value) if found else None
        if rule.column:
            summed = self._table_sum(rule)
            if isinstance(summed, str):
                return {"passed": False, "observed": None, "expected": target, "reason": summed}
            total, where = summed
        else:
            parts = [lookup(self.result, name) for name in rule.fields]
            missing = [n for n, p in zip(rule.fields, parts, strict=True) if p is None]
            if missing:
                return self._missing(", ".join(missing), target)
            numbers = [as_number(p.value) for p in parts if p is not None]
            total = round(sum(n or 0.0 for n in numbers), 2)
            where = parts[0] or Observed(total)
        if target is None:
            reason = f"{rule.field} not found" if found is None else f"{rule.field} is not a number"
            return {"passed": False, "observed": total, "expected": None, "reason": reason}
        passed = abs(total - target) <= max(rule.tolerance, EPSILON)
        return {
            "passed": passed,
            "observed": total,
            "expected": target,
            "reason": "" if passed else f"off by {abs(total - target):.2f}",
            **self._at(where),
        }

    def _fields_equal(self, rule: Rule) -> dict[str, Any]:
        found, other = self._field(rule), lookup(self.result, rule.other_field)
        if found is None or other is None:
            name = rule.field if found is None else rule.other_field
            return {
                **self._missing(name, other.value if other else None),
                "observed": found.value if found else None,
                **self._at(found),
            }
        passed = _same(found.value, other.value, rule.ignore_case, rule.tolerance)
        return {
            "passed": passed,
            "observed": found.value,
            "expected": other.value,
            "reason": "" if passed else f"{rule.field} differs from {rule.other_field}",
            **self._at(found),
        }

    def _group(self, rule: Rule, need_all: bool) -> dict[str, Any]:
        checks = self.run(rule.rules)
        passed_count = sum(1 for c in checks if c.passed)
        needed = len(checks) if need_all else 1
        passed = passed_count >= needed
        return {
            "passed": passed,
            "observed": passed_count,
            "expected": needed,
            "reason": "" if passed else f"{passed_count} of {len(checks)} rules passed",
            "checks": checks,
        }

    def _all(self, rule: Rule) -> dict[str, Any]:
        return self._group(rule, True)

    def _any(self, rule: Rule) -> dict[str, Any]:
        return self._group(rule, False)


def review(result: dict[str, Any], rules: list[Rule], today: date) -> tuple[bool, list[CheckView]]:
    """(passed, checks) of ``rules`` over an extraction result."""
    checks = Evaluator(result, today).run(rules)
    return all(c.passed for c in checks), checks
