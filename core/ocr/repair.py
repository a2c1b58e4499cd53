"""Undo OCR's usual confusions where a token's shape says what it must be.

Numbers (amounts, units, dates' digits) read with a letter O for a zero are mended; ISINs
(``IN`` + nine characters + a check digit) are mended only to a reading of their ambiguous
characters that satisfies the ISIN check digit, one the scheme database knows first.
"""

from __future__ import annotations

import itertools
import re

#: a number as statements print it: digits with separators, maybe in parentheses
_NUMBERISH = re.compile(r"^\(?[\dO][\dO,.]*\)?$")
_ISIN_SHAPE = re.compile(r"^(IN[A-Z0-9]{10})(?![A-Z0-9])(.*)$")
#: the first part of an ISIN a line break cut (no check digit to go by): Indian ISINs
#: carry no letter O, so an O there was a zero
_ISIN_HEAD = re.compile(r"^IN[A-Z][A-Z0-9]{3,8}$")
#: characters OCR confuses, both ways
_LOOKALIKES = {"O": "0", "0": "O", "I": "1", "1": "I", "S": "5", "5": "S", "B": "8", "8": "B"}
#: most ambiguous characters tried in one ISIN (2^n readings)
_MAX_AMBIGUOUS = 8


def isin_valid(isin: str) -> bool:
    """The ISIN check digit (ISO 6166: letters as numbers, then Luhn)."""
    if len(isin) != 12 or not isin[-1].isdigit():
        return False
    digits = "".join(str(int(c, 36)) for c in isin)
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _known(isin: str) -> bool:
    from ..parsers.scheme_db import lookup

    return lookup(isin, "")[0] is not None


def _mend_isin(code: str) -> str:
    """The reading of ``code``'s lookalike characters that is a valid ISIN, preferring one
    the scheme database knows, then the fewest changes (a misread I for a 1 can itself pass
    the check digit, so a valid but unknown code is still compared with its readings)."""
    if isin_valid(code) and _known(code):
        return code
    ambiguous = [i for i in range(2, 12) if code[i] in _LOOKALIKES][:_MAX_AMBIGUOUS]
    valid: list[tuple[int, str]] = []
    for flips in itertools.product((False, True), repeat=len(ambiguous)):
        chars = list(code)
        for index, flip in zip(ambiguous, flips, strict=True):
            if flip:
                chars[index] = _LOOKALIKES[chars[index]]
        candidate = "".join(chars)
        if isin_valid(candidate):
            valid.append((sum(flips), candidate))
    valid.sort()
    known = [candidate for _, candidate in valid if _known(candidate)]
    if known:
        return known[0]
    return valid[0][1] if valid else code


def mend(token: str) -> str:
    """``token`` with OCR's lookalike confusions undone where its shape is certain."""
    if "O" in token and any(c.isdigit() for c in token) and _NUMBERISH.match(token):
        return token.replace("O", "0")
    isin = _ISIN_SHAPE.match(token)
    if isin:
        return _mend_isin(isin.group(1)) + isin.group(2)
    if _ISIN_HEAD.match(token):
        return token[:3] + token[3:].replace("O", "0")
    return token
