"""``/v4/*`` parses are recorded in history (on by default): listed, searchable and readable
by their owner only, as documents without a job; switched off, nothing is kept; the sandbox
and failed parses leave nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from casgate.v1 import history_pb2, history_pb2_grpc, parse_pb2, parse_pb2_grpc
from core.accounts import create_key
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.statements import generate


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("parse-history"))
    yield running
    running.stop()


def _documents(channel: grpc.Channel, key: str) -> list[history_pb2.Document]:
    listed = history_pb2_grpc.HistoryServiceStub(channel).ListDocuments(
        history_pb2.ListDocumentsRequest(), metadata=(("x-api-key", key),)
    )
    return list(listed.documents)


def test_a_parse_is_found_in_history_by_its_owner(server: ServerThread) -> None:
    made = generate(issuer="CAMS", variant="DETAILED", seed=81, pages=2, encryption="AES-128")
    _, key = create_key("history", 100, settings=server.settings)
    _, other = create_key("someone else", 100, settings=server.settings)
    auth = (("x-api-key", key),)
    with grpc.insecure_channel(server.address) as channel:
        parse = parse_pb2_grpc.ParseServiceStub(channel)
        parsed = parse.SmartParse(
            parse_pb2.SmartParseRequest(pdf_file=made.pdf, password=made.password), metadata=auth
        )
        with pytest.raises(grpc.RpcError):  # a failed parse leaves nothing behind
            parse.SmartParse(parse_pb2.SmartParseRequest(pdf_file=made.pdf), metadata=auth)
        (document,) = _documents(channel, key)
        history = history_pb2_grpc.HistoryServiceStub(channel)
        found = history.SearchDocuments(
            history_pb2.SearchDocumentsRequest(q=made.truth["investor"]["name"]), metadata=auth
        )
        full = history.GetDocument(
            history_pb2.GetDocumentRequest(document_id=document.id), metadata=auth
        )
        assert _documents(channel, other) == []
        with pytest.raises(grpc.RpcError) as hidden:
            history.GetDocument(
                history_pb2.GetDocumentRequest(document_id=document.id),
                metadata=(("x-api-key", other),),
            )
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    period = parsed.meta.statement_period
    assert document.filename == f"CAMS_KFINTECH {getattr(period, 'from')} to {period.to}"
    assert not document.HasField("job_id")
    assert (document.status, document.document_type) == ("completed", "CAMS_KFINTECH")
    assert document.pages == parsed.meta.pages and document.size == len(made.pdf)
    assert [d.id for d in found.documents] == [document.id]
    assert full.statement.investor.name == made.truth["investor"]["name"]
    assert len(full.statement.mutual_funds) == len(made.truth["mutual_funds"])


def test_switched_off_nothing_is_kept(tmp_path: Path) -> None:
    quiet = start_server_thread(tmp_path, settings={"history_record_parses": False})
    try:
        made = generate(issuer="KFINTECH", variant="SUMMARY", seed=82, pages=2, encryption=None)
        _, key = create_key("quiet", 100, settings=quiet.settings)
        with grpc.insecure_channel(quiet.address) as channel:
            parse_pb2_grpc.ParseServiceStub(channel).SmartParse(
                parse_pb2.SmartParseRequest(pdf_file=made.pdf), metadata=(("x-api-key", key),)
            )
            assert _documents(channel, key) == []
    finally:
        quiet.stop()


def test_a_contract_note_parse_is_found_in_history_by_its_client(server: ServerThread) -> None:
    from tests.statements.contract_note_render import generate as generate_note

    pdf, note = generate_note("zerodha", seed=83)
    _, key = create_key("notes", 100, settings=server.settings)
    auth = (("x-api-key", key),)
    with grpc.insecure_channel(server.address) as channel:
        parsed = parse_pb2_grpc.ParseServiceStub(channel).ParseContractNote(
            parse_pb2.ParseContractNoteRequest(pdf_file=pdf, password=note.pan), metadata=auth
        )
        (document,) = _documents(channel, key)
        found = history_pb2_grpc.HistoryServiceStub(channel).SearchDocuments(
            history_pb2.SearchDocumentsRequest(q=note.client_name), metadata=auth
        )
    assert (document.status, document.document_type) == ("completed", "CONTRACT_NOTE")
    traded = parsed.data.contract_note_info.trade_date
    assert document.filename == f"CONTRACT_NOTE ZERODHA {traded}"
    assert traded == note.trade_date.isoformat()
    assert [d.id for d in found.documents] == [document.id]
