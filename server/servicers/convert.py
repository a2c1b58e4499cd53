"""proto ⇄ core: core functions return dicts named like the proto fields."""

from __future__ import annotations

from typing import Any, TypeVar

from google.protobuf import json_format
from google.protobuf.message import Message

M = TypeVar("M", bound=Message)


def to_message(data: dict[str, Any], message: M) -> M:
    """Fill ``message`` from a dict whose keys are its field names (None means unset).

    An unknown key is a programming error and raises: core and contract must not drift apart.
    """
    return json_format.ParseDict(_drop_none(data), message)


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
