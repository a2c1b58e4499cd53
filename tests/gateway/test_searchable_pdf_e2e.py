"""Through Envoy: a scan sent to /api/single/process with ``searchable_pdf`` is downloaded from
/api/history/documents/{id}/searchable.pdf as a raw PDF (not JSON), named, not cached, and its
text layer holds the scan's words; another account gets 404."""

from __future__ import annotations

import io
import json
import re

import httpx
import pdfplumber
import pytest

from core.accounts import create_key
from tests.conftest import Stack
from tests.scans import DOCUMENTS, Noise, scan

pytestmark = pytest.mark.e2e


def test_the_searchable_pdf_downloads_through_the_gateway(stack: Stack) -> None:
    _, key = create_key("searchable-e2e", 10, settings=stack.server.settings)
    _, other_key = create_key("searchable-e2e-other", 10, settings=stack.server.settings)
    scanned = scan(DOCUMENTS["rent_receipt"](6), [Noise(dpi=300)], seed=3)
    with httpx.Client(base_url=stack.url, timeout=600) as client:
        done = client.post(
            "/api/single/process",
            headers={"x-api-key": key},
            files={"file": ("receipt.pdf", scanned.pdf, "application/pdf")},
            data={"options": json.dumps({"searchable_pdf": True, "parse": False})},
        )
        assert done.status_code == 200, done.text
        path = f"/api/history/documents/{done.json()['document_id']}/searchable.pdf"
        answer = client.get(path, headers={"x-api-key": key})
        theirs = client.get(path, headers={"x-api-key": other_key})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    # named after the stored document (an upload's stored name)
    assert re.fullmatch(
        r'attachment; filename="[\w.-]+\.searchable\.pdf"', answer.headers["content-disposition"]
    )
    assert answer.headers["cache-control"] == "private, no-store"
    with pdfplumber.open(io.BytesIO(answer.content)) as pdf:
        layer = pdf.pages[0].extract_text()
    assert "RENT RECEIPT" in layer and "Landlord PAN" in layer
    assert theirs.status_code == 404
