"""What the contract-note engine says about notes that disagree with themselves, notes sent with
the wrong broker, and documents that are no notes at all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.contract_notes import read_contract_note
from core.errors import BadRequest
from core.parse import parse_statement
from tests.security.hostile import text_pdf
from tests.statements import generate as generate_statement
from tests.statements.contract_note import generate_note
from tests.statements.contract_note_render import generate, render_note


def test_a_broker_hint_is_checked_against_the_content() -> None:
    pdf, note = generate("groww", 3)
    with pytest.raises(BadRequest) as refused:
        read_contract_note(pdf, note.pan, "zerodha")
    assert "Nextbillion" in str(refused.value) and "groww" in str(refused.value)
    assert read_contract_note(pdf, note.pan, "groww").broker_info.broker_type == "groww"  # type: ignore[union-attr]


def test_an_unknown_broker_type_is_refused() -> None:
    pdf, note = generate("upstox", 1)
    with pytest.raises(BadRequest, match="broker_type must be one of"):
        read_contract_note(pdf, note.pan, "sharekhan")


def test_a_generic_note_is_read_with_lower_confidence() -> None:
    pdf, note = generate("generic", 4)
    parsed = read_contract_note(pdf, note.pan, None)
    assert parsed.broker_info is not None and parsed.broker_info.broker_type == "unknown"
    assert parsed.broker_info.name == note.broker.name
    assert parsed.broker_info.sebi_registration == note.broker.sebi
    known = read_contract_note(*_pdf_and_pan("icici", 4), None)
    assert parsed.meta and known.meta and parsed.meta.detection and known.meta.detection
    assert parsed.meta.detection.confidence < known.meta.detection.confidence  # type: ignore[operator]


def _pdf_and_pan(broker: str, seed: int) -> tuple[bytes, str]:
    pdf, note = generate(broker, seed)
    return pdf, note.pan


@pytest.mark.parametrize("levy", ["stt", "cgst", "igst", "obligation", "brokerage"])
def test_a_printed_charge_that_disagrees_is_a_warning_and_is_not_adjusted(levy: str) -> None:
    note = generate_note("icici", 11)
    segment = next(iter(note.segment_charges.values()))
    gst_paid = "igst" if segment.igst else "cgst"
    field = gst_paid if levy in ("cgst", "igst") else levy
    setattr(segment, field, getattr(segment, field) + Decimal("5.00"))
    parsed = read_contract_note(render_note(note, 11, note.pan), note.pan, None)
    assert parsed.warnings, "a wrong charge went unnoticed"
    printed = {
        "stt": "securities_transaction_tax",
        "cgst": "cgst",
        "igst": "igst",
        "obligation": "pay_in_pay_out_obligation",
        "brokerage": "taxable_value_brokerage",
    }[field]
    assert parsed.charges_summary is not None
    assert getattr(parsed.charges_summary, printed) == getattr(note.charges, field)


def test_smart_parse_sends_a_note_to_its_endpoint() -> None:
    pdf, note = generate("zerodha", 2)
    with pytest.raises(BadRequest, match="/v4/contract_note/parse"):
        parse_statement(pdf, note.pan)


def test_a_statement_is_not_a_note() -> None:
    statement = generate_statement(issuer="CAMS", variant="DETAILED", seed=5, pages=1)
    with pytest.raises(BadRequest, match="CAMS"):
        read_contract_note(statement.pdf, statement.password, None)


@pytest.mark.parametrize(
    "data",
    [
        b"not a pdf",
        text_pdf(text="Contract Note cum Tax Invoice  Trade Date 01/02/2024  Brokerage"),
        text_pdf(text="Hello"),
    ],
)
def test_broken_or_empty_notes_are_a_400(data: bytes) -> None:
    with pytest.raises(BadRequest):
        read_contract_note(data, None, None)


def test_a_wrong_password_is_a_400() -> None:
    pdf, _ = generate("zerodha", 5)
    with pytest.raises(BadRequest):
        read_contract_note(pdf, "WRONG0000X", None)


def _seed_with(broker: str, segment: str) -> int:
    """The first seed whose note has trades in ``segment``."""
    return next(s for s in range(200) if segment in generate_note(broker, s).segment_charges)


def test_commodities_pay_ctt_and_currency_pays_no_stt() -> None:
    seed = _seed_with("zerodha", "MCX-COM")
    note = generate_note("zerodha", seed)
    commodity = note.segment_charges["MCX-COM"]
    assert commodity.stt == 0 and commodity.ipf == 0
    parsed = read_contract_note(render_note(note, seed, note.pan), note.pan, None)
    assert parsed.warnings == []
    assert parsed.charges_summary is not None
    assert parsed.charges_summary.commodity_transaction_tax == note.charges.ctt
    segments = {t.segment for t in parsed.detailed_trades}
    assert "MCX-COM" in segments and all(
        t.exchange == "MCX" for t in parsed.detailed_trades if t.segment == "MCX-COM"
    )
    currency_seed = _seed_with("upstox", "NSE-CD")
    currency = generate_note("upstox", currency_seed)
    assert currency.segment_charges["NSE-CD"].stt == 0
    pdf = render_note(currency, currency_seed, currency.pan)
    read = read_contract_note(pdf, currency.pan, None)
    assert read.warnings == [] and "NSE-CD" in {t.segment for t in read.detailed_trades}


@pytest.mark.parametrize(("segment", "levy"), [("MCX-COM", "ctt"), ("NSE-CD", "stt")])
def test_a_wrong_ctt_or_a_currency_stt_is_a_warning(segment: str, levy: str) -> None:
    seed = _seed_with("icici", segment)
    note = generate_note("icici", seed)
    charges = note.segment_charges[segment]
    setattr(charges, levy, getattr(charges, levy) + Decimal("3"))
    parsed = read_contract_note(render_note(note, seed, note.pan), note.pan, None)
    assert any(segment in w and levy.upper() in w for w in parsed.warnings), parsed.warnings
