"""Hostile PDFs: each is refused with a clear client error before it can exhaust anything."""

from __future__ import annotations

import io
import random
import zlib

import pikepdf
import pytest

from core.errors import BadRequest, PayloadTooLarge
from core.pdf.filters import decoded_size
from core.pdf.preflight import FLATE_MOST_PER_BYTE, preflight
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


@pytest.mark.parametrize("level", [1, 6, 9])
def test_flate_never_inflates_past_the_bound_preflight_counts_by(level: int) -> None:
    for data in (bytes(8 * 1024 * 1024), b"\xff" * (8 * 1024 * 1024)):
        raw = zlib.compress(data, level)
        assert len(data) <= FLATE_MOST_PER_BYTE * len(raw)


def _flate_bombs(count: int, size: int) -> bytes:
    return hostile.with_streams([zlib.compress(bytes(size), 9)] * count, ["/FlateDecode"])


def test_flate_streams_whose_bounds_fit_the_limit_are_accepted() -> None:
    # three 600 KB streams: within 2 MB even by their bounds (~1.8 MB), so never inflated
    settings = Settings(max_decompressed_bytes=2 * 1024 * 1024)
    assert preflight(_flate_bombs(3, 600 * 1024), None, settings).page_count == 1


def test_flate_streams_whose_bounds_pass_the_limit_are_counted_exactly() -> None:
    # each 600 KB stream fits 1.5 MB by its bound; the third's does not, and three do not fit
    # exactly either
    settings = Settings(max_decompressed_bytes=1536 * 1024)
    error = refusal(_flate_bombs(3, 600 * 1024), settings=settings)
    assert isinstance(error, BadRequest) and "decompress" in error.message


def test_a_bounded_stream_is_inflated_when_the_bounds_stop_fitting_and_then_may_fit() -> None:
    rng = random.Random(1)  # random bytes: deflate cannot shrink them, so a bound is ~1032x
    small, large = rng.randbytes(1000), rng.randbytes(1024 * 1024)
    pdf = hostile.with_streams([zlib.compress(small), zlib.compress(large)], ["/FlateDecode"])
    # the small one's bound (~1 MB) fits 2 MB and is counted so; with the large one's exact
    # 1 MB it does not, and the small one is inflated: 1 MB and 1000 bytes fit
    assert preflight(pdf, None, Settings(max_decompressed_bytes=2 * 1024 * 1024)).page_count == 1
    error = refusal(pdf, settings=Settings(max_decompressed_bytes=1024 * 1024 + 500))
    assert isinstance(error, BadRequest) and "decompress" in error.message
