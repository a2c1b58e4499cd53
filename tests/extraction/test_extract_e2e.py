"""/v1/extract, /v1/review, /v1/workflows and /v1/jobs through the real gateway: multipart and
JSON on the same paths (the gateway picks the twin by content type), a schema as a JSON text
part, the PUT binding, and the documented error body of bad input."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from core.accounts import create_key
from tests.conftest import Stack
from tests.extraction.documents import make_invoice
from tests.review.examples import example_workflows
from tests.statements import generate

pytestmark = pytest.mark.e2e


def _failed(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["status"], body["code"]) == ("failed", code), body
    assert response.headers["x-request-id"].startswith("req_")
    return str(body["msg"])


def test_extraction_and_review_over_rest(stack: Stack) -> None:
    _, key = create_key("extraction e2e", 20, settings=stack.server.settings)
    invoice = make_invoice(81)
    with httpx.Client(base_url=stack.url, headers={"x-api-key": key}, timeout=60) as client:
        answer = client.post(
            "/v1/extract",
            files={"file": ("bill.pdf", invoice.pdf, "application/pdf")},
            data={"mode": "response", "schema": json.dumps({"type": "object"})},
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["status"], body["filename"]) == ("completed", "bill.pdf")
        result = body["result"]
        assert result["document_type"] == "invoice" and result["ocr_used"] is False
        assert result["fields"]["total_amount"]["value"] == invoice.total
        assert result["tables"][0]["header"][-1] == "Amount"
        assert "no LLM is configured" in result["schema_fields"]["unavailable"]

        queued = client.post(
            "/v1/extract",
            json={"file": base64.b64encode(invoice.pdf).decode(), "mode": "callback"},
        )
        assert queued.status_code == 200 and queued.json()["status"] == "queued"
        job = client.get(f"/v1/jobs/{queued.json()['job_id']}")
        assert job.status_code == 200 and job.json()["kind"] == "extraction"

        created = client.post("/v1/workflows", json=example_workflows()["invoice"])
        assert created.status_code == 200, created.text
        workflow = created.json()
        assert (workflow["version"], workflow["rules"][3]["column"]) == (1, "Amount")
        renamed = client.put(
            f"/v1/workflows/{workflow['id']}", json={**example_workflows()["invoice"], "name": "v2"}
        )
        assert (renamed.json()["name"], renamed.json()["version"]) == ("v2", 2)
        reviewed = client.post(
            "/v1/review",
            files={"file": ("bill.pdf", invoice.pdf, "application/pdf")},
            data={"workflow_id": workflow["id"]},
        )
        assert reviewed.status_code == 200, reviewed.text
        assert (reviewed.json()["workflow_version"], reviewed.json()["result"]["passed"]) == (
            2,
            True,
        )
        listed = client.get("/v1/workflows").json()
        assert [w["id"] for w in listed["workflows"]] == [workflow["id"]]

        bad_mode = client.post(
            "/v1/extract", files={"file": ("a.pdf", invoice.pdf)}, data={"mode": "webhook"}
        )
        assert "'response' or 'callback'" in _failed(bad_mode, 400, "BAD_REQUEST")
        not_pdf = client.post("/v1/extract", files={"file": ("a.pdf", b"GIF89a not a pdf")})
        _failed(not_pdf, 400, "NOT_A_PDF")
        locked = generate(issuer="CAMS", variant="SUMMARY", seed=82, pages=1)
        _failed(client.post("/v1/extract", files={"file": ("cas.pdf", locked.pdf)}), 400,
                "PASSWORD_REQUIRED")  # fmt: skip
        bad_rule = client.post(
            "/v1/workflows",
            json={"name": "x", "rules": [{"rule_id": "d", "kind": "date_within", "field": "a"}]},
        )
        assert _failed(bad_rule, 400, "BAD_REQUEST") == "Rule 'd': date_within needs days"
        _failed(client.get("/v1/workflows/nope"), 404, "NOT_FOUND")
        _failed(client.get("/v1/jobs/nope"), 404, "NOT_FOUND")
        _failed(client.delete(f"/v1/workflows/{workflow['id']}", headers={"x-api-key": "x"}), 401,
                "UNAUTHENTICATED")  # fmt: skip
