"""Workflows and POST /v1/review over the real grpc.aio server in process: CRUD, versions a
review records, both modes, tenancy (another account's workflow or job is a 404), and
malformed workflows and bad modes with their documented errors."""

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
from tests.extraction.helpers import failure, plain, wait_for_job
from tests.harness import ServerThread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("review"))
    yield running
    running.stop()


@pytest.fixture
def stub(server: ServerThread) -> Iterator[extraction_pb2_grpc.ExtractionServiceStub]:
    with grpc.insecure_channel(server.address) as channel:
        yield extraction_pb2_grpc.ExtractionServiceStub(channel)


def _key(server: ServerThread) -> str:
    return create_key("review tests", 20, settings=server.settings)[1]


def workflow_request(name: str, rules: list[dict[str, Any]], message: Any = None) -> Any:
    return json_format.ParseDict(
        {"name": name, "rules": rules}, message or pb.CreateWorkflowRequest()
    )


TOTAL_RULE = {
    "rule_id": "total",
    "description": "Total at least 1,000",
    "kind": "compare",
    "field": "total_amount",
    "operator": "ge",
    "value": 1000,
}


def test_workflow_crud_and_tenancy(
    server: ServerThread, stub: extraction_pb2_grpc.ExtractionServiceStub
) -> None:
    key, other = _key(server), _key(server)
    mine = (("x-api-key", key),)
    created = stub.CreateWorkflow(workflow_request("Totals", [TOTAL_RULE]), metadata=mine)
    assert (created.name, created.version) == ("Totals", 1)
    assert plain(created.rules[0]) == TOTAL_RULE
    assert created.created_at.seconds > 0
    second = stub.CreateWorkflow(workflow_request("Second", [TOTAL_RULE]), metadata=mine)

    listed = stub.ListWorkflows(pb.ListWorkflowsRequest(page_size=1), metadata=mine)
    assert (listed.total, [w.id for w in listed.workflows]) == (2, [created.id])
    page_two = stub.ListWorkflows(pb.ListWorkflowsRequest(page=2, page_size=1), metadata=mine)
    assert [w.id for w in page_two.workflows] == [second.id]
    theirs = stub.ListWorkflows(pb.ListWorkflowsRequest(), metadata=(("x-api-key", other),))
    assert theirs.total == 0

    got = stub.GetWorkflow(pb.GetWorkflowRequest(workflow_id=created.id), metadata=mine)
    assert got == created
    for call, request in (
        (stub.GetWorkflow, pb.GetWorkflowRequest(workflow_id=created.id)),
        (stub.DeleteWorkflow, pb.DeleteWorkflowRequest(workflow_id=created.id)),
        (stub.Review, pb.ReviewRequest(workflow_id=created.id, file=make_invoice(51).pdf)),
        (
            stub.UpdateWorkflow,
            workflow_request(
                "Mine now", [TOTAL_RULE], pb.UpdateWorkflowRequest(workflow_id=created.id)
            ),
        ),
    ):
        assert failure(call, request, other).status == 404, call

    deleted = stub.DeleteWorkflow(pb.DeleteWorkflowRequest(workflow_id=created.id), metadata=mine)
    assert (deleted.status, deleted.msg) == ("success", "Workflow deleted")
    gone = pb.GetWorkflowRequest(workflow_id=created.id)
    assert failure(stub.GetWorkflow, gone, key).status == 404


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([{**TOTAL_RULE, "operator": "at_least"}], "Rule 'total': operator 'at_least' is not"),
        ([{**TOTAL_RULE, "kind": "vibes"}], "Rule 'total': kind 'vibes' is not one of"),
        ([], "A workflow needs at least one rule"),
    ],
)
def test_a_malformed_workflow_is_400_naming_the_rule(
    server: ServerThread,
    stub: extraction_pb2_grpc.ExtractionServiceStub,
    rules: list[dict[str, Any]],
    message: str,
) -> None:
    found = failure(stub.CreateWorkflow, workflow_request("Bad", rules), _key(server))
    assert (found.status, found.code) == (400, "BAD_REQUEST")
    assert found.message.startswith(message), found.message


def test_a_review_records_the_version_it_ran(
    server: ServerThread, stub: extraction_pb2_grpc.ExtractionServiceStub
) -> None:
    key = _key(server)
    mine = (("x-api-key", key),)
    invoice = make_invoice(52)
    created = stub.CreateWorkflow(workflow_request("Totals", [TOTAL_RULE]), metadata=mine)
    first = stub.Review(pb.ReviewRequest(file=invoice.pdf, workflow_id=created.id), metadata=mine)
    assert (first.status, first.workflow_version, first.result.passed) == ("completed", 1, True)
    (check,) = first.result.checks
    assert (check.rule_id, check.kind, check.passed) == ("total", "compare", True)
    assert (check.observed.number_value, check.expected.string_value) == (invoice.total, ">= 1000")
    assert check.page == 1 and len(check.bbox) == 4

    stricter = {**TOTAL_RULE, "value": invoice.total + 1}
    updated = stub.UpdateWorkflow(
        workflow_request("Totals", [stricter], pb.UpdateWorkflowRequest(workflow_id=created.id)),
        metadata=mine,
    )
    assert updated.version == 2 and updated.created_at == created.created_at
    second = stub.Review(
        pb.ReviewRequest(file=invoice.pdf, workflow_id=created.id, mode="callback"),
        metadata=mine,
    )
    assert (second.status, second.workflow_version) == ("queued", 2)
    job = wait_for_job(stub, second.job_id, key)
    assert (job.kind, job.status, job.workflow_id, job.workflow_version) == (
        "review",
        "completed",
        created.id,
        2,
    )
    assert job.review.passed is False and job.review.workflow_version == 2
    assert job.review.checks[0].reason.startswith("total_amount is")
    earlier = stub.GetExtractionJob(pb.GetExtractionJobRequest(job_id=first.job_id), metadata=mine)
    assert (earlier.workflow_version, earlier.review.passed) == (1, True)
    theirs = pb.GetExtractionJobRequest(job_id=first.job_id)
    assert failure(stub.GetExtractionJob, theirs, _key(server)).status == 404


def test_review_refuses_a_bad_mode_a_missing_workflow_and_a_non_pdf(
    server: ServerThread, stub: extraction_pb2_grpc.ExtractionServiceStub
) -> None:
    key = _key(server)
    created = stub.CreateWorkflow(
        workflow_request("Totals", [TOTAL_RULE]), metadata=(("x-api-key", key),)
    )
    pdf = make_invoice(53).pdf
    bad_mode = pb.ReviewRequest(file=pdf, workflow_id=created.id, mode="eventually")
    found = failure(stub.Review, bad_mode, key)
    assert found.status == 400 and "'response' or 'callback'" in found.message
    no_workflow = failure(stub.Review, pb.ReviewRequest(file=pdf), key)
    assert (no_workflow.status, no_workflow.message) == (400, "workflow_id is required")
    unknown = failure(stub.Review, pb.ReviewRequest(file=pdf, workflow_id="f" * 32), key)
    assert (unknown.status, unknown.message) == (404, "Workflow not found")
    not_pdf = pb.ReviewRequest(file=b"<html>", workflow_id=created.id)
    assert failure(stub.Review, not_pdf, key).code == "NOT_A_PDF"
