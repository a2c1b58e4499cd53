"""How large a PDF stream is once its whole filter chain is undone, measured without ever
holding more than a piece of it.

Every filter is undone incrementally, piece by piece, and the counting stops as soon as the
total passes the budget, so neither a chain (``[/ASCIIHexDecode /FlateDecode]``) nor a filter
with a huge ratio (Flate and LZW are unbounded, RunLength reaches 128x) can hide a bomb.
Filters that are not about size (image codecs, ``/Crypt``) are counted as passing their input
through.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterable, Iterator

#: most bytes one decoding step produces
PIECE = 256 * 1024

Pieces = Iterable[bytes]


def _flate(pieces: Pieces) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    for data in pieces:
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, PIECE)
            except zlib.error:
                return  # a corrupt stream is the renderer's problem to report, not a bomb
            if out:
                yield out
            data = inflater.unconsumed_tail


_HEX_JUNK = re.compile(rb"[^0-9A-Fa-f]")


def _ascii_hex(pieces: Pieces) -> Iterator[bytes]:
    carry = b""
    for data in pieces:
        data, end, _ = data.partition(b">")
        digits = carry + _HEX_JUNK.sub(b"", data)
        whole = len(digits) & ~1
        carry = digits[whole:]
        if whole:
            yield bytes.fromhex(digits[:whole].decode())
        if end:
            break
    if carry:
        yield bytes.fromhex((carry + b"0").decode())


_A85_SPACE = re.compile(rb"\s")
_A85_GROUPS = re.compile(rb"(?:z|[!-u]{5})*")


def _ascii85(pieces: Pieces) -> Iterator[bytes]:
    carry = b""
    for data in pieces:
        data, end, _ = data.partition(b"~>")
        text = carry + _A85_SPACE.sub(b"", data)
        whole = _A85_GROUPS.match(text)
        cut = whole.end() if whole else 0
        carry = text[cut:]
        if cut:
            yield base64.a85decode(text[:cut])
        if len(carry) >= 5:  # a character outside the alphabet: the stream ends here
            return
        if end:
            break
    if carry.strip(b"z"):
        try:
            yield base64.a85decode(carry)
        except ValueError:
            return


def _run_length(pieces: Pieces) -> Iterator[bytes]:
    carry = b""
    for data in pieces:
        buf = carry + data
        out = bytearray()
        i = 0
        while i < len(buf):
            n = buf[i]
            if n == 128:  # end of data
                yield bytes(out)
                return
            size = n + 2 if n < 128 else 2
            if i + size > len(buf):
                break
            out += buf[i + 1 : i + size] if n < 128 else buf[i + 1 : i + 2] * (257 - n)
            i += size
            if len(out) >= PIECE:
                yield bytes(out)
                out.clear()
        carry = buf[i:]
        if out:
            yield bytes(out)


class _Lzw:
    """PDF's LZW (``EarlyChange`` 1 by default), fed byte strings, code by code."""

    def __init__(self, early_change: int = 1) -> None:
        self.early = early_change
        self.bits = 0
        self.pending = 0
        self._reset()

    def _reset(self) -> None:
        self.table = [bytes([i]) for i in range(256)] + [b"", b""]
        self.width = 9
        self.previous: bytes | None = None

    def decode(self, pieces: Pieces) -> Iterator[bytes]:
        out = bytearray()
        for data in pieces:
            for byte in data:
                self.pending = (self.pending << 8) | byte
                self.bits += 8
                while self.bits >= self.width:
                    self.bits -= self.width
                    code = self.pending >> self.bits
                    self.pending &= (1 << self.bits) - 1
                    if not self._code(code, out):
                        yield bytes(out)
                        return
                if len(out) >= PIECE:
                    yield bytes(out)
                    out.clear()
        yield bytes(out)

    def _code(self, code: int, out: bytearray) -> bool:
        """Undo one code into ``out``; ``False`` at the end of data (or a corrupt code)."""
        if code == 256:
            self._reset()
            return True
        if code == 257:
            return False
        table = self.table
        if self.previous is None:
            if code >= len(table):
                return False
            entry = table[code]
        elif code < len(table):
            entry = table[code]
            if len(table) < 4096:
                table.append(self.previous + entry[:1])
        elif code == len(table):
            entry = self.previous + self.previous[:1]
            table.append(entry)
        else:
            return False
        out += entry
        self.previous = entry
        size = len(table) + self.early
        self.width = 12 if size >= 2048 else 11 if size >= 1024 else 10 if size >= 512 else 9
        return True


def _stage(name: str, pieces: Pieces) -> Iterable[bytes]:
    if name in ("/FlateDecode", "/Fl"):
        return _flate(pieces)
    if name in ("/ASCIIHexDecode", "/AHx"):
        return _ascii_hex(pieces)
    if name in ("/ASCII85Decode", "/A85"):
        return _ascii85(pieces)
    if name in ("/RunLengthDecode", "/RL"):
        return _run_length(pieces)
    if name in ("/LZWDecode", "/LZW"):
        return _Lzw().decode(pieces)
    return pieces  # image codecs and /Crypt: counted as their input


def decoded_size(raw: bytes, filters: list[str], budget: int) -> int:
    """The size of ``raw`` with ``filters`` undone in order, counted only until it passes
    ``budget`` (the result is then some number above ``budget``)."""
    pieces: Iterable[bytes] = (raw[i : i + PIECE] for i in range(0, len(raw), PIECE))
    for name in filters:
        pieces = _stage(name, pieces)
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > budget:
            break
    return size
