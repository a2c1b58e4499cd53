"""multipart/form-data bodies, as the gateway hands them over (content type + raw bytes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart import MultipartParser
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import parse_options_header

from core.errors import BadRequest


@dataclass
class UploadedFile:
    """One file part."""

    filename: str
    content: bytes


@dataclass
class Form:
    """Text parts and file parts of a form, by field name (the first of repeated names wins)."""

    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    #: every file part in order, repeated names included
    all_files: list[tuple[str, UploadedFile]] = field(default_factory=list)

    def file(self, *names: str) -> UploadedFile | None:
        """The first file part under any of ``names``."""
        return next((self.files[n] for n in names if n in self.files), None)


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    data: bytearray = field(default_factory=bytearray)
    header_field: bytearray = field(default_factory=bytearray)
    header_value: bytearray = field(default_factory=bytearray)


def parse_form(content_type: str, body: bytes) -> Form:
    """Parse a multipart body; a malformed one is a ``BadRequest``."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BadRequest("Expected a multipart/form-data body with a boundary")
    parts: list[_Part] = []

    def on_part_begin() -> None:
        parts.append(_Part())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        parts[-1].header_field += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        parts[-1].header_value += data[start:end]

    def on_header_end() -> None:
        part = parts[-1]
        part.headers[bytes(part.header_field).lower()] = bytes(part.header_value)
        part.header_field.clear()
        part.header_value.clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1].data += data[start:end]

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except MultipartParseError as error:
        raise BadRequest(f"Malformed multipart body: {error}") from None
    return _collect(parts)


def _collect(parts: list[_Part]) -> Form:
    form = Form()
    for part in parts:
        disposition = part.headers.get(b"content-disposition", b"")
        _, params = parse_options_header(disposition)
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if not name:
            continue
        if b"filename" in params:
            upload = UploadedFile(params[b"filename"].decode("utf-8", "replace"), bytes(part.data))
            form.files.setdefault(name, upload)
            form.all_files.append((name, upload))
        else:
            form.fields.setdefault(name, bytes(part.data).decode("utf-8", "replace"))
    return form
