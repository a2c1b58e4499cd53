"""Placeholders for the values of a REST body that differ between two identical runs."""

from __future__ import annotations

import re

from core.batch.timings import StageTimingsView

#: fields holding an instant: digits are masked, the format (fraction, zone) is kept
INSTANT_FIELDS = (
    "created_at",
    "updated_at",
    "resets_at",
    "expires_at",
    "at",
    "generated_at",
    "timestamp",
)
#: fields whose value is an id, a duration or a secret: masked whole
VOLATILE_FIELDS = (
    "id",
    "job_id",
    "document_id",
    "request_id",
    "upload_id",
    "account_id",
    "processing_ms",
    "mean_processing_ms",
    *StageTimingsView.model_fields,  # each stage's milliseconds
    "sha256",
    "access_token",
    "refresh_token",
    "api_key",
    "masked_key",
    "masked_api_key",
)
_STRING = r'"(?:[^"\\]|\\.)*"'
_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_FIELD = re.compile(rf'"({"|".join(VOLATILE_FIELDS)})":(\s*)({_STRING}|{_NUMBER})')
_INSTANT = re.compile(rf'"({"|".join(INSTANT_FIELDS)})":(\s*)({_STRING})')
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")
_LOOPBACK = re.compile(r"127\.0\.0\.1:\d+")
#: map fields (proto maps and Structs): their members come in hash order, which means nothing
MAP_FIELDS = ("metadata", "by_type", "by_status")
_FLAT_MAP = re.compile(rf'"({"|".join(MAP_FIELDS)})":(\s*)\{{([^{{}}]*)\}}')
_MEMBER = re.compile(rf"{_STRING}:\s*(?:{_STRING}|[^,]+)")


def normalise(body: str) -> str:
    """``body`` with every volatile value replaced by ``<field>`` (its quoting and the text
    around it left exactly as printed), the digits of instants masked, map members sorted, and
    stray ids or loopback ports in messages masked."""

    def placeholder(match: re.Match[str]) -> str:
        name, space, value = match.groups()
        shape = "string" if value.startswith('"') else "number"
        return f'"{name}":{space}"<{name}:{shape}>"'

    def sorted_members(match: re.Match[str]) -> str:
        name, space, inner = match.groups()
        separator = ", " if ", " in inner else ","
        members = sorted(_MEMBER.findall(inner))
        return f'"{name}":{space}{{{separator.join(members)}}}'

    def digits_masked(match: re.Match[str]) -> str:
        name, space, value = match.groups()
        return f'"{name}":{space}{re.sub(r"[0-9]", "n", value)}'

    body = _FLAT_MAP.sub(sorted_members, body)
    body = _INSTANT.sub(digits_masked, body)
    body = _FIELD.sub(placeholder, body)
    body = _UUID.sub("<uuid>", body)
    body = _HEX_ID.sub("<hex-id>", body)
    return _LOOPBACK.sub("127.0.0.1:<port>", body)
