"""The README's example workflows, created as they are printed there and run over the real
server against a generated invoice and a generated CAMS/KFintech statement: a good document
passes every rule, a tampered one fails exactly the rules it breaks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import json_format

from casgate.v1 import extraction_pb2 as pb
from casgate.v1 import extraction_pb2_grpc
from core.accounts import create_key
from tests.conftest import start_server_thread
from tests.extraction.documents import make_invoice
from tests.extraction.helpers import plain
from tests.harness import ServerThread
from tests.review.examples import example_workflows
from tests.statements import generate


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("examples"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def key(server: ServerThread) -> str:
    return create_key("examples", 50, settings=server.settings)[1]


def _review(server: ServerThread, key: str, name: str, request: pb.ReviewRequest) -> Any:
    metadata = (("x-api-key", key),)
    with grpc.insecure_channel(server.address) as channel:
        stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
        workflow = stub.CreateWorkflow(
            json_format.ParseDict(example_workflows()[name], pb.CreateWorkflowRequest()),
            metadata=metadata,
        )
        request.workflow_id = workflow.id
        return stub.Review(request, metadata=metadata)


def _outcomes(checks: Any) -> dict[str, bool]:
    found = {}
    for check in checks:
        found[check.rule_id] = check.passed
        found.update(_outcomes(check.checks))
    return found


@pytest.mark.parametrize("seed", [61, 62, 63])
def test_the_invoice_workflow_passes_a_good_invoice(
    server: ServerThread, key: str, seed: int
) -> None:
    invoice = make_invoice(seed)
    answer = _review(server, key, "invoice", pb.ReviewRequest(file=invoice.pdf))
    assert answer.result.document_type == "invoice"
    failed = {rule: ok for rule, ok in _outcomes(answer.result.checks).items() if not ok}
    assert failed == {}
    assert answer.result.passed
    checks = {c.rule_id: plain(c) for c in answer.result.checks}
    assert checks["items_add_up"]["observed"] == pytest.approx(invoice.subtotal)
    assert checks["total_adds_up"]["expected"] == invoice.total
    assert checks["due_in_30"]["observed"] == invoice.due_date.isoformat()
    assert checks["number"]["observed"] == invoice.number
    assert checks["number"]["page"] == 1 and len(checks["number"]["bbox"]) == 4


def test_the_invoice_workflow_catches_a_wrong_total(server: ServerThread, key: str) -> None:
    invoice = make_invoice(64, total_override=12345.0)
    answer = _review(server, key, "invoice", pb.ReviewRequest(file=invoice.pdf))
    assert not answer.result.passed
    outcomes = _outcomes(answer.result.checks)
    assert [rule for rule, ok in outcomes.items() if not ok] == ["total_adds_up"]
    (wrong,) = [plain(c) for c in answer.result.checks if c.rule_id == "total_adds_up"]
    assert (wrong["observed"], wrong["expected"]) == (pytest.approx(invoice.total), 12345.0)
    assert wrong["reason"] == f"off by {invoice.total - 12345.0:.2f}"


@pytest.mark.parametrize(
    ("issuer", "variant", "seed"), [("CAMS", "DETAILED", 65), ("KFINTECH", "DETAILED", 66)]
)
def test_the_cas_workflow_passes_a_generated_cas(
    server: ServerThread, key: str, issuer: str, variant: str, seed: int
) -> None:
    cas = generate(issuer=issuer, variant=variant, seed=seed, pages=2)
    request = pb.ReviewRequest(file=cas.pdf, password=cas.password or "")
    answer = _review(server, key, "cas", request)
    assert answer.result.document_type == "cams_kfintech"
    assert _outcomes(answer.result.checks) == dict.fromkeys(
        ["is_cas", "pan", "name", "period", "folios", "valued"], True
    )
    checks = {c.rule_id: plain(c) for c in answer.result.checks}
    assert checks["pan"]["observed"] == cas.truth["investor"]["pan"]
    assert checks["folios"]["observed"] == len(cas.truth["mutual_funds"])
    assert checks["period"]["observed"] == cas.truth["meta"]["statement_period"]["to"]


def test_the_cas_workflow_fails_an_invoice(server: ServerThread, key: str) -> None:
    answer = _review(server, key, "cas", pb.ReviewRequest(file=make_invoice(67).pdf))
    outcomes = _outcomes(answer.result.checks)
    assert not answer.result.passed
    assert {rule for rule, ok in outcomes.items() if not ok} == {
        "is_cas", "pan", "name", "period", "folios", "valued"
    }  # fmt: skip
    checks = {c.rule_id: plain(c) for c in answer.result.checks}
    assert (checks["is_cas"]["observed"], checks["pan"]["reason"]) == (
        "invoice",
        "investor.pan not found",
    )
