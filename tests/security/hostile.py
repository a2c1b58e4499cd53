"""Hostile and broken PDFs, made in code, and how the engine refuses them."""

from __future__ import annotations

import base64
import io
import zipfile
import zlib
from collections.abc import Callable

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from core.errors import CasgateError
from core.models import StatementKind
from core.parse import parse_statement
from core.settings import Settings


def refusal(
    data: bytes,
    password: str | None = None,
    settings: Settings | None = None,
    expected: StatementKind | None = None,
) -> CasgateError:
    """The client error ``parse_statement`` answers ``data`` with (it must have a message)."""
    with pytest.raises(CasgateError) as info:
        parse_statement(data, password, expected, settings or Settings())
    assert info.value.message
    return info.value


def text_pdf(pages: int = 1, text: str = "Hello") -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for _ in range(pages):
        canvas.drawString(72, 720, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def image_only_pdf() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.rect(72, 72, 300, 300, fill=1)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def with_javascript() -> bytes:
    pdf = pikepdf.open(io.BytesIO(text_pdf()))
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"))
    pdf.Root.OpenAction = action
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def decompression_bomb(inflated: int = 64 * 1024 * 1024) -> bytes:
    pdf = pikepdf.open(io.BytesIO(text_pdf()))
    payload = zlib.compress(b"0" * inflated, 9)
    stream = pikepdf.Stream(pdf, payload)
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.Root.Bomb = pdf.make_indirect(stream)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def deep_nesting(depth: int = 100_000) -> bytes:
    body = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Deep 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        body,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def with_zip_appended(pdf: bytes) -> bytes:
    """``pdf`` followed by a ZIP archive (a polyglot): qpdf no longer finds the trailer and
    rebuilds the file, without checking an encrypted file's password."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.txt", "x" * 4000)
    return pdf + archive.getvalue()


def lzw(data: bytes) -> bytes:
    """``data`` LZW-encoded as PDF's ``/LZWDecode`` (EarlyChange 1) reads it."""
    table = {bytes([i]): i for i in range(256)}
    next_code, width = 258, 9
    acc, bits, out = 0, 0, bytearray()

    def emit(code: int) -> None:
        nonlocal acc, bits
        acc, bits = (acc << width) | code, bits + width
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
            acc &= (1 << bits) - 1

    emit(256)
    word = b""
    for byte in data:
        longer = word + bytes([byte])
        if longer in table:
            word = longer
            continue
        emit(table[word])
        table[longer] = next_code
        next_code += 1
        if next_code >= 1 << width and width < 12:
            width += 1
        if next_code >= 4093:
            emit(256)
            table = {bytes([i]): i for i in range(256)}
            next_code, width = 258, 9
        word = bytes([byte])
    if word:
        emit(table[word])
    emit(257)
    if bits:
        out.append((acc << (8 - bits)) & 0xFF)
    return bytes(out)


def run_length(data: bytes) -> bytes:
    """``data`` as ``/RunLengthDecode``: runs of up to 128 equal bytes, else literals."""
    out = bytearray()
    i = 0
    while i < len(data):
        run = 1
        while i + run < len(data) and run < 128 and data[i + run] == data[i]:
            run += 1
        if run > 1:
            out += bytes([257 - run, data[i]])
        else:
            out += bytes([0, data[i]])
        i += run
    return bytes(out + b"\x80")


#: how each filter name encodes
ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "/FlateDecode": lambda data: zlib.compress(data, 9),
    "/ASCIIHexDecode": lambda data: data.hex().encode() + b">",
    "/ASCII85Decode": lambda data: base64.a85encode(data) + b"~>",
    "/RunLengthDecode": run_length,
    "/LZWDecode": lzw,
}


def encoded(data: bytes, filters: list[str]) -> bytes:
    """``data`` encoded so that undoing ``filters`` in order gives it back."""
    for name in reversed(filters):
        data = ENCODERS[name](data)
    return data


def with_stream(raw: bytes, filters: list[str]) -> bytes:
    """A small PDF holding one extra (non-image) stream of ``raw`` bytes under ``filters``."""
    return with_streams([raw], filters)


def with_streams(raws: list[bytes], filters: list[str]) -> bytes:
    """A small PDF holding extra (non-image) streams of ``raws`` under ``filters``."""
    pdf = pikepdf.open(io.BytesIO(text_pdf()))
    payload = pikepdf.Array()
    for raw in raws:
        stream = pikepdf.Stream(pdf, raw)
        stream.Filter = pikepdf.Array([pikepdf.Name(name) for name in filters])
        payload.append(pdf.make_indirect(stream))
    pdf.Root.Payload = payload[0] if len(raws) == 1 else payload
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def _zeros_deflated(size: int) -> bytes:
    packer = zlib.compressobj(9)
    step = 1024 * 1024
    parts = [packer.compress(bytes(min(step, size - done))) for done in range(0, size, step)]
    return b"".join(parts) + packer.flush()


def image_bomb(side: int, *, in_soft_mask: bool = False) -> bytes:
    """A one-page PDF drawing a ``side`` x ``side`` grey image (or a small image whose soft
    mask is that large): kilobytes on disk, ``side``² bytes once decoded."""
    pdf = pikepdf.open(io.BytesIO(text_pdf()))
    big = pikepdf.Stream(pdf, _zeros_deflated(side * side))
    big.Type, big.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    big.Width, big.Height, big.BitsPerComponent = side, side, 8
    big.ColorSpace, big.Filter = pikepdf.Name.DeviceGray, pikepdf.Name.FlateDecode
    image = big
    if in_soft_mask:
        image = pikepdf.Stream(pdf, _zeros_deflated(16 * 16))
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = 16, 16, 8
        image.ColorSpace, image.Filter = pikepdf.Name.DeviceGray, pikepdf.Name.FlateDecode
        image.SMask = pdf.make_indirect(big)
    page = pdf.pages[0]
    page.Resources.XObject = pikepdf.Dictionary(Im0=pdf.make_indirect(image))
    page.Contents = pdf.make_stream(b"q 400 0 0 400 100 100 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def inline_image_bomb(side: int) -> bytes:
    """A page whose content stream holds a ``side`` x ``side`` inline image (not an object)."""
    pdf = pikepdf.open(io.BytesIO(text_pdf()))
    data = _zeros_deflated(side * side)
    content = b"q 400 0 0 400 100 100 cm BI /W %d /H %d /CS /G /BPC 8 /F /Fl /L %d ID " % (
        side,
        side,
        len(data),
    )
    pdf.pages[0].Contents = pdf.make_stream(content + data + b"\nEI Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def with_media_box(box: list[float]) -> bytes:
    pdf = pikepdf.open(io.BytesIO(text_pdf()))
    pdf.pages[0].MediaBox = pikepdf.Array(box)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
