"""Column geometry: the CAMS transaction table's header, and the depositories' label-based
tables (numbers by right edge, text by left edge, names cut at a fixed width)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.parsers.ecas_tables import Row, cut_width, isin_and_rest, position_from_row
from core.parsers.ecas_text import (
    LABEL_GAP,
    SOFT_HYPHEN,
    Label,
    Table,
    cell_number,
    cell_text,
    equal_width_name,
    labels,
    name_width,
)
from core.parsers.table import ALIGN_TOLERANCE, HEADER_SPAN, find_header
from core.pdf import Word
from tests.unit.build import line, right_aligned, spaced, word

# ------------------------------------------------------------------ CAMS transaction header
#: x of each header word: Date, Transaction, then right-aligned numeric labels
HEADER = [
    ("Date", 40.0),
    ("Transaction", 110.0),
    ("Amount", 300.0),
    ("Units", 370.0),
    ("Price", 430.0),
    ("Unit", 480.0),
    ("Balance", 505.0),
]


def header_line(baseline: float, names: list[str] | None = None) -> list[Word]:
    chosen = [(t, x) for t, x in HEADER if names is None or t in names]
    return [word(t, x, baseline) for t, x in chosen]


def test_a_one_line_header_gives_every_column() -> None:
    lines = [spaced("Folio No: 123", 40.0, 720.0), line(*header_line(700.0))]
    found = find_header(lines)
    assert found is not None
    first, last, columns = found
    assert (first, last) == (1, 1)
    assert columns.date_x == 40.0
    assert columns.desc_x == 110.0
    assert columns.amount_r == word("Amount", 300.0).x1
    assert columns.balance_r == word("Balance", 505.0).x1
    assert columns.price_r == word("Price", 430.0).x1


def test_a_staggered_header_is_read_across_its_lines() -> None:
    # KFintech prints the labels over two baselines a few points apart
    top = line(*header_line(706.0, ["Amount", "Price", "Unit"]))
    bottom = line(*header_line(700.0, ["Date", "Transaction", "Units", "Balance"]))
    found = find_header([spaced("PAN: ABCDE1234F", 40.0, 740.0), top, bottom])
    assert found is not None
    first, last, columns = found
    assert (first, last) == (1, 2)
    assert columns.amount_r == word("Amount", 300.0).x1


def test_header_lines_further_apart_than_a_header_spans_do_not_combine() -> None:
    top = line(*header_line(700.0 + HEADER_SPAN + 1, ["Amount", "Price"]))
    bottom = line(*header_line(700.0, ["Date", "Transaction", "Units", "Balance"]))
    assert find_header([top, bottom]) is None


def test_a_header_without_a_price_column_has_none_and_nav_stands_in_for_price() -> None:
    no_price = find_header(
        [line(*header_line(700.0, ["Date", "Transaction", "Amount", "Units", "Balance"]))]
    )
    assert no_price is not None and no_price[2].price_r is None
    nav = find_header(
        [
            line(
                *header_line(700.0)[:3],
                word("Units", 370.0),
                word("NAV", 440.0),
                word("Balance", 505.0),
            )
        ]
    )
    assert nav is not None and nav[2].price_r == word("NAV", 440.0).x1


def test_a_sentence_mentioning_a_transaction_is_not_a_header() -> None:
    assert (
        find_header([spaced("Date of Transaction Amount Units Balance as printed", 40.0)]) is None
    )


def test_numbers_go_to_the_nearest_right_edge_within_the_tolerance() -> None:
    found = find_header([line(*header_line(700.0))])
    assert found is not None
    columns = found[2]
    assert columns.cell_of(right_aligned("5,000.00", columns.amount_r)) == "amount"
    assert columns.cell_of(right_aligned("12.345", columns.units_r - 3)) == "units"
    assert columns.cell_of(right_aligned("99.00", columns.balance_r + ALIGN_TOLERANCE)) == "balance"
    assert columns.cell_of(right_aligned("1.0", columns.balance_r + ALIGN_TOLERANCE + 1)) is None


# ------------------------------------------------------------------ depository tables
def test_labels_group_words_closer_than_the_gap() -> None:
    head = line(
        word("ISIN", 30.0),
        word("Security", 100.0),
        word("Name", 100.0 + 40 + LABEL_GAP),  # "Security" is 40 wide: one label
        word("Current", 300.0),
        word("Bal", 300.0 + 35 + LABEL_GAP + 0.5),  # just too far: a label of its own
    )
    assert [label.text for label in labels(head)] == ["ISIN", "Security Name", "Current", "Bal"]
    assert labels(head)[1].x1 == head.words[2].x1


TABLE = Table(
    [
        Label("ISIN", 30.0, 50.0),
        Label("Name", 100.0, 120.0),
        Label("Units", 300.0, 325.0),
        Label("Value", 400.0, 425.0),
    ]
)


def test_numbers_belong_to_the_column_they_end_under() -> None:
    assert TABLE.column(right_aligned("1,200.000", 325.0)) == 2
    assert TABLE.column(right_aligned("--", 427.0)) == 3  # an empty cell is still placed


def test_text_belongs_to_the_last_column_starting_left_of_it() -> None:
    assert TABLE.column(word("RELIANCE", 100.0)) == 1
    assert TABLE.column(word("INDUSTRIES", 160.0)) == 1
    assert TABLE.column(word("x", 10.0)) is None  # left of every column


def test_a_number_far_from_every_right_edge_is_placed_like_text() -> None:
    assert TABLE.column(right_aligned("12", 200.0)) == 1


def test_cells_and_their_values() -> None:
    row = line(
        word("INE002A01018", 30.0),
        word("RELIANCE", 100.0),
        right_aligned("1,00,000.000", 325.0),
        right_aligned("--", 425.0),
    )
    cells = TABLE.cells(row)
    assert cell_text(cells, 1) == "RELIANCE"
    assert cell_number(cells, 2) == Decimal("100000.000")
    assert cell_number(cells, 3) is None
    assert cell_text(cells, 9) is None


@pytest.mark.parametrize(
    ("pieces", "width", "name"),
    [
        # a piece shorter than the cut lost a trailing space; a full one was cut mid-word
        ([("HDFC BANK", 100.0), ("LIMITED", 100.0)], 12, "HDFC BANK LIMITED"),
        ([("HOUSING DEVE", 100.0), ("LOPMENT", 100.0)], 12, "HOUSING DEVELOPMENT"),
        # an indented piece lost a leading space at the cut
        ([("HOUSING FINA", 100.0), ("NCE", 102.0)], 12, "HOUSING FINA NCE"),
        ([("ONE", 100.0)], 12, "ONE"),
    ],
)
def test_equal_width_names_are_rejoined(
    pieces: list[tuple[str, float]], width: int, name: str
) -> None:
    assert equal_width_name(pieces, 100.0, width) == name


def test_the_cut_width_is_the_longest_piece_that_is_not_a_last_one() -> None:
    names = [
        [("HOUSING DEVE", 100.0), ("LOPMENT", 100.0)],
        [("TATA STEEL LIMITED AND", 100.0)],  # a single piece says nothing about the cut
        [("ABC", 102.0), ("D", 100.0)],  # indented: one lost space counts
        [("HDFC BANK L", 100.0), ("IMITED", 100.0)],  # a second piece of (nearly) that width
    ]
    assert name_width(names, 100.0, 24) == 12
    assert name_width([], 100.0, 24) == 24


def test_a_piece_one_short_of_the_usual_width_lost_a_space() -> None:
    assert name_width([[("A" * 23, 100.0), ("B", 100.0)]], 100.0, 24) == 24


def test_a_piece_of_its_own_length_is_the_width() -> None:
    # a narrower cut than the template's, seen once: the document's own evidence wins
    assert name_width([[("A" * 20, 100.0), ("B", 100.0)]], 100.0, 24) == 20


def test_a_longer_last_piece_shows_the_cut_fell_on_spaces() -> None:
    names = [[("A" * 19, 100.0), ("B" * 19, 100.0), ("C" * 20, 100.0)]]
    assert name_width(names, 100.0, 24) == 20


def test_a_wider_piece_is_the_width() -> None:
    assert name_width([[("A" * 30, 100.0), ("B", 100.0)]], 100.0, 24) == 30


# ------------------------------------------------------------------ holdings rows
#: NSDL's mutual-fund units table: ISIN, name, units, price, value
HOLDINGS = Table(
    [
        Label("ISIN", 30.0, 50.0),
        Label("Name", 100.0, 120.0),
        Label("Units", 300.0, 325.0),
        Label("Price", 350.0, 375.0),
        Label("Value", 400.0, 425.0),
    ]
)


def holding_row(*lines_: list[Word]) -> Row:
    return Row(HOLDINGS, "", "units", [line(*words) for words in lines_])


def test_a_soft_hyphen_wrapped_isin_is_rejoined_and_the_rest_kept() -> None:
    row = holding_row(
        [word(f"INE002A{SOFT_HYPHEN}", 30.0), word("RELIANCE", 100.0)],
        [word("01018", 30.0, 690.0), word("RELIANCE.NSE", 30.0, 680.0)],
    )
    assert isin_and_rest(row) == ("INE002A01018", ["RELIANCE.NSE"])


def test_a_word_after_a_complete_isin_is_not_part_of_it() -> None:
    row = holding_row([word("INE002A01018", 30.0)], [word("01018", 30.0, 690.0)])
    assert isin_and_rest(row) == ("INE002A01018", ["01018"])


def test_something_that_is_not_an_isin_gives_none() -> None:
    assert isin_and_rest(holding_row([word("Total", 30.0)])) == (None, [])


def test_a_units_row_becomes_a_position_of_its_isins_class() -> None:
    row = holding_row(
        [
            word("INF179K01BB8", 30.0),
            word("HDFC", 100.0),
            word("MID-CAP", 125.0),
            word("OPPORTUNITI", 160.0),
            right_aligned("12.500", 325.0),
            right_aligned("100.0000", 375.0),
            right_aligned("1,250.00", 425.0),
        ],
        [word("ES", 100.0, 690.0), word("FUND", 112.0, 690.0)],
    )
    position = position_from_row(row, "units", "", cut_width([row.relative_pieces], "units"))
    assert position is not None
    assert position.isin == "INF179K01BB8"
    assert position.cls == "demat_mutual_funds"
    assert position.name == "HDFC MID-CAP OPPORTUNITIES FUND"
    assert (position.units, position.price, position.value) == (
        Decimal("12.500"),
        Decimal("100.0000"),
        Decimal("1250.00"),
    )


def test_a_section_marker_overrides_the_isins_class() -> None:
    row = holding_row(
        [word("INF179K01BB8", 30.0), right_aligned("1", 325.0), right_aligned("2.00", 425.0)]
    )
    position = position_from_row(row, "units", "aifs", cut_width([], "units"))
    assert position is not None and position.cls == "aifs"


def test_a_row_without_its_value_is_no_position() -> None:
    row = holding_row([word("INF179K01BB8", 30.0), right_aligned("12.500", 325.0)])
    assert position_from_row(row, "units", "", cut_width([], "units")) is None
