"""A PDF that is slow to open, made in code: with the inflate cap lifted, the preflight inflates
every byte of its one large stream, seconds a GiB."""

from __future__ import annotations

import io
import zlib

import pikepdf


def zeros_pdf(inflated_mb: int) -> bytes:
    """A blank one-page PDF (no statement) holding a Flate stream of ``inflated_mb`` MiB
    of zeros, about 1 KiB a MiB compressed.

    Each MiB is compressed after a full flush, so its bytes are the same every time: the stream
    is written without compressing gigabytes here."""
    compressor = zlib.compressobj(9)
    zeros = bytes(1 << 20)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    payload = first + repeated * (inflated_mb - 1) + compressor.flush()

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.Zeros = pdf.make_indirect(
        pikepdf.Stream(pdf, payload, Filter=pikepdf.Name.FlateDecode)
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
