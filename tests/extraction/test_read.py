"""What extraction reads from generated documents, compared with the truth they were drawn from:
an invoice (ruled table, labelled and recognised fields with their boxes), a bank statement
(a table by text alignment, continued over a page break), a CAS and a contract note (their
parsed headline fields), and a scan (OCR)."""

from __future__ import annotations

import asyncio
import shutil
from typing import Any

import pytest

from core.extraction.read import read_document, read_in_worker
from core.isolation import WorkerPool
from core.settings import Settings
from tests.extraction.documents import make_bank_statement, make_invoice, rupees
from tests.scans import Noise, scan
from tests.statements import generate
from tests.statements.contract_note_render import generate as generate_note


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("read"), ocr_page_timeout_seconds=900)


def _read(data: bytes, settings: Settings, password: str | None = None) -> dict[str, Any]:
    result = read_document(data, password, settings)
    assert isinstance(result, dict), "a digital PDF needs no OCR"
    return result


def _inside(box: list[float], page: tuple[float, float]) -> bool:
    x0, top, x1, bottom = box
    return 0 <= x0 < x1 <= page[0] and 0 <= top < bottom <= page[1]


def test_an_invoice_reads_its_fields_and_its_ruled_table(settings: Settings) -> None:
    invoice = make_invoice(21)
    result = _read(invoice.pdf, settings)
    assert (result["document_type"], result["pages"], result["ocr_used"]) == ("invoice", 1, False)
    fields = result["fields"]
    expected = {
        "invoice_number": invoice.number,
        "invoice_date": invoice.invoice_date.isoformat(),
        "due_date": invoice.due_date.isoformat(),
        "gstin": invoice.seller_gstin,
        "buyer_gstin": invoice.buyer_gstin,
        "pan": invoice.seller_pan,
        "email": invoice.email,
        "phone": invoice.phone,
        "upi": invoice.upi,
        "ifsc": invoice.ifsc,
        "account_number": invoice.account_number,
        "subtotal": invoice.subtotal,
        "cgst_9": invoice.cgst,
        "total_amount": invoice.total,
    }
    assert {name: fields[name]["value"] for name in expected} == expected
    assert fields["total_amount"]["type"] == "amount"
    assert fields["invoice_date"]["type"] == "date"
    assert fields["total_amount"]["raw"].endswith(rupees(invoice.total))
    for name in expected:
        assert fields[name]["page"] == 1
        assert _inside(fields[name]["bbox"], (595.3, 841.9)), name
    # the value's box, not its label's: the total is printed right of "Total Amount:"
    assert fields["total_amount"]["bbox"][0] > 330 + 60

    (table,) = result["tables"]
    assert (table["strategy"], table["page"], table["end_page"]) == ("lines", 1, 1)
    assert table["header"] == ["#", "Description", "HSN", "Qty", "Rate", "Amount"]
    assert [row[1] for row in table["rows"]] == [name for name, _, _ in invoice.items]
    assert [row[5] for row in table["rows"]] == [rupees(a) for a in invoice.amounts]
    assert table["confidence"] > 0.9
    assert _inside(table["bbox"], (595.3, 841.9))


def test_a_bank_statement_table_by_alignment_is_joined_over_the_page_break(
    settings: Settings,
) -> None:
    statement = make_bank_statement(22)
    result = _read(statement.pdf, settings)
    assert (result["document_type"], result["pages"]) == ("bank_statement", 2)
    (table,) = result["tables"]
    assert (table["strategy"], table["page"], table["end_page"]) == ("text", 1, 2)
    assert table["header"] == ["Date", "Narration", "Withdrawals", "Deposits", "Balance"]
    assert len(table["rows"]) == len(statement.rows)
    assert [row[0] for row in table["rows"]] == [f"{r[0]:%d-%m-%Y}" for r in statement.rows]
    assert [row[4] for row in table["rows"]] == [rupees(r[4]) for r in statement.rows]
    assert 0 < table["confidence"] < 0.95  # alignment is trusted less than ruling lines
    fields = result["fields"]
    assert fields["closing_balance"]["value"] == statement.closing
    assert fields["opening_balance"]["value"] == statement.opening
    assert fields["ifsc"]["value"] == statement.ifsc
    assert fields["account_number"]["value"] == statement.account_number


def test_a_cas_gets_its_family_and_the_parsed_headline_fields(settings: Settings) -> None:
    cas = generate(issuer="KFINTECH", variant="DETAILED", seed=23, pages=2)
    result = _read(cas.pdf, settings, cas.password)
    assert (result["document_type"], result["cas_type"]) == ("cams_kfintech", "CAMS_KFINTECH")
    fields = result["fields"]
    truth = cas.truth
    assert fields["investor.pan"]["value"] == truth["investor"]["pan"]
    assert fields["investor.name"]["value"] == truth["investor"]["name"]
    assert fields["investor.pan"]["source"] == "statement"
    assert fields["statement_period.from"]["value"] == truth["meta"]["statement_period"]["from"]
    assert fields["statement_period.to"]["value"] == truth["meta"]["statement_period"]["to"]
    assert fields["mutual_funds.count"]["value"] == len(truth["mutual_funds"])
    assert fields["mutual_funds.value"]["value"] == pytest.approx(
        sum(f["value"] for f in truth["mutual_funds"]), abs=0.01
    )
    # a parsed value is located where the statement prints it
    assert fields["investor.pan"]["page"] == 1 and len(fields["investor.pan"]["bbox"]) == 4


def test_a_contract_note_gets_its_headline_fields(settings: Settings) -> None:
    pdf, note = generate_note("zerodha", 24)
    result = _read(pdf, settings, note.pan)
    assert result["document_type"] == "contract_note"
    assert "cas_type" not in result
    fields = result["fields"]
    assert fields["contract_note.number"]["value"] == note.note_number
    assert fields["client.pan"]["value"] == note.pan
    assert fields["contract_note.trade_date"]["value"] == note.trade_date.isoformat()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_a_scanned_page_is_read_by_ocr(settings: Settings) -> None:
    invoice = make_invoice(25)
    scanned = scan(invoice.pdf, [Noise(dpi=300)], seed=25)
    assert read_document(scanned.pdf, None, settings) == [0]  # the page to OCR first
    pool = WorkerPool(1, settings.parse_memory_mb, 600)
    try:
        result = asyncio.run(read_in_worker(scanned.pdf, None, pool=pool, settings=settings))
    finally:
        pool.close()
    assert result["ocr_used"] is True
    assert result["document_type"] == "invoice"
    assert invoice.number in result["text_by_page"][0]
    assert result["fields"]["invoice_number"]["value"] == invoice.number
