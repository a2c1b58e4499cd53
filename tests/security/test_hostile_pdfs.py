"""Hostile PDFs: each is refused with a clear client error before it can exhaust anything."""

from __future__ import annotations

import io
import random

import pikepdf
import pytest

from core.errors import BadRequest, PayloadTooLarge
from core.pdf.filters import decoded_size
from core.settings import Settings

from . import hostile
from .hostile import refusal


def test_too_large() -> None:
    settings = Settings(max_upload_bytes=1000)
    assert isinstance(refusal(hostile.text_pdf(), settings=settings), PayloadTooLarge)


def test_too_many_pages() -> None:
    # a page-count cap is about the document, not the body size: 400, not 413
    settings = Settings(max_pages=5)
    error = refusal(hostile.text_pdf(pages=6), settings=settings)
    assert type(error) is BadRequest and "6 pages" in error.message


def test_decompression_bomb() -> None:
    settings = Settings(max_decompressed_bytes=16 * 1024 * 1024)
    error = refusal(hostile.decompression_bomb(), settings=settings)
    assert isinstance(error, BadRequest) and "decompress" in error.message


def test_javascript_is_refused() -> None:
    error = refusal(hostile.with_javascript())
    assert isinstance(error, BadRequest) and "JavaScript" in error.message


def test_deep_nesting_is_a_clear_error() -> None:
    assert isinstance(refusal(hostile.deep_nesting()), BadRequest)


#: filter chains an attacker can wrap a bomb in (the first is undone first)
CHAINS = [
    ["/FlateDecode"],
    ["/ASCIIHexDecode", "/FlateDecode"],
    ["/ASCII85Decode", "/FlateDecode"],
    ["/FlateDecode", "/FlateDecode"],
    ["/RunLengthDecode"],
    ["/LZWDecode"],
    ["/ASCIIHexDecode", "/LZWDecode"],
]


@pytest.mark.parametrize("chain", CHAINS, ids=lambda chain: "+".join(n[1:-6] for n in chain))
def test_no_filter_chain_hides_a_decompression_bomb(chain: list[str]) -> None:
    settings = Settings(max_decompressed_bytes=256 * 1024)
    bomb = hostile.with_stream(hostile.encoded(bytes(2 * 1024 * 1024), chain), chain)
    assert len(bomb) < 256 * 1024  # the bomb is small; what it inflates to is not
    error = refusal(bomb, settings=settings)
    assert isinstance(error, BadRequest) and "decompress" in error.message


@pytest.mark.parametrize("chain", CHAINS, ids=lambda chain: "+".join(n[1:-6] for n in chain))
def test_decoded_sizes_agree_with_qpdf(chain: list[str]) -> None:
    # words repeat (so the codecs have runs and matches) but not exactly (so they have misses)
    rng = random.Random(len(chain))
    data = b" ".join(rng.choice([b"units", b"NAV", b"\x00" * 40, b"12.5"]) for _ in range(20_000))
    pdf = pikepdf.open(io.BytesIO(hostile.with_stream(hostile.encoded(data, chain), chain)))
    stream = pdf.Root.Payload
    # qpdf reads what the encoders wrote (RunLength is one of its "specialized" filters)
    assert stream.read_bytes(pikepdf.StreamDecodeLevel.specialized) == data
    assert decoded_size(stream.read_raw_bytes(), chain, 10 * len(data)) == len(data)
    assert decoded_size(stream.read_raw_bytes(), chain, 1000) > 1000  # stops past the budget
