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
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message


def transcoder_json(message: Message) -> str:
    """``message`` as one line of JSON, as the transcoder prints it."""
    try:
        return _message(message)
    except (_Unsupported, KeyError):  # KeyError: an extension, which no plan lists
        return _generic(message)


def _generic(message: Message) -> str:
    """What :func:`transcoder_json` prints, by way of ``MessageToDict``: slower, for every
    kind of field (enums, maps, bytes, 32-bit floats)."""
    data = json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    return _dump(_in_field_order(message.DESCRIPTOR, data))


class _Unsupported(Exception):
    """A value the direct printer leaves to :func:`_generic` (which prints the message)."""


class _Plan(NamedTuple):
    """How the direct printer prints a message type."""

    #: per field: its value (a list, for a repeated field) as ``"name":JSON``
    encoders: dict[FieldDescriptor, Callable[[Any], str]]
    #: the fields in declaration order, each with the JSON of its default when it has no
    #: presence (``None`` for a field printed only when set)
    fields: tuple[tuple[FieldDescriptor, str | None], ...]
    #: every field has presence and they are declared in number order, the order in which
    #: ``ListFields`` gives them: the set fields print as they come
    as_listed: bool


#: by message descriptor (protobuf's upb and pure-Python descriptors alike)
_PLANS: dict[Any, _Plan] = {}


def _message(message: Message) -> str:
    """A message printed directly from its set fields: what ``MessageToDict`` (with the
    transcoder's options) then :func:`_in_field_order` and :func:`_dump` print, in one pass."""
    descriptor = message.DESCRIPTOR
    plan = _PLANS.get(descriptor) or _plan(descriptor)
    encoders = plan.encoders
    if plan.as_listed:
        return "{" + ",".join([encoders[f](v) for f, v in message.ListFields()]) + "}"
    present = dict(message.ListFields())
    parts = []
    for field, default in plan.fields:
        if field in present:
            parts.append(encoders[field](present[field]))
        elif default is not None:
            parts.append(default)
    return "{" + ",".join(parts) + "}"


def _plan(descriptor: Any) -> _Plan:
    encoders: dict[FieldDescriptor, Callable[[Any], str]] = {}
    fields: list[tuple[FieldDescriptor, str | None]] = []
    for field in descriptor.fields:
        key = encode_basestring(field.name) + ":"
        encode, default = _encoder(field)
        if field.is_repeated and default != "{}":
            encoders[field] = _repeated(key, encode)
            default = "[]"
        else:
            encoders[field] = _keyed(key, encode)
        if field.has_presence:
            fields.append((field, None))
        elif default is None:  # an unset enum prints its name: left to _generic
            raise _Unsupported(field.full_name)
        else:
            fields.append((field, key + default))
    numbers = [field.number for field in descriptor.fields]
    as_listed = numbers == sorted(numbers) and all(d is None for _, d in fields)
    plan = _PLANS[descriptor] = _Plan(encoders, tuple(fields), as_listed)
    return plan


def _keyed(key: str, encode: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda value: key + encode(value)


def _repeated(key: str, encode: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda values: key + "[" + ",".join(map(encode, values)) + "]"


def _encoder(field: FieldDescriptor) -> tuple[Callable[[Any], str], str | None]:
    """How one value of ``field`` prints, and how its default does."""
    kind, inner = field.type, field.message_type
    if inner is not None:
        if inner.GetOptions().map_entry:
            return _unsupported, "{}"
        if inner.file.package == "google.protobuf":
            return _well_known, None
        return _message, None
    if kind == FieldDescriptor.TYPE_STRING:
        return encode_basestring, '""'
    if kind == FieldDescriptor.TYPE_BOOL:
        return _bool, "false"
    if kind == FieldDescriptor.TYPE_DOUBLE:
        return _double_json, "0"
    if kind in _INT32:
        return str, "0"
    if kind in _INT64:
        return _quoted, '"0"'
    return _unsupported, None  # enums, bytes, 32-bit floats


_INT32 = frozenset(
    {
        FieldDescriptor.TYPE_INT32,
        FieldDescriptor.TYPE_UINT32,
        FieldDescriptor.TYPE_SINT32,
        FieldDescriptor.TYPE_FIXED32,
        FieldDescriptor.TYPE_SFIXED32,
    }
)
_INT64 = frozenset(
    {
        FieldDescriptor.TYPE_INT64,
        FieldDescriptor.TYPE_UINT64,
        FieldDescriptor.TYPE_SINT64,
        FieldDescriptor.TYPE_FIXED64,
        FieldDescriptor.TYPE_SFIXED64,
    }
)


def _unsupported(value: Any) -> str:
    raise _Unsupported(type(value).__name__)


def _well_known(message: Message) -> str:
    """A ``Timestamp``, ``Struct``, … as ``MessageToDict`` renders it."""
    return _dump(
        json_format.MessageToDict(
            message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
        )
    )


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _quoted(value: int) -> str:
    return '"' + str(value) + '"'


def _double_json(value: float) -> str:
    if math.isfinite(value):
        return _double(value)
    return '"NaN"' if math.isnan(value) else '"Infinity"' if value > 0 else '"-Infinity"'


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
