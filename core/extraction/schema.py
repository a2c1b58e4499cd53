"""Schema-driven fields: the request's JSON Schema, filled by the LLM (the tagging pipeline's
OpenRouter client) from the document's text, then checked twice. A value the text does not
contain is dropped and reported (models invent plausible invoice numbers); what is left is
validated against the schema, and its violations are reported too. Without an OpenRouter key
the feature is off and says so."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
from jsonschema.exceptions import SchemaError

from core.errors import BadRequest
from core.settings import Settings
from core.tagging import llm
from core.tagging.pipeline import record_call

from .values import as_date, parse_amount, parse_date

MAX_SCHEMA_BYTES = 20_000
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"-?(?:₹|Rs\.?|INR)?\s?\d[\d,]*(?:\.\d+)?")
_DATE_TOKEN = re.compile(
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}[- ][A-Za-z]{3,9}[-, ]+\d{2,4}"
)

SYSTEM_PROMPT = (
    "You extract fields from a document. Answer with one JSON object that follows the given "
    "JSON Schema. Copy values exactly as the document prints them (numbers as JSON numbers); "
    "leave out every field the document does not state. Never guess."
)


def check_schema(schema: dict[str, Any]) -> None:
    """``BadRequest`` for a schema too big to send or not a valid JSON Schema."""
    if len(json.dumps(schema)) > MAX_SCHEMA_BYTES:
        raise BadRequest(f"schema is larger than {MAX_SCHEMA_BYTES} bytes")
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except SchemaError as exc:
        raise BadRequest(f"schema is not a valid JSON Schema: {exc.message}") from None


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


class Grounding:
    """What the document's text holds, indexed for the "is this value printed?" question."""

    def __init__(self, text: str) -> None:
        self.text = _normal(text)
        self.numbers = {n for m in _NUMBER.finditer(text) if (n := parse_amount(m.group()))}
        self.numbers |= {0.0} if re.search(r"(?<![\d.,])0(?![\d.,])", text) else set()
        self.dates = {d for m in _DATE_TOKEN.finditer(text) if (d := parse_date(m.group()))}

    def holds(self, value: Any) -> bool:
        if isinstance(value, bool) or value is None:
            return True  # a yes/no is an answer about the text, not a copy of it
        if isinstance(value, int | float):
            return any(abs(float(value) - n) < 0.005 for n in self.numbers)
        text = str(value)
        if _normal(text) in self.text:
            return True
        when = as_date(text)
        if when is not None:
            return when in self.dates
        amount = parse_amount(text)
        return amount is not None and self.holds(amount)


def _leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, f"{path}/{index}")
    else:
        yield path, node


def _without(node: Any, drop: set[str], path: str = "") -> Any:
    """``node`` without the leaves at ``drop`` (JSON pointers)."""
    if isinstance(node, dict):
        kept = {}
        for key, value in node.items():
            sub = f"{path}/{key}"
            if sub not in drop:
                kept[key] = _without(value, drop, sub)
        return kept
    if isinstance(node, list):
        return [
            _without(v, drop, f"{path}/{i}")
            for i, v in enumerate(node)
            if f"{path}/{i}" not in drop
        ]
    return node


def checked(answer: dict[str, Any], schema: dict[str, Any], text: str) -> dict[str, Any]:
    """The answer's values that the text holds, what was dropped, and the schema's verdict."""
    grounding = Grounding(text)
    dropped = [
        {"path": path, "value": value, "reason": "not found in the document's text"}
        for path, value in _leaves(answer)
        if path and not grounding.holds(value)
    ]
    values = _without(answer, {d["path"] for d in dropped})
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [
        f"{'/' + '/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(values)
    ]
    return {"valid": not errors, "values": values, "dropped": dropped, "errors": errors}


def fill_schema(
    schema: dict[str, Any], text: str, settings: Settings, account_id: str | None
) -> dict[str, Any]:
    """The schema's fields from ``text`` (blocking: one HTTP call, one row of LLM usage)."""
    if not llm.configured(settings):
        return {"valid": False, "unavailable": "no LLM is configured (CASGATE_OPENROUTER_API_KEY)"}
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {
            "role": "user",
            "content": f"JSON Schema: {json.dumps(schema, ensure_ascii=False)}\n\n"
            f"Document:\n{llm.excerpt(text, settings.extraction_schema_prompt_chars)}",
        },
    ]
    content, call = llm.LlmTagger(settings).complete(messages)
    if account_id is not None:
        record_call(settings, account_id, call)
    if content is None:
        return {"valid": False, "unavailable": f"the LLM call failed: {call.error}"}
    try:
        answer = json.loads(_FENCE.sub("", content.strip()))
    except json.JSONDecodeError:
        answer = None
    if not isinstance(answer, dict):
        return {"valid": False, "unavailable": "the LLM did not answer a JSON object"}
    return checked(answer, schema, text)
