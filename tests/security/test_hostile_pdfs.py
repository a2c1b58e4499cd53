"""Hostile PDFs: each is refused with a clear client error before it can exhaust anything."""

from __future__ import annotations

from core.errors import BadRequest, PayloadTooLarge
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
