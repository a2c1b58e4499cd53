"""Completion events of extraction and review jobs reach a registered webhook whatever the
mode, for success and failure, signed; each is written with its job's result (one outbox row
per job and webhook, the job and its row saved together)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import json_format
from sqlmodel import col, select

from casgate.v1 import extraction_pb2 as pb
from casgate.v1 import extraction_pb2_grpc
from core import webhooks
from core.accounts import create_key
from core.accounts.auth import authenticate
from core.db import session_scope
from core.extraction.models import ExtractionJob
from core.webhooks.models import WebhookDelivery
from tests.conftest import start_server_thread
from tests.extraction.documents import make_invoice
from tests.extraction.helpers import failure, wait_for_job
from tests.harness import ServerThread
from tests.statements import generate
from tests.webhooks.receiver import Receiver


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("extract-hooks"),
        settings={"webhook_allow_private_urls": True, "webhook_poll_seconds": 0.1},
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def key(server: ServerThread, receiver: Receiver) -> str:
    secret = create_key("hooks", 50, settings=server.settings)[1]
    principal = authenticate(secret, None, settings=server.settings)
    created = asyncio.run(
        webhooks.create_webhook(
            principal,
            receiver.url,
            ["extraction.completed", "review.completed"],
            settings=server.settings,
        )
    )
    assert created.secret
    receiver.secrets.append(created.secret)
    return secret


def _event_of(receiver: Receiver, job_id: str) -> dict[str, Any]:
    """The verified delivery announcing ``job_id`` (waiting for it)."""
    for count in range(1, 200):
        for delivery in receiver.wait_for(count):
            body = delivery.json
            if body["data"]["job_id"] == job_id:
                assert delivery.verified, "both signatures and a fresh timestamp"
                return dict(body)
    raise AssertionError(f"no event for {job_id}")


def test_callback_and_response_jobs_fire_extraction_completed(
    server: ServerThread, receiver: Receiver, key: str
) -> None:
    invoice = make_invoice(71)
    with grpc.insecure_channel(server.address) as channel:
        stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
        metadata = (("x-api-key", key),)
        queued = stub.Extract(
            pb.ExtractRequest(file=invoice.pdf, filename="bill.pdf", mode="callback"),
            metadata=metadata,
        )
        waited = stub.Extract(pb.ExtractRequest(file=invoice.pdf), metadata=metadata)
        job = wait_for_job(stub, queued.job_id, key)
    for job_id in (queued.job_id, waited.job_id):
        event = _event_of(receiver, job_id)
        assert event["event"] == "extraction.completed"
        assert event["timestamp"].endswith("Z")
        assert event["data"]["status"] == "completed"
        assert event["data"]["result"]["document_type"] == "invoice"
        assert event["data"]["result"]["fields"]["invoice_number"]["value"] == invoice.number
    assert _event_of(receiver, queued.job_id)["data"]["filename"] == "bill.pdf"
    # the event carries what the job stored
    stored = json_format.MessageToDict(
        job.result, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    assert _event_of(receiver, queued.job_id)["data"]["result"] == stored


def test_a_failed_job_fires_its_event_with_the_error(
    server: ServerThread, receiver: Receiver, key: str
) -> None:
    locked = generate(issuer="CAMS", variant="SUMMARY", seed=72, pages=1)
    with grpc.insecure_channel(server.address) as channel:
        stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
        queued = stub.Extract(
            pb.ExtractRequest(file=locked.pdf, mode="callback"), metadata=(("x-api-key", key),)
        )
        job = wait_for_job(stub, queued.job_id, key)
        assert (job.status, job.error_status) == ("failed", 400)
        waited = failure(stub.Extract, pb.ExtractRequest(file=locked.pdf), key)
        assert waited.code == "PASSWORD_REQUIRED"
    event = _event_of(receiver, queued.job_id)
    assert event["data"]["status"] == "failed"
    assert event["data"]["result"] is None
    assert (event["data"]["error"], event["data"]["error_status"]) == (job.error, 400)


def test_a_review_fires_review_completed_with_its_workflow_version(
    server: ServerThread, receiver: Receiver, key: str
) -> None:
    rules = [{"rule_id": "n", "kind": "field_present", "field": "invoice_number"}]
    with grpc.insecure_channel(server.address) as channel:
        stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
        metadata = (("x-api-key", key),)
        workflow = stub.CreateWorkflow(
            json_format.ParseDict({"name": "n", "rules": rules}, pb.CreateWorkflowRequest()),
            metadata=metadata,
        )
        answer = stub.Review(
            pb.ReviewRequest(file=make_invoice(73).pdf, workflow_id=workflow.id, mode="callback"),
            metadata=metadata,
        )
    event = _event_of(receiver, answer.job_id)
    assert event["event"] == "review.completed"
    assert (event["data"]["workflow_id"], event["data"]["workflow_version"]) == (workflow.id, 1)
    assert event["data"]["result"]["passed"] is True


def test_each_finished_job_has_exactly_one_outbox_row(server: ServerThread, key: str) -> None:
    with grpc.insecure_channel(server.address) as channel:
        stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
        answer = stub.Extract(
            pb.ExtractRequest(file=make_invoice(74).pdf), metadata=(("x-api-key", key),)
        )
    with session_scope(server.settings) as session:
        job = session.get(ExtractionJob, answer.job_id)
        assert job is not None and job.finished_at is not None
        rows = [
            row
            for row in session.exec(
                select(WebhookDelivery).where(col(WebhookDelivery.account_id) == job.account_id)
            ).all()
            if f'"job_id":"{answer.job_id}"' in row.body
        ]
    assert len(rows) == 1 and rows[0].event == "extraction.completed"
