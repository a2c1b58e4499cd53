"""Undo an HTTP ``Content-Encoding`` without ever holding more than the caller allows.

A gzip bomb is a few kilobytes on the wire and gigabytes decoded, and httpx's own decoders
inflate each network chunk whole. Here every step inflates at most :data:`PIECE` bytes and the
decoded total is counted as it grows, so memory stays near the limit whatever arrives.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from .errors import BadRequest, PayloadTooLarge

#: most bytes one decompression step may produce
PIECE = 256 * 1024
#: the encodings a download asks for (Accept-Encoding) and can undo
SUPPORTED = ("gzip", "deflate")
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class _Inflater:
    """One encoding undone incrementally, in pieces of at most :data:`PIECE` bytes."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.wbits = _WBITS[encoding]
        self.inflater = zlib.decompressobj(self.wbits)
        self.started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                piece = self.inflater.decompress(data, PIECE)
            except zlib.error:
                if self.encoding == "deflate" and not self.started and self.wbits > 0:
                    self.wbits = -zlib.MAX_WBITS  # some servers send raw deflate
                    self.inflater = zlib.decompressobj(self.wbits)
                    continue
                raise BadRequest(f"pdf_url's {self.encoding} body is corrupt.") from None
            self.started = True
            if piece:
                yield piece
            if self.inflater.eof:  # gzip allows several members back to back
                data = self.inflater.unused_data
                if data:
                    self.inflater = zlib.decompressobj(self.wbits)
            else:
                data = self.inflater.unconsumed_tail


class CappedDecoder:
    """Feed the raw body chunk by chunk; collects the decoded bytes, refusing past ``limit``."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        names = [e.strip().lower() for e in content_encoding.split(",")]
        names = [name for name in names if name and name != "identity"]
        for name in names:
            if name not in _WBITS:
                raise BadRequest(
                    f"pdf_url was sent with Content-Encoding {name!r}; "
                    f"supported: {', '.join(SUPPORTED)}."
                )
        # the encoding applied last comes off first
        self._stages = [_Inflater(name) for name in reversed(names)]
        self.limit = limit
        self._body = bytearray()

    def _through(self, data: bytes, stage: int) -> Iterator[bytes]:
        if stage == len(self._stages):
            yield data
            return
        for piece in self._stages[stage].decode(data):
            yield from self._through(piece, stage + 1)

    def feed(self, raw: bytes) -> None:
        for piece in self._through(raw, 0):
            self._body += piece
            if len(self._body) > self.limit:
                raise PayloadTooLarge(
                    f"pdf_url's file is larger than the limit of {self.limit} bytes "
                    "(after decompression)."
                )

    def body(self) -> bytes:
        return bytes(self._body)
