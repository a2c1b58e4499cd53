"""Contract notes on the real grpc.aio server in process (no Envoy): the typed client's
``parse_contract_note`` (blocking and asyncio) and ``ProcessDocument`` (``/api/single/process``)
answering a note with the note's body."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from decimal import Decimal

import grpc
import pytest

from casgate.v1 import contract_note_pb2, parse_pb2, parse_pb2_grpc
from clients import ApiError, AsyncClient, Client
from tests.conftest import OPERATOR_KEY, start_server_thread
from tests.harness import ServerThread
from tests.statements.contract_note import ContractNote
from tests.statements.contract_note_render import generate

from .truth import charges

AUTH = (("x-api-key", OPERATOR_KEY),)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("notes-server"))
    yield running
    running.stop()


def assert_is_the_note(parsed: contract_note_pb2.ContractNote, note: ContractNote) -> None:
    """Every trade in order, every charge to the paisa, and the client, as generated."""
    assert isinstance(parsed, contract_note_pb2.ContractNote)
    assert [(t.trade_number, t.buy_sell) for t in parsed.detailed_trades] == [
        (t.trade_number, t.side) for t in note.trades
    ]
    assert [Decimal(str(t.net_total)) for t in parsed.detailed_trades] == [
        t.net_total for t in note.trades
    ]
    for key, value in charges(note.charges).items():
        printed = getattr(parsed.charges_summary, key)
        assert Decimal(str(printed)) == value, key
    assert parsed.client_info.pan == note.pan


def test_the_blocking_client_returns_the_typed_note(server: ServerThread) -> None:
    pdf, note = generate("zerodha", 7)
    with Client(server.address, api_key=OPERATOR_KEY) as casgate:
        parsed = casgate.parse_contract_note(pdf, password=note.pan)
        assert parsed.broker_info.broker_type == "zerodha"
        assert_is_the_note(parsed, note)
        hinted = casgate.parse_contract_note(pdf, password=note.pan, broker_type="zerodha")
        assert hinted.detailed_trades == parsed.detailed_trades
        with pytest.raises(ApiError) as wrong_broker:
            casgate.parse_contract_note(pdf, password=note.pan, broker_type="groww")
        assert wrong_broker.value.status == 400 and "zerodha" in str(wrong_broker.value)
        with pytest.raises(ValueError, match="parse_contract_note"):
            casgate.parse(pdf, password=note.pan, kind="CONTRACT_NOTE")
        with pytest.raises(ApiError) as wrong_password:
            casgate.parse_contract_note(pdf, password="AAAAA0000A")
        assert wrong_password.value.status == 400


def test_the_async_client_returns_the_typed_note(server: ServerThread) -> None:
    pdf, note = generate("groww", 8)

    async def use() -> contract_note_pb2.ContractNote:
        async with AsyncClient(server.address, api_key=OPERATOR_KEY) as casgate:
            return await casgate.parse_contract_note(pdf, password=note.pan)

    parsed = asyncio.run(use())
    assert parsed.broker_info.broker_type == "groww"
    assert_is_the_note(parsed, note)


def test_single_process_answers_a_note_with_its_body(server: ServerThread) -> None:
    pdf, note = generate("icici", 9)
    with grpc.insecure_channel(server.address) as channel:
        stub = parse_pb2_grpc.ParseServiceStub(channel)
        answer = stub.ProcessDocument(
            parse_pb2.ProcessDocumentRequest(file=pdf, filename="note.pdf", password=note.pan),
            metadata=AUTH,
        )
    assert answer.status == "completed" and answer.document_type == "CONTRACT_NOTE"
    assert answer.filename == "note.pdf" and answer.document_id
    assert not answer.HasField("statement")
    assert answer.HasField("contract_note")
    assert answer.contract_note.broker_info.broker_type == "icici"
    assert_is_the_note(answer.contract_note, note)
    assert answer.confidence == answer.contract_note.meta.detection.confidence > 0
    assert answer.pages == answer.contract_note.meta.pages > 0
