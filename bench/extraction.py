"""Extraction speed and accuracy on generated invoices and bank statements, against plain
pdfplumber (its text and its default table finder) on the same files in the same run.

    .venv/bin/python -m bench.extraction [--documents 20]

Accuracy: the share of an invoice's known fields (number, dates, GSTINs, PAN, IFSC, UPI id,
e-mail, phone, total) found with the right typed value, and the share of a bank statement's
transaction rows recovered in one table across its page break. pdfplumber is measured on the
same work it can do (text and tables, no typed fields, no joining).
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pdfplumber

from core.extraction.read import read_document
from core.settings import Settings
from tests.extraction.documents import Invoice, make_bank_statement, make_invoice


def _pdfplumber(data: bytes) -> list[Any]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(page.extract_text(), page.extract_tables()) for page in pdf.pages]


def _invoice_hits(result: dict[str, Any], invoice: Invoice) -> tuple[int, int]:
    expected = {
        "invoice_number": invoice.number,
        "invoice_date": invoice.invoice_date.isoformat(),
        "due_date": invoice.due_date.isoformat(),
        "gstin": invoice.seller_gstin,
        "buyer_gstin": invoice.buyer_gstin,
        "pan": invoice.seller_pan,
        "ifsc": invoice.ifsc,
        "upi": invoice.upi,
        "email": invoice.email,
        "phone": invoice.phone,
        "total_amount": invoice.total,
    }
    fields = result["fields"]
    hits = sum(1 for k, v in expected.items() if fields.get(k, {}).get("value") == v)
    return hits, len(expected)


def main(documents: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder))
        ours: list[float] = []
        peer: list[float] = []
        field_hits = field_total = rows_found = rows_total = pages = 0
        for seed in range(documents):
            invoice = make_invoice(seed)
            statement = make_bank_statement(seed)
            for data in (invoice.pdf, statement.pdf):
                started = time.perf_counter()
                result = read_document(data, None, settings)
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                _pdfplumber(data)
                peer.append(time.perf_counter() - started)
                assert isinstance(result, dict)
                pages += result["pages"]
                if data is invoice.pdf:
                    hits, total = _invoice_hits(result, invoice)
                    field_hits, field_total = field_hits + hits, field_total + total
                else:
                    tables = result["tables"]
                    found = len(tables[0]["rows"]) if len(tables) == 1 else 0
                    rows_found += min(found, len(statement.rows))
                    rows_total += len(statement.rows)
        ours_ms = 1000 * sum(ours) / pages
        peer_ms = 1000 * sum(peer) / pages
        print(f"{2 * documents} documents, {pages} pages")
        for name, per_page, times in (
            ("casgate extraction", ours_ms, ours),
            ("pdfplumber text+tables", peer_ms, peer),
        ):
            median = 1000 * statistics.median(times)
            print(f"{name}: {per_page:.1f} ms/page (median document {median:.0f} ms)")
        print(f"ratio casgate / pdfplumber: {ours_ms / peer_ms:.2f}x")
        print(f"invoice fields right: {field_hits}/{field_total} ({field_hits / field_total:.1%})")
        share = rows_found / rows_total
        print(f"bank rows in one joined table: {rows_found}/{rows_total} ({share:.1%})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    main(parser.parse_args().documents)
