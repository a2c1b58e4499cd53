"""Whether a page's text layer is usable, or the page must be read by OCR.

A page needs OCR when its text layer is absent, only whitespace, or garbage. Garbage is
measured: among the layer's non-space characters, the share that are letters or digits of a
script casgate reads (Latin, Devanagari) or ordinary punctuation. Scanned PDFs with a broken
OCR layer, or fonts without a Unicode map, give runs of private-use, control or replacement
characters and fall below :data:`MIN_READABLE_SHARE`.
"""

from __future__ import annotations

import re
import unicodedata

#: fewest non-space characters a page's text layer needs to count as text (a page that
#: only prints its number is still a text page)
MIN_CHARACTERS = 1
#: least share of readable characters (see the module docstring)
MIN_READABLE_SHARE = 0.7

_PUNCTUATION = set(".,:;-/()%&@#'\"*+=_[]<>!?|\\₹$")


def _readable(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char in _PUNCTUATION
    if "\u0900" <= char <= "\u097f":  # Devanagari
        return True
    if char in _PUNCTUATION:
        return True
    return unicodedata.category(char)[0] in "LN" and unicodedata.category(char) != "Lo"


#: characters that are readable at a glance (ASCII letters, digits, punctuation, Devanagari);
#: only the others are judged one by one (a text page has few, so this is fast)
_OTHERS = re.compile("[^\\sA-Za-z0-9\u0900-\u097f" + re.escape("".join(sorted(_PUNCTUATION))) + "]")


def _non_space(text: str) -> int:
    return sum(map(len, text.split()))  # str.split() splits where str.isspace() is true


def readable_share(text: str) -> float:
    """Share of ``text``'s non-space characters that are readable (1.0 for no characters)."""
    chars = _non_space(text)
    if not chars:
        return 1.0
    unreadable = sum(1 for c in _OTHERS.findall(text) if not _readable(c))
    return (chars - unreadable) / chars


def needs_ocr(text: str) -> bool:
    """``True`` when a page's text layer ``text`` is absent, whitespace or garbage."""
    return _non_space(text) < MIN_CHARACTERS or readable_share(text) < MIN_READABLE_SHARE
