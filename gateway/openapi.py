"""Writes the OpenAPI 3.1 document of the REST surface from the descriptor set Envoy transcodes
with: the ``google.api.http`` bindings are the operations, the request and response messages
their schemas (as the transcoder prints them), proto comments the descriptions, the access
option the security, and the multipart twins a second request body of the same operation.

    python gateway/openapi.py           # write gateway/openapi.json
    python gateway/openapi.py --check   # exit 1 when it is stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from google.api import annotations_pb2
from google.protobuf import descriptor_pb2
from google.protobuf.descriptor_pb2 import FieldDescriptorProto as Field

GATEWAY_DIR = Path(__file__).resolve().parent
DESCRIPTOR = GATEWAY_DIR / "casgate.pb"
OUTPUT = GATEWAY_DIR / "openapi.json"
PACKAGE = "casgate.v1"
_ACCESS_OPTION = 50001  # casgate.v1.access
_PUBLIC_ACCESS = {1, 4}  # ACCESS_PUBLIC, ACCESS_OPTIONAL
_VARIABLE = re.compile(r"\{([^}=]+)[^}]*\}")

_SCALARS: dict[int, dict[str, Any]] = {
    Field.TYPE_DOUBLE: {"type": "number"},
    Field.TYPE_FLOAT: {"type": "number"},
    # the transcoder prints 64-bit integers as strings (JSON numbers lose precision past 2^53)
    Field.TYPE_INT64: {"type": "string", "format": "int64"},
    Field.TYPE_UINT64: {"type": "string", "format": "uint64"},
    Field.TYPE_SINT64: {"type": "string", "format": "int64"},
    Field.TYPE_FIXED64: {"type": "string", "format": "uint64"},
    Field.TYPE_SFIXED64: {"type": "string", "format": "int64"},
    Field.TYPE_INT32: {"type": "integer", "format": "int32"},
    Field.TYPE_SINT32: {"type": "integer", "format": "int32"},
    Field.TYPE_SFIXED32: {"type": "integer", "format": "int32"},
    Field.TYPE_UINT32: {"type": "integer", "format": "int64", "minimum": 0},
    Field.TYPE_FIXED32: {"type": "integer", "format": "int64", "minimum": 0},
    Field.TYPE_BOOL: {"type": "boolean"},
    Field.TYPE_STRING: {"type": "string"},
    Field.TYPE_BYTES: {"type": "string", "contentEncoding": "base64"},
}
_WELL_KNOWN: dict[str, dict[str, Any]] = {
    ".google.protobuf.Timestamp": {"type": "string", "format": "date-time"},
    ".google.protobuf.Duration": {"type": "string"},
    ".google.protobuf.Struct": {"type": "object"},
    ".google.protobuf.Value": {},
    ".google.protobuf.ListValue": {"type": "array"},
    ".google.protobuf.Empty": {"type": "object"},
}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error, on every path: `code` is stable, `msg` is for people.",
    "required": ["status", "msg", "code"],
    "properties": {
        "status": {"const": "failed"},
        "msg": {"type": "string", "description": "What went wrong, in words."},
        "code": {"type": "string", "description": "Stable machine-readable code (README)."},
    },
}


MULTIPART: dict[str, Any] = {
    "type": "object",
    "description": "The JSON body's fields as form parts: the file part is `pdf_file` (alias "
    "`file`), a message field is given as JSON.",
    "additionalProperties": True,
}


class Descriptors:
    """The descriptor set: messages and enums by full name, comments by location."""

    def __init__(self, path: Path) -> None:
        self.files = descriptor_pb2.FileDescriptorSet.FromString(path.read_bytes()).file
        self.messages: dict[str, descriptor_pb2.DescriptorProto] = {}
        self.enums: dict[str, descriptor_pb2.EnumDescriptorProto] = {}
        self.comments: dict[str, str] = {}
        for file in self.files:
            where = {
                tuple(loc.path): loc.leading_comments for loc in file.source_code_info.location
            }
            for i, message in enumerate(file.message_type):
                self._add_message(f".{file.package}.{message.name}", message, (4, i), where)
            for i, enum in enumerate(file.enum_type):
                self.enums[f".{file.package}.{enum.name}"] = enum
                self.comments[f".{file.package}.{enum.name}"] = _clean(where.get((5, i), ""))
            for s, service in enumerate(file.service):
                for m, method in enumerate(service.method):
                    key = f"/{file.package}.{service.name}/{method.name}"
                    self.comments[key] = _clean(where.get((6, s, 2, m), ""))

    def _add_message(
        self,
        name: str,
        message: descriptor_pb2.DescriptorProto,
        path: tuple[int, ...],
        where: dict[tuple[int, ...], str],
    ) -> None:
        self.messages[name] = message
        self.comments[name] = _clean(where.get(path, ""))
        for f, field in enumerate(message.field):
            self.comments[f"{name}.{field.name}"] = _clean(where.get((*path, 2, f), ""))
        for n, nested in enumerate(message.nested_type):
            self._add_message(f"{name}.{nested.name}", nested, (*path, 3, n), where)
        for e, enum in enumerate(message.enum_type):
            self.enums[f"{name}.{enum.name}"] = enum
            self.comments[f"{name}.{enum.name}"] = _clean(where.get((*path, 4, e), ""))


def _clean(comment: str) -> str:
    """A proto comment as one line, without lint directives."""
    lines = [line.strip() for line in comment.strip().splitlines()]
    return " ".join(line for line in lines if not line.startswith("buf:lint:")).strip()


def _schema_name(full_name: str) -> str:
    return full_name.removeprefix(f".{PACKAGE}.").lstrip(".").replace(".", "_")


class Builder:
    """Builds the document; schemas are added to components as they are referenced."""

    def __init__(self, descriptors: Descriptors) -> None:
        self.d = descriptors
        self.schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}

    def ref(self, type_name: str) -> dict[str, Any]:
        if type_name in _WELL_KNOWN:
            return dict(_WELL_KNOWN[type_name])
        name = _schema_name(type_name)
        if name not in self.schemas:
            self.schemas[name] = {}  # reserve first: messages may refer to themselves
            if type_name in self.d.enums:
                self.schemas[name] = self._enum(type_name)
            else:
                self.schemas[name] = self.message_schema(type_name)
        return {"$ref": f"#/components/schemas/{name}"}

    def _enum(self, type_name: str) -> dict[str, Any]:
        values = [v.name for v in self.d.enums[type_name].value]
        return _described({"type": "string", "enum": values}, self.d.comments.get(type_name))

    def field_schema(self, message: str, field: Field) -> dict[str, Any]:
        entry = self.d.messages.get(field.type_name)
        if entry is not None and entry.options.map_entry:
            value = entry.field[1]
            schema: dict[str, Any] = {
                "type": "object",
                "additionalProperties": self._single(field.type_name, value),
            }
        elif field.label == Field.LABEL_REPEATED:
            schema = {"type": "array", "items": self._single(message, field)}
        else:
            schema = self._single(message, field)
        return _described(schema, self.d.comments.get(f"{message}.{field.name}"))

    def _single(self, message: str, field: Field) -> dict[str, Any]:
        if field.type in (Field.TYPE_MESSAGE, Field.TYPE_ENUM):
            return self.ref(field.type_name)
        return dict(_SCALARS[field.type])

    def message_schema(self, type_name: str, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
        message = self.d.messages[type_name]
        properties = {
            f.name: self.field_schema(type_name, f) for f in message.field if f.name not in skip
        }
        # printed even when empty (always_print_primitive_fields): lists, maps and scalars
        # without presence; message fields, `optional` scalars and oneofs are left out unset
        required = [f.name for f in message.field if f.name not in skip and _always_printed(f)]
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        return _described(schema, self.d.comments.get(type_name))


def _always_printed(field: Field) -> bool:
    if field.label == Field.LABEL_REPEATED:
        return True
    return (
        field.type != Field.TYPE_MESSAGE
        and not field.proto3_optional
        and not field.HasField("oneof_index")
    )


def _described(schema: dict[str, Any], text: str | None) -> dict[str, Any]:
    if not text:
        return schema
    return {**schema, "description": text}  # 3.1 allows siblings of $ref


def _bindings(method: descriptor_pb2.MethodDescriptorProto) -> list[tuple[str, str, str]]:
    rule = method.options.Extensions[annotations_pb2.http]
    found = []
    for binding in [rule, *rule.additional_bindings]:
        verb = binding.WhichOneof("pattern")
        if verb and verb != "custom":
            found.append((verb, getattr(binding, verb), binding.body))
    return found


def _body_type(d: Descriptors, method: descriptor_pb2.MethodDescriptorProto, body: str) -> str:
    fields = d.messages[method.input_type].field
    return next((f.type_name for f in fields if f.name == body), "")


def _access(method: descriptor_pb2.MethodDescriptorProto) -> int:
    """The method's ``casgate.v1.access`` option, read from the raw options (the gateway does not
    import casgate's stubs, so the extension is an unknown field here)."""
    data, i = method.options.SerializeToString(), 0
    while i < len(data):
        tag, i = _varint(data, i)
        number, wire_type = tag >> 3, tag & 7
        if wire_type == 0:
            value, i = _varint(data, i)
            if number == _ACCESS_OPTION:
                return value
        elif wire_type == 2:
            length, i = _varint(data, i)
            i += length
        else:
            i += 8 if wire_type == 1 else 4
    return 0


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, i


