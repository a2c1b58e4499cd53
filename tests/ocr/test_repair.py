"""OCR's lookalike confusions undone where a token's shape is certain."""

from __future__ import annotations

import random

from core.ocr.repair import isin_valid, mend
from tests.statements.catalog import catalog


def _misread(isin: str, rng: random.Random) -> str:
    """``isin`` with one digit 0/1 read as its lookalike letter, as Tesseract does."""
    spots = [i for i in range(3, 12) if isin[i] in "01"]
    if not spots:
        return isin
    i = rng.choice(spots)
    return isin[:i] + {"0": "O", "1": "I"}[isin[i]] + isin[i + 1 :]


def test_real_isins_pass_their_check_digit() -> None:
    isins = [s.isin for s in catalog()[:200]]
    assert all(isin_valid(isin) for isin in isins)
    assert not isin_valid(isins[0][:-1] + str((int(isins[0][-1]) + 1) % 10))


def test_misread_isins_are_mended_to_the_printed_code() -> None:
    rng = random.Random(7)
    schemes = [s for s in catalog()[:300] if any(c in "01" for c in s.isin[3:])]
    mended = 0
    for scheme in schemes:
        misread = _misread(scheme.isin, rng)
        assert mend(scheme.isin) == scheme.isin  # a correct code is never changed
        mended += mend(misread + "(Advisor:") == scheme.isin + "(Advisor:"
    assert mended / len(schemes) >= 0.95


def test_numbers_lose_their_letter_o() -> None:
    assert mend("1,2O0.5O") == "1,200.50"
    assert mend("(4O,739.32)") == "(40,739.32)"
    assert mend("ORDER") == "ORDER"
