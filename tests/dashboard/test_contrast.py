"""The dashboard's colours meet WCAG 2.1 AA contrast: every text colour of the stylesheet on
every background that text sits on (4.5:1), and the focus ring on the page (3:1, non-text).

The colours are read from ui/app.css itself (its custom properties and literal backgrounds), so
a colour changed there is checked here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "ui" / "app.css").read_text()
TOKENS = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))
#: text colours, and the backgrounds text is drawn on (custom properties and literal colours)
TEXT = ["ink", "muted", "accent", "good", "bad"]
BACKGROUNDS = ["paper", "wash", *sorted(set(re.findall(r"background:\s*(#[0-9a-fA-F]{6})", CSS)))]


def _colour(name: str) -> str:
    return name if name.startswith("#") else TOKENS[name]


def luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(_colour(a)), luminance(_colour(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_stylesheet_defines_the_colours_checked() -> None:
    assert set(TEXT) | {"paper", "wash", "accent-ink", "focus"} <= set(TOKENS)
    assert len(BACKGROUNDS) > 2  # the status messages' own backgrounds are read too


def test_the_formula_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("text", TEXT)
def test_text_is_readable_on_every_background(text: str, background: str) -> None:
    assert contrast(text, background) >= 4.5


@pytest.mark.parametrize("background", ["accent", "bad"])
def test_button_text_is_readable(background: str) -> None:
    assert contrast("accent-ink", background) >= 4.5


def test_the_focus_ring_stands_out_from_the_page() -> None:
    assert contrast("focus", "paper") >= 3 and contrast("focus", "wash") >= 3
