"""Contract notes through the real gateway: multipart and JSON bodies, the broker check, and
smart parse sending a note to its endpoint."""

from __future__ import annotations

import base64

import httpx
import pytest

from tests.conftest import OPERATOR_KEY, Stack
from tests.contract_notes.truth import charges
from tests.statements.contract_note_render import generate

pytestmark = pytest.mark.e2e

AUTH = {"x-api-key": OPERATOR_KEY}


def test_a_note_parses_over_rest_in_both_body_forms(stack: Stack) -> None:
    pdf, note = generate("zerodha", 4)
    multipart = httpx.post(
        f"{stack.url}/v4/contract_note/parse",
        files={"pdf_file": ("note.pdf", pdf, "application/pdf")},
        data={"password": note.pan},
        headers=AUTH,
        timeout=60,
    )
    assert multipart.status_code == 200, multipart.text
    body = multipart.json()
    assert body["status"] == "success"
    data = body["data"]
    assert [t["trade_number"] for t in data["detailed_trades"]] == [
        t.trade_number for t in note.trades
    ]
    summary = data["charges_summary"]
    for key, value in charges(note.charges).items():
        assert summary.get(key, 0) == float(value), key
    assert data["client_info"]["pan"] == note.pan
    assert data["broker_info"]["broker_type"] == "zerodha"

    as_json = httpx.post(
        f"{stack.url}/v4/contract_note/parse",
        json={"pdf_file": base64.b64encode(pdf).decode(), "password": note.pan},
        headers=AUTH,
        timeout=60,
    )
    assert as_json.status_code == 200, as_json.text
    assert as_json.json()["data"]["detailed_trades"] == data["detailed_trades"]


def test_the_wrong_broker_type_and_smart_parse_are_clear_400s(stack: Stack) -> None:
    pdf, note = generate("groww", 5)
    encoded = base64.b64encode(pdf).decode()
    wrong = httpx.post(
        f"{stack.url}/v4/contract_note/parse",
        json={"pdf_file": encoded, "password": note.pan, "broker_type": "upstox"},
        headers=AUTH,
        timeout=60,
    )
    assert wrong.status_code == 400
    assert "groww" in wrong.json()["msg"]
    smart = httpx.post(
        f"{stack.url}/v4/smart/parse",
        json={"pdf_file": encoded, "password": note.pan},
        headers=AUTH,
        timeout=60,
    )
    assert smart.status_code == 400
    assert "/v4/contract_note/parse" in smart.json()["msg"]


def test_the_typed_client_parses_a_note(stack: Stack) -> None:
    from clients import Client

    pdf, note = generate("icici", 2)
    with Client(stack.gateway.address, api_key=OPERATOR_KEY) as casgate:
        parsed = casgate.parse_contract_note(pdf, password=note.pan)
    assert [t.trade_number for t in parsed.detailed_trades] == [t.trade_number for t in note.trades]
    assert parsed.broker_info.broker_type == "icici"