def build(descriptor: Path = DESCRIPTOR) -> dict[str, Any]:
    """The OpenAPI document as a dict."""
    d = Descriptors(descriptor)
    b = Builder(d)
    paths: dict[str, dict[str, Any]] = {}
    multipart: set[tuple[str, str]] = set()
    for file in d.files:
        if file.package != PACKAGE:
            continue
        for service in file.service:
            for method in service.method:
                key = f"/{file.package}.{service.name}/{method.name}"
                for verb, path, body in _bindings(method):
                    if _body_type(d, method, body) == ".google.api.HttpBody":
                        multipart.add((verb, path))  # a multipart twin: merged below
                        continue
                    operation = _operation(b, d, key, method, verb, path, body)
                    paths.setdefault(path, {})[verb] = operation
    for verb, path in multipart:
        operation = paths.get(path, {}).get(verb)
        if operation is not None:
            operation["requestBody"]["content"]["multipart/form-data"] = {"schema": MULTIPART}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "casgate",
            "version": "v1",
            "description": "Statement parsing, batches and history, transcoded from gRPC. "
            "Generated from the protos by gateway/openapi.py: do not edit.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(b.schemas.items())),
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"},
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            },
            "responses": {"Error": {"description": "An error (4xx or 5xx)", "content": error}},
        },
        "security": [{"apiKey": []}, {"bearer": []}],
    }


