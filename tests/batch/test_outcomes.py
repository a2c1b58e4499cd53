"""What a batch document's parse found travels with it: whether the statement's printed totals
reconciled (``complete`` / ``incomplete_sections``), the pages read by OCR (with an ``ocr`` stage
event while they are read) and, for a broker contract note, the note itself with its type, in
the event stream, the job's status, the history's documents, search and stats."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.batch import get_status, process_sync
from core.history import get_document, search_documents, stats
from core.settings import Settings
from tests.batch.conftest import Account, statement
from tests.batch.helpers import follow
from tests.scans import DOCUMENTS, Noise, scan
from tests.statements.contract_note_render import generate as generate_note
from tests.statements.ecas import generate_ecas


def _write(settings: Settings, name: str, data: bytes) -> None:
    (Path(settings.batch_root) / name).write_bytes(data)


async def test_incomplete_statements_and_contract_notes_in_a_batch(
    settings: Settings, account: Account
) -> None:
    tampered = generate_ecas(depository="CDSL", seed=3, encryption=None, tamper_total=True)
    clean = statement(1)
    note_pdf, note = generate_note("zerodha", 5)
    _write(settings, "tampered.pdf", tampered.pdf)
    _write(settings, "clean.pdf", clean.pdf)
    _write(settings, "note.pdf", note_pdf)
    sources = [
        {"path": "tampered.pdf"},
        {"path": "clean.pdf", **({"password": clean.password} if clean.password else {})},
        {"path": "note.pdf", "password": note.pan},
    ]
    done = await process_sync(account.principal, sources, {"parse": True}, settings=settings)
    assert [r.status for r in done.results] == ["completed"] * 3, done.results
    incomplete, complete, parsed_note = done.results
    assert incomplete.statement and incomplete.statement.meta
    assert incomplete.statement.meta.complete is False
    assert complete.statement and complete.statement.meta and complete.statement.meta.complete
    assert parsed_note.statement is None and parsed_note.contract_note is not None
    trades = parsed_note.contract_note.detailed_trades
    assert len(trades) == len(note.trades)

    # the event stream: what each finished document was and whether it reconciled
    events = await follow(account.principal, done.job_id, settings, after_seq=1)
    finished = {e.source: e for e in events if e.type == "document_finished"}
    assert finished["tampered.pdf"].complete is False
    assert finished["tampered.pdf"].incomplete_sections == ["summary"]
    assert "incomplete" in (finished["tampered.pdf"].summary or "")
    assert finished["clean.pdf"].complete is True
    assert finished["clean.pdf"].incomplete_sections is None
    assert finished["note.pdf"].document_type == "CONTRACT_NOTE"
    assert finished["note.pdf"].complete is None
    assert f"{len(note.trades)} trade" in (finished["note.pdf"].summary or "")
    # a plain statement batch announces no stages
    assert not [e for e in events if e.type == "document_stage"]

    # the job's status per document
    status = await get_status(account.principal, done.job_id, settings=settings)
    by_source = {d.source: d for d in status.documents or []}
    assert (by_source["tampered.pdf"].complete, by_source["tampered.pdf"].document_type) == (
        False,
        "CDSL",
    )
    assert by_source["tampered.pdf"].incomplete_sections == ["summary"]
    assert by_source["clean.pdf"].complete is True
    assert by_source["note.pdf"].document_type == "CONTRACT_NOTE"

    # history: the note is kept as a note, found by broker, client, trade date and security
    stored = await get_document(account.principal, parsed_note.document_id or "", settings=settings)
    assert stored.document_type == "CONTRACT_NOTE" and stored.statement is None
    assert stored.contract_note is not None and stored.contract_note.client_info is not None
    assert stored.contract_note.client_info.pan == note.pan
    security = note.trades[0].symbol
    for query in (
        note.broker.name,
        note.pan,
        note.trade_date.isoformat(),
        security,
        note.note_number,
    ):
        found = await search_documents(account.principal, query, settings=settings)
        assert parsed_note.document_id in [d.id for d in found.documents], query
    kept = await get_document(account.principal, incomplete.document_id or "", settings=settings)
    assert kept.complete is False and kept.incomplete_sections == ["summary"]

    totals = await stats(account.principal, settings=settings)
    assert totals.incomplete == 1
    assert totals.by_type.get("CONTRACT_NOTE") == 1
    assert totals.ocr_pages == 0 and totals.ocr_documents == 0


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
async def test_a_scanned_page_shows_an_ocr_stage_and_is_counted(
    settings: Settings, account: Account
) -> None:
    settings = settings.model_copy(update={"parse_timeout_seconds": 900})
    scanned = scan(DOCUMENTS["invoice"](4), [Noise(dpi=300, skew=1.0)])
    _write(settings, "scan.pdf", scanned.pdf)
    _write(settings, "digital.pdf", statement(2).pdf)
    sources = [{"path": "scan.pdf"}, {"path": "digital.pdf"}]
    if statement(2).password:
        sources[1]["password"] = statement(2).password
    done = await process_sync(
        account.principal, sources, {"parse": False, "ocr": True}, settings=settings
    )
    assert [r.status for r in done.results] == ["completed", "completed"], done.results

    events = await follow(account.principal, done.job_id, settings, after_seq=1)
    stages = [(e.source, e.stage, e.ocr_pages) for e in events if e.type == "document_stage"]
    assert ("scan.pdf", "ocr", 1) in stages
    assert not [s for s in stages if s[0] == "digital.pdf" and s[1] == "ocr"]
    finished = {e.source: e for e in events if e.type == "document_finished"}
    assert finished["scan.pdf"].ocr_pages == 1
    assert finished["digital.pdf"].ocr_pages is None
    # the stage comes between the document's start and its end
    order = [(e.type, e.source) for e in events]
    start = order.index(("document_started", "scan.pdf"))
    assert start < order.index(("document_stage", "scan.pdf"))
    assert order.index(("document_stage", "scan.pdf")) < order.index(
        ("document_finished", "scan.pdf")
    )

    stored = await get_document(
        account.principal, done.results[0].document_id or "", settings=settings
    )
    assert stored.ocr_pages == 1
    totals = await stats(account.principal, settings=settings)
    assert (totals.ocr_pages, totals.ocr_documents) == (1, 1)
