"""Words from pdfium's bulk page text plus one character box at each end of a word.

pdfium gives the whole page's text in one call (with generated spaces and line breaks between
text runs); a word is a run of non-space characters of that text. Asking pdfium for the boxes of
a word's first and last glyph only keeps the number of ctypes calls per page in the hundreds,
not the thousands a per-glyph walk needs.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from operator import attrgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .geometry import Word

_TOKEN = re.compile(r"\S+")


def _bare(function: Any, restype: Any = ctypes.c_int) -> Any:
    """``function`` (a pypdfium2 binding) called without ctypes' per-argument type checks,
    which cost three times the call itself; callers pass exactly the C types it takes."""
    bare = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    bare.restype = restype
    return bare


# (text page, index, *double pointers) per call, over a thousand times a page
_CHAR_BOX = _bare(pdfium_c.FPDFText_GetCharBox)
_CHAR_ORIGIN = _bare(pdfium_c.FPDFText_GetCharOrigin)
_CHAR_ANGLE = _bare(pdfium_c.FPDFText_GetCharAngle, ctypes.c_float)


def page_words(textpage: pdfium.PdfTextPage) -> tuple[list[Word], list[str]]:
    """Upright words of a page (overlay duplicates removed) and the rotated text runs."""
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return [], []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP shift indices: fall back per glyph
        text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
    spans = _spans(text)
    if "\ufffe" in text or "\x02" in text:  # rare; str.translate would walk every character
        text = text.replace("\ufffe", "-").replace("\x02", "-")

    handle_ptr = ctypes.c_void_p(ctypes.cast(handle, ctypes.c_void_p).value)
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    left_ref, right_ref = ctypes.byref(left), ctypes.byref(right)
    bottom_ref, top_ref = ctypes.byref(bottom), ctypes.byref(top)
    ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
    box, origin, angle = _CHAR_BOX, _CHAR_ORIGIN, _CHAR_ANGLE

    words: list[Word] = []
    rotated: list[str] = []
    append = words.append
    for first, end in spans:
        last = end - 1
        box(handle_ptr, first, left_ref, right_ref, bottom_ref, top_ref)
        fx0, fx1, fy0, fy1 = left.value, right.value, bottom.value, top.value
        if last != first:
            box(handle_ptr, last, left_ref, right_ref, bottom_ref, top_ref)
            lx0, lx1, ly0, ly1 = left.value, right.value, bottom.value, top.value
            if abs((ly0 + ly1) - (fy0 + fy1)) > abs((lx0 + lx1) - (fx0 + fx1)):
                rotated.append(text[first:end])
                continue
        else:
            if angle(handle_ptr, first) > 0.5:
                rotated.append(text[first:end])
                continue
            lx1, ly0, ly1 = fx1, fy0, fy1
        origin(handle_ptr, first, ox_ref, oy_ref)
        append(
            Word(
                text[first:end],
                fx0,
                lx1 if lx1 > fx1 else fx1,
                fy0 if fy0 < ly0 else ly0,
                fy1 if fy1 > ly1 else ly1,
                oy.value,
            )
        )
    return _drop_overlays(words), rotated


def _spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each word; a word pdfium joined across a line end at a hyphen it
    took for hyphenation is two words (equal-width cut names end lines with real hyphens).

    pdfium marks such hyphens with U+FFFE or U+0002; the words read them as ``-``."""
    if "\ufffe" not in text and "\x02" not in text:  # the usual page: no marker to split at
        return [match.span() for match in _TOKEN.finditer(text)]
    out = []
    for match in _TOKEN.finditer(text):
        start = match.start()
        for i in range(match.start(), match.end() - 1):
            if text[i] in _MARKERS:
                out.append((start, i + 1))
                start = i + 1
        out.append((start, match.end()))
    return out


_MARKERS = frozenset("\ufffe\x02")


def _drop_overlays(words: list[Word]) -> list[Word]:
    """Drop a word printed twice a hair apart (KFintech's doubled date glyphs).

    Only words of the same text can be overlays, so each text's words are compared among
    themselves (by baseline, then x), and a page without a repeated text costs one pass."""
    if len(words) < 2:
        return words
    groups: dict[str, list[Word]] = {}
    repeated = False
    for w in words:
        group = groups.get(w.text)
        if group is None:
            groups[w.text] = [w]
        else:
            group.append(w)
            repeated = True
    if not repeated:
        return words
    dropped: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=_POSITION)  # stable: the order a sort by (text, baseline, x0) gives
        for a, b in itertools.pairwise(group):
            if id(a) in dropped:
                continue
            if not abs(a.baseline - b.baseline) < 2.0:  # the cheap test first
                continue
            overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
            narrow = min(a.x1 - a.x0, b.x1 - b.x0)
            if narrow > 0 and overlap / narrow > 0.5:
                dropped.add(id(b))
    if not dropped:
        return words
    return [w for w in words if id(w) not in dropped]


_POSITION = attrgetter("baseline", "x0")