def _operation(
    b: Builder,
    d: Descriptors,
    key: str,
    method: descriptor_pb2.MethodDescriptorProto,
    verb: str,
    path: str,
    body: str,
) -> dict[str, Any]:
    request = d.messages[method.input_type]
    path_params = _VARIABLE.findall(path)
    fields = {f.name: f for f in request.field}
    parameters: list[dict[str, Any]] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": b.field_schema(method.input_type, fields[name])
            if name in fields
            else {"type": "string"},
        }
        for name in path_params
    ]
    operation: dict[str, Any] = {
        "operationId": f"{method.name}_{verb}_{re.sub(r'[^A-Za-z0-9]+', '_', path).strip('_')}",
        "tags": [key.split("/")[1].split(".")[-1]],
    }
    if d.comments.get(key):
        operation["description"] = d.comments[key]
    if not body:
        for field in request.field:
            if field.name in path_params or field.type == Field.TYPE_MESSAGE:
                continue
            parameters.append(
                {
                    "name": field.name,
                    "in": "query",
                    "schema": b.field_schema(method.input_type, field),
                }
            )
    elif body == "*":
        schema = b.message_schema(method.input_type, frozenset(path_params))
        schema.pop("required", None)  # a request may leave any field out
        operation["requestBody"] = {"content": {"application/json": {"schema": schema}}}
    else:
        operation["requestBody"] = {
            "content": {
                "application/json": {"schema": b.field_schema(method.input_type, fields[body])}
            }
        }
    if parameters:
        operation["parameters"] = parameters
    success: dict[str, Any] = {"schema": b.ref(method.output_type)}
    media = "text/event-stream" if method.server_streaming else "application/json"
    if method.output_type == ".google.api.HttpBody":
        media, success = "text/csv", {"schema": {"type": "string"}}
    operation["responses"] = {
        "200": {"description": "OK", "content": {media: success}},
        "4XX": {"$ref": "#/components/responses/Error"},
        "5XX": {"$ref": "#/components/responses/Error"},
    }
    if _access(method) in _PUBLIC_ACCESS:
        operation["security"] = [{}]
    return operation


def render(descriptor: Path = DESCRIPTOR) -> str:
    return json.dumps(build(descriptor), indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when openapi.json is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print("gateway/openapi.json is stale (run `make generate`)")
            return 1
        print("gateway/openapi.json is up to date")
        return 0
    OUTPUT.write_text(text)
    print("wrote gateway/openapi.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
