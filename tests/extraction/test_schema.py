"""Schema-driven fields against a fake OpenRouter on loopback: the request's JSON Schema goes to
the model with the document's text; invented values are dropped and reported, the rest is
validated against the schema; without a key the feature is off and says so."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from casgate.v1 import extraction_pb2 as pb
from casgate.v1 import extraction_pb2_grpc
from core.accounts import create_key
from core.extraction.read import read_document
from core.extraction.schema import fill_schema
from core.settings import Settings
from tests.conftest import start_server_thread
from tests.extraction.documents import make_invoice
from tests.extraction.helpers import plain
from tests.tagging.fake_openrouter import KEY, FakeOpenRouter, Scripted

SCHEMA = {
    "type": "object",
    "properties": {
        "invoice_number": {"type": "string"},
        "total": {"type": "number"},
        "buyer_gstin": {"type": "string", "pattern": "^[0-9]{2}[A-Z]{5}"},
        "purchase_order": {"type": "string"},
        "lines": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["invoice_number", "total", "purchase_order"],
}


@pytest.fixture
def fake() -> Iterator[FakeOpenRouter]:
    server = FakeOpenRouter().start()
    yield server
    server.close()


def _settings(tmp_path: Path, fake: FakeOpenRouter | None) -> Settings:
    if fake is None:
        return Settings(data_dir=tmp_path, openrouter_api_key="")
    return Settings(
        data_dir=tmp_path,
        openrouter_api_key=KEY,
        openrouter_base_url=fake.base_url,
        openrouter_max_retries=0,
    )


def _text(pdf: bytes, settings: Settings) -> str:
    result = read_document(pdf, None, settings)
    assert isinstance(result, dict)
    return "\n".join(result["text_by_page"])


def test_invented_values_are_dropped_and_the_rest_validated(
    fake: FakeOpenRouter, tmp_path: Path
) -> None:
    settings = _settings(tmp_path, fake)
    invoice = make_invoice(31)
    answer = {
        "invoice_number": invoice.number,
        "total": invoice.total,
        "buyer_gstin": invoice.buyer_gstin,
        "purchase_order": "PO-88231",  # printed nowhere: invented
        "lines": [{"qty": invoice.items[0][1], "rate": 123.45}],  # the rate is invented
    }
    fake.script.append(Scripted(content=json.dumps(answer)))
    filled = fill_schema(SCHEMA, _text(invoice.pdf, settings), settings, None)

    assert filled["values"]["invoice_number"] == invoice.number
    assert filled["values"]["total"] == invoice.total
    assert filled["values"]["lines"] == [{"qty": invoice.items[0][1]}]
    assert {(d["path"], d["value"]) for d in filled["dropped"]} == {
        ("/purchase_order", "PO-88231"),
        ("/lines/0/rate", 123.45),
    }
    # purchase_order is required: without the invented value the answer breaks the schema
    assert filled["valid"] is False
    assert any("purchase_order" in e for e in filled["errors"])

    (sent,) = fake.requests
    prompt = sent["messages"][-1]["content"]
    assert json.dumps(SCHEMA) in prompt and invoice.number in prompt


def test_a_grounded_answer_is_valid(fake: FakeOpenRouter, tmp_path: Path) -> None:
    settings = _settings(tmp_path, fake)
    invoice = make_invoice(32)
    schema = {**SCHEMA, "required": ["invoice_number", "total"]}
    answer = {
        "invoice_number": invoice.number,
        "total": invoice.total,
        "buyer_gstin": invoice.buyer_gstin,
    }
    fake.script.append(Scripted(content="```json\n" + json.dumps(answer) + "\n```"))
    filled = fill_schema(schema, _text(invoice.pdf, settings), settings, None)
    assert filled == {"valid": True, "values": answer, "dropped": [], "errors": []}


def test_a_value_breaking_the_schema_is_reported(fake: FakeOpenRouter, tmp_path: Path) -> None:
    settings = _settings(tmp_path, fake)
    invoice = make_invoice(33)
    schema = {**SCHEMA, "required": []}
    answer = {"buyer_gstin": "Karnataka"}  # printed, but not a GSTIN
    fake.script.append(Scripted(content=json.dumps(answer)))
    filled = fill_schema(schema, _text(invoice.pdf, settings), settings, None)
    assert filled["dropped"] == []
    assert filled["valid"] is False
    assert filled["errors"] == ["/buyer_gstin: 'Karnataka' does not match '^[0-9]{2}[A-Z]{5}'"]


def test_failures_and_a_missing_key_say_why(fake: FakeOpenRouter, tmp_path: Path) -> None:
    assert fill_schema(SCHEMA, "text", _settings(tmp_path, None), None) == {
        "valid": False,
        "unavailable": "no LLM is configured (CASGATE_OPENROUTER_API_KEY)",
    }
    settings = _settings(tmp_path, fake)
    fake.script.append(Scripted(status=400, message="model not found"))
    assert fill_schema(SCHEMA, "text", settings, None)["unavailable"] == (
        "the LLM call failed: model not found"
    )
    fake.script.append(Scripted(content="[1, 2]"))
    assert "not answer a JSON object" in fill_schema(SCHEMA, "text", settings, None)["unavailable"]


def test_extract_with_a_schema_over_grpc(fake: FakeOpenRouter, tmp_path: Path) -> None:
    server = start_server_thread(
        tmp_path / "server",
        settings={"openrouter_api_key": KEY, "openrouter_base_url": fake.base_url},
    )
    try:
        key = create_key("schema", 10, settings=server.settings)[1]
        invoice = make_invoice(34)
        fake.script.append(
            Scripted(content=json.dumps({"invoice_number": invoice.number, "total": 1.5}))
        )
        request = pb.ExtractRequest(file=invoice.pdf)
        request.schema.update({**SCHEMA, "required": ["invoice_number"]})
        with grpc.insecure_channel(server.address) as channel:
            answer = extraction_pb2_grpc.ExtractionServiceStub(channel).Extract(
                request, metadata=(("x-api-key", key),)
            )
    finally:
        server.stop()
    schema_fields = plain(answer.result.schema_fields)
    assert schema_fields["values"] == {"invoice_number": invoice.number}
    assert schema_fields["dropped"] == [
        {"path": "/total", "value": 1.5, "reason": "not found in the document's text"}
    ]
    assert schema_fields["valid"] is True
