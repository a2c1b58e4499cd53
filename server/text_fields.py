"""Every text field of every request is checked for control characters, once, here.

The request message is walked recursively (nested messages, repeated fields, maps, Struct
values); bytes fields are not text and pass. Which fields may hold line breaks or any
character but NUL is decided by field name, from the protos.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from core.control_chars import TextKind, check_text

from .interceptors import Context, Stream, Unary, WrappingInterceptor

#: fields of free text: a CSV body, a description
MULTILINE_FIELDS = frozenset({"csv", "description"})
#: opaque secrets: any character but NUL
SECRET_FIELDS = frozenset({"password"})


def _kind(field: FieldDescriptor) -> TextKind:
    if field.name in SECRET_FIELDS:
        return TextKind.SECRET
    if field.name in MULTILINE_FIELDS:
        return TextKind.MULTILINE
    return TextKind.PLAIN


def _check_value(path: str, field: FieldDescriptor, value: Any) -> None:
    if field.type == FieldDescriptor.TYPE_STRING:
        check_text(path, value, _kind(field))
    elif field.type == FieldDescriptor.TYPE_MESSAGE:
        check_text_fields(value, f"{path}.")


def check_text_fields(message: Message, prefix: str = "") -> None:
    """``BadRequest`` naming the first text field of ``message`` (e.g. ``sources[2].path``)
    that holds a control character its kind does not allow."""
    for field, value in message.ListFields():
        path = prefix + field.name
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            key_field, value_field = field.message_type.fields
            for key, item in value.items():
                if key_field.type == FieldDescriptor.TYPE_STRING:
                    check_text(f"{path} (a key)", key)
                _check_value(f"{path}[{key!r}]", value_field, item)
        elif field.is_repeated:
            for index, item in enumerate(value):
                _check_value(f"{path}[{index}]", field, item)
        else:
            _check_value(path, field, value)


class TextFieldInterceptor(WrappingInterceptor):
    """Refuses a request whose text fields hold control characters (400 naming the field)."""

    def wrap_unary(self, behavior: Unary, details: grpc.HandlerCallDetails) -> Unary:
        async def run(request: Any, context: Context) -> Any:
            check_text_fields(request)
            return await behavior(request, context)

        return run

    def wrap_stream(self, behavior: Stream, details: grpc.HandlerCallDetails) -> Stream:
        async def run(request: Any, context: Context) -> AsyncIterator[Any]:
            check_text_fields(request)
            async for message in behavior(request, context):
                yield message

        return run
