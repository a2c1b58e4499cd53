"""Workflows and POST /v1/review over the real grpc.aio server in process: CRUD, versions a
review records, both modes, tenancy (another account's workflow or job is a 404), and
malformed workflows and bad modes with their documented errors; every ExtractionService
method through the typed client (blocking and asyncio)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import json_format

from casgate.v1 import extraction_pb2 as pb
from casgate.v1 import extraction_pb2_grpc
from clients import ApiError, AsyncClient, Client
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


#: a JSON Schema of one wanted field (no LLM is configured in tests: it comes back unavailable)
SCHEMA = {"type": "object", "properties": {"invoice_number": {"type": "string"}}}

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


def test_the_blocking_client_extracts_reviews_and_keeps_workflows(server: ServerThread) -> None:
    """Every ExtractionService method through ``Client``: typed messages in and out, a rule
    as a dict or a message, errors as ``ApiError`` with the REST status."""
    invoice = make_invoice(54)
    with Client(server.address, api_key=_key(server)) as casgate:
        extracted = casgate.extract(invoice.pdf, filename="invoice.pdf", schema=SCHEMA)
        assert isinstance(extracted, pb.ExtractResponse)
        assert (extracted.status, extracted.filename) == ("completed", "invoice.pdf")
        result = extracted.result
        assert result.document_type == "invoice"
        assert result.fields["invoice_number"].value.string_value == invoice.number
        assert "no LLM is configured" in result.schema_fields.unavailable  # the schema arrived
        job = casgate.get_extraction_job(extracted.job_id)
        assert (job.kind, job.status, job.result) == ("extraction", "completed", result)

        created = casgate.create_workflow("Totals", [TOTAL_RULE], description="Large invoices")
        assert (created.name, created.description, created.version) == (
            "Totals",
            "Large invoices",
            1,
        )
        assert plain(created.rules[0]) == TOTAL_RULE
        passed = casgate.review(invoice.pdf, workflow_id=created.id, filename="invoice.pdf")
        assert (passed.status, passed.filename, passed.result.passed) == (
            "completed",
            "invoice.pdf",
            True,
        )
        stricter = json_format.ParseDict(
            {**TOTAL_RULE, "value": invoice.total + 1}, pb.WorkflowRule()
        )
        updated = casgate.update_workflow(created.id, "Stricter", [stricter])
        assert (updated.id, updated.name, updated.version) == (created.id, "Stricter", 2)
        failed = casgate.review(invoice.pdf, workflow_id=created.id)
        assert (failed.workflow_version, failed.result.passed) == (2, False)
        reviewed = casgate.get_extraction_job(failed.job_id)
        assert (reviewed.kind, reviewed.review) == ("review", failed.result)

        second = casgate.create_workflow("Second", [TOTAL_RULE])
        listed = casgate.list_workflows(page_size=1)
        assert (listed.total, [w.id for w in listed.workflows]) == (2, [created.id])
        assert [w.id for w in casgate.list_workflows(page=2, page_size=1).workflows] == [second.id]
        assert casgate.get_workflow(created.id) == updated
        assert casgate.delete_workflow(created.id).status == "success"

        for call, status, message in (
            (lambda: casgate.get_workflow(created.id), 404, "Workflow not found"),
            (lambda: casgate.get_extraction_job("f" * 32), 404, ""),
            (lambda: casgate.review(invoice.pdf, workflow_id=""), 400, "workflow_id is required"),
            (lambda: casgate.extract(b"<html>"), 400, ""),
            (
                lambda: casgate.create_workflow("Bad", [{**TOTAL_RULE, "kind": "vibes"}]),
                400,
                "Rule 'total': kind 'vibes' is not one of",
            ),
        ):
            with pytest.raises(ApiError) as refused:
                call()
            assert refused.value.status == status and refused.value.message.startswith(message)
        with pytest.raises(json_format.ParseError, match="no_such_key"):
            casgate.create_workflow("Bad", [{**TOTAL_RULE, "no_such_key": 1}])


def test_the_async_client_extracts_reviews_and_keeps_workflows(server: ServerThread) -> None:
    invoice = make_invoice(55)
    key = _key(server)

    async def use() -> tuple[pb.ExtractResponse, pb.GetExtractionJobResponse, pb.ReviewResponse]:
        async with AsyncClient(server.address, api_key=key) as casgate:
            queued = await casgate.extract(invoice.pdf, mode="callback")
            job = await casgate.get_extraction_job(queued.job_id)
            created = await casgate.create_workflow("Totals", [TOTAL_RULE])
            updated = await casgate.update_workflow(created.id, "Totals", [TOTAL_RULE])
            assert (await casgate.get_workflow(created.id)) == updated
            assert [w.id for w in (await casgate.list_workflows()).workflows] == [created.id]
            reviewed = await casgate.review(invoice.pdf, workflow_id=created.id)
            assert (await casgate.delete_workflow(created.id)).status == "success"
            try:
                await casgate.get_workflow(created.id)
            except ApiError as error:
                assert error.status == 404
                return queued, job, reviewed
            raise AssertionError("a deleted workflow must be gone")

    queued, job, reviewed = asyncio.run(use())
    assert queued.status == "queued" and not queued.HasField("result")
    assert (job.job_id, job.kind, job.mode) == (queued.job_id, "extraction", "callback")
    assert (reviewed.status, reviewed.workflow_version, reviewed.result.passed) == (
        "completed",
        2,
        True,
    )
