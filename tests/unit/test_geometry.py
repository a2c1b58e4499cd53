"""The text layer's primitives: word boxes, lines, clustering by baseline, overlay removal."""

from __future__ import annotations

import pytest

from core.pdf import Word
from core.pdf.lines import BASELINE_TOLERANCE, cluster_lines
from core.pdf.words import _drop_overlays
from tests.unit.build import line, word


def test_word_height_and_middle() -> None:
    w = word("Units", 100.0, baseline=500.0, x1=130.0)
    assert w.height == pytest.approx(10.0)
    assert w.x_mid == pytest.approx(115.0)


def test_line_text_joins_words_with_one_space_and_spans_its_words() -> None:
    ln = line(word("Closing", 40.0), word("Unit", 90.0, x1=300.0), word("Balance", 130.0))
    assert ln.text == "Closing Unit Balance"
    assert ln.x0 == 40.0
    assert ln.x1 == 300.0  # the widest word, not the last one


def test_text_between_takes_word_centres_in_a_half_open_interval() -> None:
    ln = line(word("a", 0.0, x1=10.0), word("b", 10.0, x1=20.0), word("c", 20.0, x1=30.0))
    assert ln.text_between(5.0, 15.0) == "a"  # centres 5 and 15: 5 is in, 15 is out
    assert ln.text_between(15.0, 30.0) == "b c"
    assert ln.text_between(30.0, 100.0) == ""


def test_cluster_lines_orders_top_down_and_left_to_right() -> None:
    words = [
        word("right", 200.0, baseline=700.0),
        word("below", 50.0, baseline=680.0),
        word("left", 50.0, baseline=700.0),
    ]
    lines = cluster_lines(words)
    assert [ln.text for ln in lines] == ["left right", "below"]
    assert [ln.baseline for ln in lines] == [700.0, 680.0]


def test_cluster_lines_joins_baselines_within_the_tolerance_only() -> None:
    near = [word("a", 0.0, 700.0), word("b", 50.0, 700.0 - BASELINE_TOLERANCE)]
    far = [word("a", 0.0, 700.0), word("b", 50.0, 700.0 - BASELINE_TOLERANCE - 0.1)]
    assert len(cluster_lines(near)) == 1
    assert len(cluster_lines(far)) == 2


def test_cluster_lines_measures_from_the_lines_first_baseline() -> None:
    # each word is within the tolerance of the previous one, but the third is not of the first
    step = BASELINE_TOLERANCE * 0.75
    words = [word(t, 10.0 * i, 700.0 - step * i) for i, t in enumerate("abc")]
    assert [ln.text for ln in cluster_lines(words)] == ["a b", "c"]


def test_cluster_lines_of_nothing_is_empty() -> None:
    assert cluster_lines([]) == []


def test_a_word_drawn_twice_a_hair_apart_is_kept_once() -> None:
    first, twin = word("02-Apr-2024", 40.0), word("02-Apr-2024", 40.4, baseline=700.3)
    other = word("Purchase", 120.0)
    assert _drop_overlays([first, twin, other]) == [first, other]


@pytest.mark.parametrize(
    "twin",
    [
        word("02-Apr-2024", 40.0, baseline=690.0),  # the same text on the next line
        word("02-Apr-2024", 120.0),  # the same text further right
        word("02-Apr-2025", 40.0),  # different text at the same place
    ],
)
def test_words_that_only_look_alike_are_both_kept(twin: Word) -> None:
    first = word("02-Apr-2024", 40.0)
    assert _drop_overlays([first, twin]) == [first, twin]
