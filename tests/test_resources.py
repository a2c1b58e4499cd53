"""RPCs whose REST body is a resource return that resource (AIP-131), and only they are exempt
from buf's response-naming rules.

Envoy's transcoder can point ``response_body`` only at an ``HttpBody`` field, so a wrapper
``GetJobResponse { BatchJob job = 1; }`` would add a level to the JSON; returning ``BatchJob``
keeps the body the resource itself. buf's STANDARD rules object to that, so those RPCs carry
``// buf:lint:ignore`` comments: these tests keep the comments and the RPCs in step.
"""

from __future__ import annotations

import re
from pathlib import Path

from google.protobuf.descriptor import FileDescriptor, MethodDescriptor

from casgate.v1 import (
    account_pb2,
    batch_pb2,
    contract_note_pb2,
    extraction_pb2,
    fetch_pb2,
    history_pb2,
    inbound_email_pb2,
    inbox_pb2,
    parse_pb2,
    statement_pb2,
    status_pb2,
    tag_pb2,
    upload_pb2,
    webhook_pb2,
)
from server import contract

PROTO_DIR = Path(__file__).resolve().parent.parent / "proto" / "casgate" / "v1"
FILES: list[FileDescriptor] = [
    m.DESCRIPTOR
    for m in (account_pb2, batch_pb2, contract_note_pb2, extraction_pb2, fetch_pb2, history_pb2,
              inbox_pb2, parse_pb2, statement_pb2, status_pb2, upload_pb2, webhook_pb2)
]  # fmt: skip
IGNORED = ("RPC_RESPONSE_STANDARD_NAME", "RPC_REQUEST_RESPONSE_UNIQUE")
_RPC = re.compile(r"((?:^  //[^\n]*\n)*)^  rpc (\w+)\(", re.M)


def methods() -> list[MethodDescriptor]:
    """Every casgate method, read from the generated descriptors (a new proto file included)."""
    return [m for s in contract.services() for m in s.methods]


def returns_a_resource(method: MethodDescriptor) -> bool:
    return method.output_type.name != f"{method.name}Response"


def exempted() -> set[str]:
    """``Service.Method`` names whose rpc carries both buf ignore comments."""
    found = set()
    for path in PROTO_DIR.glob("*.proto"):
        text = path.read_text()
        for comments, rpc in _RPC.findall(text):
            if all(f"buf:lint:ignore {rule}" in comments for rule in IGNORED):
                found.add(rpc)
    return found


def test_resource_rpcs_are_exactly_the_exempted_ones() -> None:
    resource_rpcs = {m.name for m in methods() if returns_a_resource(m)}
    assert resource_rpcs == exempted()


def test_the_resources_returned() -> None:
    returned = {m.name: m.output_type.full_name for m in methods() if returns_a_resource(m)}
    assert returned == {
        "SmartParse": statement_pb2.UnifiedResponse.DESCRIPTOR.full_name,
        "ParseCdsl": statement_pb2.UnifiedResponse.DESCRIPTOR.full_name,
        "ParseNsdl": statement_pb2.UnifiedResponse.DESCRIPTOR.full_name,
        "ParseCamsKfintech": statement_pb2.UnifiedResponse.DESCRIPTOR.full_name,
        "CreateWorkflow": extraction_pb2.Workflow.DESCRIPTOR.full_name,
        "UpdateWorkflow": extraction_pb2.Workflow.DESCRIPTOR.full_name,
        "GetWorkflow": extraction_pb2.Workflow.DESCRIPTOR.full_name,
        "GetBatchStatus": batch_pb2.BatchJob.DESCRIPTOR.full_name,
        "GetJob": batch_pb2.BatchJob.DESCRIPTOR.full_name,
        "GetDocument": history_pb2.Document.DESCRIPTOR.full_name,
        "CreateWebhook": webhook_pb2.Webhook.DESCRIPTOR.full_name,
        "GetWebhook": webhook_pb2.Webhook.DESCRIPTOR.full_name,
        "RotateWebhookSecret": webhook_pb2.Webhook.DESCRIPTOR.full_name,
        "EnableWebhook": webhook_pb2.Webhook.DESCRIPTOR.full_name,
        "RedeliverWebhookDelivery": webhook_pb2.WebhookDelivery.DESCRIPTOR.full_name,
        "CreateTag": tag_pb2.Tag.DESCRIPTOR.full_name,
        "UpdateTag": tag_pb2.Tag.DESCRIPTOR.full_name,
        "CreateInboundEmail": inbound_email_pb2.InboundEmail.DESCRIPTOR.full_name,
        "GetInboundEmail": inbound_email_pb2.InboundEmail.DESCRIPTOR.full_name,
    }


def test_no_response_message_repeats_a_resource() -> None:
    """A ``…Response`` with exactly a resource's fields should return the resource instead."""
    resources = [statement_pb2.UnifiedResponse, batch_pb2.BatchJob, history_pb2.Document,
                 extraction_pb2.Workflow, webhook_pb2.Webhook,
                 webhook_pb2.WebhookDelivery]  # fmt: skip
    shapes = {tuple((f.name, f.number, f.type) for f in r.DESCRIPTOR.fields) for r in resources}
    for method in methods():
        if not returns_a_resource(method):
            fields = tuple((f.name, f.number, f.type) for f in method.output_type.fields)
            assert fields not in shapes, method.full_name
