"""Every generated note, in every broker's layouts, read back to the last trade and paisa.

40 seeds per broker by default; ``CASGATE_CONTRACT_NOTE_SEEDS=200`` runs the issue's full fuzz.
Seeds cycle through each broker's three layouts (seed % 3) and the seed's own choices of header
wrapping, repeated headers, charges page, description styles, signs and groupings.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from core.contract_notes import read_contract_note
from core.models.contract_note import ContractNote as Parsed
from tests.statements.contract_note import ContractNote, generate_days, generate_note
from tests.statements.contract_note_render import choose_variant, generate, render_days

from .truth import charges, header, trade_row

SEEDS = int(os.environ.get("CASGATE_CONTRACT_NOTE_SEEDS", "40"))
BROKERS = ["zerodha", "groww", "upstox", "icici", "generic"]


def parsed_row(trade: Any, expected: dict[str, Any]) -> dict[str, Any]:
    return {key: getattr(trade, key) for key in expected}


def disagreements(broker: str, seed: int, note: ContractNote, parsed: Parsed) -> list[str]:
    v = choose_variant(broker, seed)
    problems = []
    if len(parsed.detailed_trades) != len(note.trades):
        problems.append(f"{len(parsed.detailed_trades)} trades read of {len(note.trades)}")
    for i, (truth, got) in enumerate(zip(note.trades, parsed.detailed_trades, strict=False)):
        expected = trade_row(truth, v, note)
        if parsed_row(got, expected) != expected:
            problems.append(f"trade {i}: {parsed_row(got, expected)} != {expected}")
    assert parsed.charges_summary is not None
    got_charges = parsed.charges_summary.model_dump()
    for key, value in charges(note.charges).items():
        if (got_charges[key] or 0) != value:
            problems.append(f"{key}: {got_charges[key]} != {value}")
    assert parsed.client_info is not None and parsed.contract_note_info is not None
    got_header = {**parsed.client_info.model_dump(), **parsed.contract_note_info.model_dump()}
    for key, value in header(note).items():
        if got_header[key] != value:
            problems.append(f"{key}: {got_header[key]!r} != {value!r}")
    if parsed.warnings:
        problems.append(f"warnings on a consistent note: {parsed.warnings}")
    expected_type = broker if broker != "generic" else "unknown"
    assert parsed.broker_info is not None
    if parsed.broker_info.broker_type != expected_type:
        problems.append(f"broker {parsed.broker_info.broker_type} != {expected_type}")
    return problems


@pytest.mark.parametrize("broker", BROKERS)
def test_every_trade_and_charge_is_read_exactly(broker: str) -> None:
    failures = {}
    for seed in range(SEEDS):
        pdf, note = generate(broker, seed)
        parsed = read_contract_note(pdf, note.pan, None)
        problems = disagreements(broker, seed, note, parsed)
        if problems:
            failures[seed] = problems[:3]
    assert not failures, failures


def test_a_five_hundred_trade_note() -> None:
    pdf, note = generate("zerodha", 7, trades=500)
    parsed = read_contract_note(pdf, note.pan, "zerodha")
    assert len(note.trades) >= 100
    assert disagreements("zerodha", 7, note, parsed) == []


@pytest.mark.parametrize(("broker", "seed"), [("zerodha", 1), ("groww", 2), ("generic", 3)])
def test_several_days_in_one_pdf_are_read_note_by_note(broker: str, seed: int) -> None:
    notes = generate_days(broker, seed, 3)
    pdf = render_days(notes, seed, notes[0].pan)
    parsed = read_contract_note(pdf, notes[0].pan, None)
    v = choose_variant(broker, seed)
    expected = [trade_row(t, v, note) for note in notes for t in note.trades]
    assert [
        parsed_row(t, row) for t, row in zip(parsed.detailed_trades, expected, strict=True)
    ] == expected
    assert [part.contract_note_info.contract_note_number for part in parsed.notes] == [  # type: ignore[union-attr]
        note.note_number for note in notes
    ]
    for part, note in zip(parsed.notes, notes, strict=True):
        assert part.charges_summary is not None
        got = part.charges_summary.model_dump()
        assert {k: got[k] or 0 for k in charges(note.charges)} == charges(note.charges)
    assert parsed.warnings == []
    total = parsed.charges_summary
    assert total is not None
    assert total.securities_transaction_tax == sum(n.charges.stt for n in notes)


@pytest.mark.parametrize("broker", BROKERS)
def test_the_fuzz_covers_currency_and_commodity_segments(broker: str) -> None:
    """The seeds above include notes with NSE currency and MCX commodity trades."""
    segments = [set(generate_note(broker, seed).segment_charges) for seed in range(SEEDS)]
    assert sum("NSE-CD" in s for s in segments) >= SEEDS // 8
    assert sum("MCX-COM" in s for s in segments) >= SEEDS // 8
