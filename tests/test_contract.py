"""The contract's deliberate repetitions stay identical.

Envoy 1.40's transcoder maps ``response_body`` only to ``google.api.HttpBody`` fields, and buf's
STANDARD rules want one response message per RPC, so an RPC whose REST body *is* a resource
(a statement, a job, a document, a workflow, a webhook) repeats the resource's fields in its own
response message. These tests keep every copy equal to its resource, field for field.
"""

from __future__ import annotations

import pytest
from google.protobuf.descriptor import Descriptor

from casgate.v1 import account_pb2, batch_pb2, history_pb2, parse_pb2, statement_pb2

COPIES = [
    (statement_pb2.UnifiedResponse, parse_pb2.SmartParseResponse),
    (statement_pb2.UnifiedResponse, parse_pb2.ParseCamsKfintechResponse),
    (statement_pb2.UnifiedResponse, parse_pb2.ParseNsdlResponse),
    (statement_pb2.UnifiedResponse, parse_pb2.ParseCdslResponse),
    (batch_pb2.BatchJob, batch_pb2.GetBatchStatusResponse),
    (batch_pb2.BatchJob, history_pb2.GetJobResponse),
    (history_pb2.Document, history_pb2.GetDocumentResponse),
    (parse_pb2.Workflow, parse_pb2.CreateWorkflowResponse),
    (parse_pb2.Workflow, parse_pb2.GetWorkflowResponse),
    (account_pb2.Webhook, account_pb2.CreateWebhookResponse),
]


def shape(descriptor: Descriptor) -> list[tuple[str, int, int, bool, str, bool]]:
    return [
        (
            f.name,
            f.number,
            f.type,
            f.is_repeated,
            f.message_type.full_name if f.message_type else "",
            f.has_presence,
        )
        for f in descriptor.fields
    ]


@pytest.mark.parametrize(("resource", "copy"), COPIES, ids=lambda m: m.DESCRIPTOR.name)
def test_response_messages_repeat_their_resource_exactly(resource: type, copy: type) -> None:
    assert shape(copy.DESCRIPTOR) == shape(resource.DESCRIPTOR)
