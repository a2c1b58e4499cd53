"""Hostile and broken PDFs, made in code."""

from __future__ import annotations

import io
import zlib

import pikepdf
from reportlab.pdfgen.canvas import Canvas


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
