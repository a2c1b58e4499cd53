"""Intake errors: each bad input answers a clear client error, never an empty message."""

from __future__ import annotations

import pytest

from core.errors import BadRequest, CasgateError, NotImplementedYet, PayloadTooLarge
from core.models import StatementKind
from core.parse import parse_statement
from core.pdf import open_pdf
from core.settings import Settings
from tests.statements import ENCRYPTIONS, generate

from . import hostile

SETTINGS = Settings()


def _error(
    data: bytes,
    password: str | None = None,
    settings: Settings = SETTINGS,
    expected: StatementKind | None = None,
) -> CasgateError:
    with pytest.raises(CasgateError) as info:
        parse_statement(data, password, expected, settings)
    assert info.value.message
    return info.value


@pytest.mark.parametrize("encryption", ENCRYPTIONS)
def test_each_encryption_opens_with_the_password(encryption: str) -> None:
    g = generate(issuer="CAMS", variant="SUMMARY", seed=5, pages=1, encryption=encryption)
    assert parse_statement(g.pdf, g.password).mutual_funds


@pytest.mark.parametrize("encryption", ENCRYPTIONS)
def test_wrong_or_missing_password(encryption: str) -> None:
    g = generate(issuer="CAMS", variant="SUMMARY", seed=5, pages=1, encryption=encryption)
    wrong = _error(g.pdf, "WRONG1234X")
    assert isinstance(wrong, BadRequest) and "incorrect password" in wrong.message.lower()
    missing = _error(g.pdf, None)
    assert isinstance(missing, BadRequest) and "password" in missing.message.lower()


def test_not_a_pdf() -> None:
    error = _error(b"PK\x03\x04 this is a zip file" * 10)
    assert isinstance(error, BadRequest) and "not a pdf" in error.message.lower()


def test_empty_file() -> None:
    assert isinstance(_error(b""), BadRequest)


def test_truncated_pdf() -> None:
    g = generate(issuer="CAMS", variant="DETAILED", seed=6, pages=2, encryption="AES-128")
    error = _error(g.pdf[: len(g.pdf) // 3], g.password)
    assert isinstance(error, BadRequest)


def test_no_text_layer() -> None:
    error = _error(hostile.image_only_pdf())
    assert isinstance(error, BadRequest) and "no text layer" in error.message.lower()


def test_too_large() -> None:
    settings = Settings(max_upload_bytes=1000)
    assert isinstance(_error(hostile.text_pdf(), settings=settings), PayloadTooLarge)


def test_too_many_pages() -> None:
    # a page-count cap is about the document, not the body size: 400, not 413
    settings = Settings(max_pages=5)
    error = _error(hostile.text_pdf(pages=6), settings=settings)
    assert type(error) is BadRequest and "6 pages" in error.message


def test_decompression_bomb() -> None:
    settings = Settings(max_decompressed_bytes=16 * 1024 * 1024)
    error = _error(hostile.decompression_bomb(), settings=settings)
    assert isinstance(error, BadRequest) and "decompress" in error.message


def test_javascript_is_refused() -> None:
    error = _error(hostile.with_javascript())
    assert isinstance(error, BadRequest) and "JavaScript" in error.message


def test_deep_nesting_is_a_clear_error() -> None:
    assert isinstance(_error(hostile.deep_nesting()), BadRequest)


def test_unrecognised_document() -> None:
    error = _error(hostile.text_pdf(text="Minutes of the residents' association meeting"))
    assert isinstance(error, BadRequest) and "recognise" in error.message


def test_wrong_endpoint_names_what_was_found() -> None:
    g = generate(issuer="KFINTECH", variant="DETAILED", seed=7, pages=2, encryption=None)
    error = _error(g.pdf, None, expected=StatementKind.NSDL)
    assert isinstance(error, BadRequest)
    assert "KFINTECH detailed statement" in error.message and "NSDL" in error.message


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("CONTRACT NOTE cum tax invoice  Trade Date 01-04-2026  Brokerage", "Contract note"),
    ],
)
def test_recognised_but_unparsed_families_are_not_implemented(text: str, kind: str) -> None:
    error = _error(hostile.text_pdf(text=text))
    assert isinstance(error, NotImplementedYet) and kind in error.message


def test_open_pdf_gives_lines_with_positions() -> None:
    g = generate(issuer="CAMS", variant="DETAILED", seed=8, pages=2, encryption="RC4")
    with open_pdf(g.pdf, g.password, SETTINGS) as doc:
        first = doc.layout(0)
        assert any(line.text.startswith("Email Id:") for line in first.lines)
        assert any("CAMSCASWS" in text for text in first.rotated)
        assert all(w.x0 <= w.x1 for line in first.lines for w in line.words)
