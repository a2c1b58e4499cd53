"""Intake errors: each bad input answers a clear client error, never an empty message."""

from __future__ import annotations

import pytest

from core.errors import BadRequest
from core.models import StatementKind
from core.parse import parse_statement
from core.pdf import open_pdf
from core.settings import Settings
from tests.security import hostile
from tests.security.hostile import refusal
from tests.statements import ENCRYPTIONS, generate

SETTINGS = Settings()


@pytest.mark.parametrize("encryption", ENCRYPTIONS)
def test_each_encryption_opens_with_the_password(encryption: str) -> None:
    g = generate(issuer="CAMS", variant="SUMMARY", seed=5, pages=1, encryption=encryption)
    assert parse_statement(g.pdf, g.password).mutual_funds


@pytest.mark.parametrize("encryption", ENCRYPTIONS)
def test_wrong_or_missing_password(encryption: str) -> None:
    g = generate(issuer="CAMS", variant="SUMMARY", seed=5, pages=1, encryption=encryption)
    wrong = refusal(g.pdf, "WRONG1234X")
    assert isinstance(wrong, BadRequest) and "incorrect password" in wrong.message.lower()
    missing = refusal(g.pdf, None)
    assert isinstance(missing, BadRequest) and "password" in missing.message.lower()


def test_not_a_pdf() -> None:
    error = refusal(b"PK\x03\x04 this is a zip file" * 10)
    assert isinstance(error, BadRequest) and "not a pdf" in error.message.lower()


def test_empty_file() -> None:
    assert isinstance(refusal(b""), BadRequest)


def test_truncated_pdf() -> None:
    g = generate(issuer="CAMS", variant="DETAILED", seed=6, pages=2, encryption="AES-128")
    error = refusal(g.pdf[: len(g.pdf) // 3], g.password)
    assert isinstance(error, BadRequest)


def test_no_text_layer_when_ocr_is_off() -> None:
    error = refusal(hostile.image_only_pdf(), settings=Settings(ocr_enabled=False))
    assert isinstance(error, BadRequest) and "no text layer" in error.message.lower()


def test_a_scan_without_words_is_read_by_ocr_then_unrecognised() -> None:
    # Tesseract alone: EasyOCR would spend 20 s finding no words in the black square too
    # (tests/ocr/test_fallback.py tries it)
    error = refusal(hostile.image_only_pdf(), settings=Settings(ocr_fallback_below=0.0))
    assert isinstance(error, BadRequest) and "recognise" in error.message


def test_unrecognised_document() -> None:
    error = refusal(hostile.text_pdf(text="Minutes of the residents' association meeting"))
    assert isinstance(error, BadRequest) and "recognise" in error.message


def test_wrong_endpoint_names_what_was_found() -> None:
    g = generate(issuer="KFINTECH", variant="DETAILED", seed=7, pages=2, encryption=None)
    error = refusal(g.pdf, None, expected=StatementKind.NSDL)
    assert isinstance(error, BadRequest)
    assert "KFINTECH detailed statement" in error.message and "NSDL" in error.message


def test_a_contract_note_is_sent_to_its_own_endpoint() -> None:
    text = "CONTRACT NOTE cum tax invoice  Trade Date 01-04-2026  Brokerage"
    error = refusal(hostile.text_pdf(text=text))
    assert isinstance(error, BadRequest) and "/v4/contract_note/parse" in error.message


def test_open_pdf_gives_lines_with_positions() -> None:
    g = generate(issuer="CAMS", variant="DETAILED", seed=8, pages=2, encryption="RC4")
    with open_pdf(g.pdf, g.password, SETTINGS) as doc:
        first = doc.layout(0)
        assert any(line.text.startswith("Email Id:") for line in first.lines)
        assert any("CAMSCASWS" in text for text in first.rotated)
        assert all(w.x0 <= w.x1 for line in first.lines for w in line.words)
