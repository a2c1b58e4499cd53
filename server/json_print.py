"""Messages printed as JSON exactly as the gateway's transcoder prints them.

Envoy's transcoder (protobuf's C++ printer with ``preserve_proto_field_names`` and
``always_print_primitive_fields``) writes fields in declaration order, fields without presence
even when they hold their default, no spaces, and a double as C's ``%.15g`` (``%.17g`` when that
does not round-trip): ``100``, not Python's ``100.0``. Whatever the server prints itself (the
WebSocket frames) goes through here, so a client sees the same bytes on every transport.
"""

from __future__ import annotations

import json
import math
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message


def transcoder_json(message: Message) -> str:
    """``message`` as one line of JSON, as the transcoder prints it."""
    data = json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    return _dump(_in_field_order(message.DESCRIPTOR, data))


def _in_field_order(descriptor: Any, value: Any) -> Any:
    """``value`` with a message's keys in declaration order (well-known types and maps as
    they are)."""
    if descriptor is None or not isinstance(value, dict):
        return value
    ordered = {}
    for field in descriptor.fields:
        if field.name not in value:
            continue
        inner = field.message_type
        plain = (
            inner is None or inner.GetOptions().map_entry or inner.file.package == "google.protobuf"
        )
        child = None if plain else inner
        item = value[field.name]
        if field.is_repeated and isinstance(item, list):
            ordered[field.name] = [_in_field_order(child, each) for each in item]
        else:
            ordered[field.name] = _in_field_order(child, item)
    return ordered


def _dump(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{_dump(str(k))}:{_dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_dump(each) for each in value) + "]"
    if isinstance(value, float) and math.isfinite(value):
        return _double(value)
    return json.dumps(value, ensure_ascii=False)


def _double(value: float) -> str:
    text = f"{value:.15g}"
    return text if float(text) == value else f"{value:.17g}"
