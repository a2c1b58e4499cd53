"""Core's views and the messages they become agree, field for field.

(RPCs whose REST body is a resource return the resource itself, so there are no repeated
response messages left to compare; ``tests/test_resources.py`` keeps that so.)
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from google.protobuf import descriptor_pool, json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from pydantic import BaseModel, create_model

from casgate.v1 import account_pb2, batch_pb2
from core.accounts.views import (
    AccessTokenView,
    ApiKeysView,
    CreditsView,
    NewApiKeyView,
    ProfileView,
    SignInView,
    TokenCheckView,
    TokenPairView,
    UsageLogsView,
    UsageReportView,
)
from core.analytics import AnalyticsView
from core.batch.views import (
    ActiveBatchesView,
    BatchControlView,
    BatchDocumentView,
    BatchEventView,
    BatchJobView,
    BatchStartedView,
    PathChecksView,
    ProcessedBatchView,
    ProcessedDocumentView,
)
from core.contract_notes import ContractNoteResult
from core.extraction.views import ExtractJobView, JobView
from core.history.views import (
    DocumentPageView,
    DocumentTextView,
    DocumentView,
    HistoryStatsView,
    JobPageView,
)
from core.inbound.views import InboundEmailDeletedView, InboundEmailPageView, InboundEmailView
from core.inbox.views import (
    ConnectInboxView,
    InboxDisconnectedView,
    InboxRedirectView,
    InboxStatusView,
    MailFilesView,
)
from core.models.unified import UnifiedResponse
from core.notice import Notice
from core.preview import PreviewView
from core.review.views import ReviewJobView, WorkflowPageView, WorkflowView
from core.single import DocumentResultView
from core.tagging.views import DocumentTagsView, TagListView, TagView
from core.views import View
from core.webhooks.views import DeliveryListView, DeliveryView, WebhookListView, WebhookView
from server.servicers.account import AccountServicer
from server.servicers.analytics import AnalyticsServicer
from server.servicers.batch import BatchServicer
from server.servicers.convert import SUCCESS, to_message
from server.servicers.extraction import ExtractionServicer
from server.servicers.history import HistoryServicer
from server.servicers.inbound_email import InboundEmailServicer
from server.servicers.inbox import InboxServicer
from server.servicers.parse import ParseServicer
from server.servicers.tags import TagServicer
from server.servicers.webhooks import WebhookServicer

# --- core's views against the messages they become ---------------------------------------------
#
# Each servicer turns one core view into its RPC's response message in one call
# (``server/servicers/convert.py``). The pairs below name the RPC, not the message, so the walk
# always reads the output type the descriptor declares. ``ENVELOPED`` views travel inside the
# REST success envelope, whose ``status`` the edge adds.

BATCH_VIEWS: list[tuple[type[BaseModel], str]] = [
    (BatchStartedView, "BatchService.StartBatch"),
    (BatchJobView, "BatchService.GetBatchStatus"),
    (BatchControlView, "BatchService.CancelBatch"),
    (BatchControlView, "BatchService.PauseBatch"),
    (BatchControlView, "BatchService.ResumeBatch"),
    (ActiveBatchesView, "BatchService.ListActiveBatches"),
    (PathChecksView, "BatchService.ValidatePaths"),
    (ProcessedBatchView, "BatchService.ProcessBatch"),
    (BatchEventView, "BatchService.WatchBatch"),
]
HISTORY_VIEWS: list[tuple[type[BaseModel], str]] = [
    (JobPageView, "HistoryService.ListJobs"),
    (BatchJobView, "HistoryService.GetJob"),
    (Notice, "HistoryService.DeleteJob"),
    (DocumentPageView, "HistoryService.ListDocuments"),
    (DocumentPageView, "HistoryService.SearchDocuments"),
    (DocumentView, "HistoryService.GetDocument"),
    (DocumentTextView, "HistoryService.GetDocumentText"),
    (HistoryStatsView, "HistoryService.GetStats"),
]
ACCOUNT_VIEWS: list[tuple[type[BaseModel], str]] = [
    (CreditsView, "AccountService.GetCredits"),
    (UsageLogsView, "AccountService.ListUsage"),
    (UsageReportView, "AccountService.SummarizeUsage"),
    (AccessTokenView, "AccountService.CreateAccessToken"),
    (TokenCheckView, "AccountService.VerifyAccessToken"),
    (ProfileView, "AccountService.Register"),
    (SignInView, "AccountService.Login"),
    (TokenPairView, "AccountService.RefreshToken"),
    (Notice, "AccountService.Logout"),
    (ProfileView, "AccountService.GetMe"),
    (NewApiKeyView, "AccountService.CreateApiKey"),
    (ApiKeysView, "AccountService.ListApiKeys"),
    (Notice, "AccountService.RevokeApiKey"),
]
PARSE_VIEWS: list[tuple[type[BaseModel], str]] = [
    (UnifiedResponse, "ParseService.SmartParse"),
    (UnifiedResponse, "ParseService.ParseCamsKfintech"),
    (UnifiedResponse, "ParseService.ParseNsdl"),
    (UnifiedResponse, "ParseService.ParseCdsl"),
    (DocumentResultView, "ParseService.ProcessDocument"),
    (PreviewView, "ParseService.PreviewDocument"),
    (ContractNoteResult, "ParseService.ParseContractNote"),
]
TAG_VIEWS: list[tuple[type[BaseModel], str]] = [
    (TagView, "TagService.CreateTag"),
    (TagListView, "TagService.ListTags"),
    (TagView, "TagService.UpdateTag"),
    (Notice, "TagService.DeleteTag"),
    (DocumentTagsView, "TagService.SetDocumentTags"),
    (DocumentTagsView, "TagService.GetDocumentTags"),
]
INBOX_VIEWS: list[tuple[type[BaseModel], str]] = [
    (ConnectInboxView, "InboxService.ConnectInbox"),
    (InboxRedirectView, "InboxService.CompleteInboxConnection"),
    (InboxStatusView, "InboxService.GetInboxStatus"),
    (MailFilesView, "InboxService.ListInboxCas"),
    (InboxDisconnectedView, "InboxService.DisconnectInbox"),
    (InboundEmailView, "InboundEmailService.CreateInboundEmail"),
    (InboundEmailPageView, "InboundEmailService.ListInboundEmails"),
    (InboundEmailView, "InboundEmailService.GetInboundEmail"),
    (InboundEmailDeletedView, "InboundEmailService.DeleteInboundEmail"),
    (MailFilesView, "InboundEmailService.ListInboundEmailFiles"),
]
EXTRACTION_VIEWS: list[tuple[type[BaseModel], str]] = [
    (ExtractJobView, "ExtractionService.Extract"),
    (ReviewJobView, "ExtractionService.Review"),
    (JobView, "ExtractionService.GetExtractionJob"),
    (WorkflowView, "ExtractionService.CreateWorkflow"),
    (WorkflowView, "ExtractionService.UpdateWorkflow"),
    (WorkflowPageView, "ExtractionService.ListWorkflows"),
    (WorkflowView, "ExtractionService.GetWorkflow"),
    (Notice, "ExtractionService.DeleteWorkflow"),
]
ANALYTICS_VIEWS: list[tuple[type[BaseModel], str]] = [
    (AnalyticsView, "AnalyticsService.Analyse"),
]
WEBHOOK_VIEWS: list[tuple[type[BaseModel], str]] = [
    (WebhookView, "WebhookService.CreateWebhook"),
    (WebhookListView, "WebhookService.ListWebhooks"),
    (WebhookView, "WebhookService.GetWebhook"),
    (Notice, "WebhookService.DeleteWebhook"),
    (WebhookView, "WebhookService.RotateWebhookSecret"),
    (WebhookView, "WebhookService.EnableWebhook"),
    (DeliveryListView, "WebhookService.ListWebhookDeliveries"),
    (DeliveryView, "WebhookService.RedeliverWebhookDelivery"),
]
VIEWS = (
    BATCH_VIEWS + HISTORY_VIEWS + ACCOUNT_VIEWS + PARSE_VIEWS + TAG_VIEWS + WEBHOOK_VIEWS
    + INBOX_VIEWS + EXTRACTION_VIEWS + ANALYTICS_VIEWS
)  # fmt: skip
ENVELOPED = {
    "AccountService.ListUsage",
    "AccountService.SummarizeUsage",
    "AccountService.Register",
    "AccountService.Logout",
    "AccountService.GetMe",
    "AccountService.RevokeApiKey",
    "HistoryService.DeleteJob",
    "ParseService.ParseContractNote",
    "TagService.DeleteTag",
    "InboxService.ConnectInbox",
    "InboxService.GetInboxStatus",
    "InboxService.ListInboxCas",
    "InboxService.DisconnectInbox",
    "InboundEmailService.ListInboundEmails",
    "InboundEmailService.DeleteInboundEmail",
    "InboundEmailService.ListInboundEmailFiles",
    "ExtractionService.DeleteWorkflow",
    "WebhookService.DeleteWebhook",
}
#: RPCs a servicer answers without a core view (a CSV template in an HttpBody)
NOT_FROM_A_VIEW = {"BatchService.GetBatchTemplate", "HistoryService.GetSearchablePdf"}
SERVICERS = [
    BatchServicer, HistoryServicer, AccountServicer, ParseServicer, TagServicer, WebhookServicer,
    InboxServicer, InboundEmailServicer, ExtractionServicer, AnalyticsServicer,
]  # fmt: skip

_INTEGERS = {
    FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT32,
    FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SINT64,
    FieldDescriptor.TYPE_FIXED32, FieldDescriptor.TYPE_FIXED64, FieldDescriptor.TYPE_SFIXED32,
    FieldDescriptor.TYPE_SFIXED64,
}  # fmt: skip
_SCALARS: dict[int, str] = {
    **dict.fromkeys(_INTEGERS, "integer"),
    FieldDescriptor.TYPE_DOUBLE: "number",
    FieldDescriptor.TYPE_FLOAT: "number",
    FieldDescriptor.TYPE_BOOL: "bool",
    FieldDescriptor.TYPE_STRING: "string",
    FieldDescriptor.TYPE_BYTES: "bytes",
    FieldDescriptor.TYPE_ENUM: "string",  # enums travel by name
}
_WELL_KNOWN = {
    "google.protobuf.Timestamp": "string",  # RFC 3339 in JSON
    "google.protobuf.Struct": "object",
    "google.protobuf.Value": "any",
    "google.protobuf.ListValue": ("list", "any"),  # a JSON array
}


def output_of(rpc: str) -> Descriptor:
    return descriptor_pool.Default().FindMethodByName(f"casgate.v1.{rpc}").output_type


def _python_kind(annotation: Any) -> Any:
    """A view field's annotation as the JSON shape it prints: a scalar kind, ("list", inner),
    ("map", value), or the nested model class."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _python_kind(get_args(annotation)[0])
    if origin in (Union, UnionType):
        present = [a for a in get_args(annotation) if a is not type(None)]
        assert len(present) == 1, f"a union of several types: {annotation}"
        return _python_kind(present[0])
    if origin is list:
        return ("list", _python_kind(get_args(annotation)[0]))
    if origin is dict:
        _, value = get_args(annotation)
        return "object" if value is Any else ("map", _python_kind(value))
    if annotation is Any:
        return "any"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "string"
    kinds = {bool: "bool", int: "integer", float: "number", Decimal: "number", str: "string",
             bytes: "bytes", datetime: "string"}  # fmt: skip
    assert annotation in kinds, f"no JSON kind for {annotation}"
    return kinds[annotation]


def _proto_kind(field: FieldDescriptor) -> Any:
    inner = field.message_type
    if inner is not None and inner.GetOptions().map_entry:
        return ("map", _proto_kind(inner.fields_by_name["value"]))
    element = _SCALARS.get(field.type) if inner is None else _WELL_KNOWN.get(inner.full_name, inner)
    return ("list", element) if field.is_repeated else element


def _json_fields(model: type[BaseModel]) -> dict[str, Any]:
    return {
        info.alias or name: _python_kind(info.annotation)
        for name, info in model.model_fields.items()
    }


def differences(
    model: type[BaseModel], message: Descriptor, path: str = "", seen: frozenset[Any] = frozenset()
) -> list[str]:
    """Where a view and a message disagree: a field on one side only, or a field whose kind
    (scalar type, repeated, map, nested message) differs; nested pairs are walked too (a
    recursive pair, such as a rule group's rules, once)."""
    if (model, message.full_name) in seen:
        return []
    seen = seen | {(model, message.full_name)}
    view_fields = _json_fields(model)
    proto_fields = {f.name: _proto_kind(f) for f in message.fields}
    found = [f"{path}{n}: in {model.__name__} only" for n in view_fields.keys() - proto_fields]
    found += [f"{path}{n}: in {message.full_name} only" for n in proto_fields.keys() - view_fields]
    for name in view_fields.keys() & proto_fields.keys():
        found += _kind_differences(view_fields[name], proto_fields[name], f"{path}{name}", seen)
    return found


def _kind_differences(
    mine: Any, theirs: Any, path: str, seen: frozenset[Any] = frozenset()
) -> list[str]:
    if theirs == "any":
        return []  # a Value holds any JSON
    if isinstance(mine, tuple) and mine[0] == "map" and theirs == "object":
        return []  # a Struct holds any object, a narrower map too
    if isinstance(mine, tuple) and isinstance(theirs, tuple) and mine[0] == theirs[0]:
        return _kind_differences(mine[1], theirs[1], f"{path}[]", seen)
    if isinstance(mine, type) and isinstance(theirs, Descriptor):
        return differences(mine, theirs, f"{path}.", seen)
    return (
        [] if mine == theirs else [f"{path}: {_name(mine)} in the view, {_name(theirs)} in proto"]
    )


def _name(kind: Any) -> str:
    if isinstance(kind, tuple):
        return f"{kind[0]} of {_name(kind[1])}"
    return getattr(kind, "__name__", None) or getattr(kind, "full_name", None) or str(kind)


def _enveloped(view: type[BaseModel], rpc: str) -> type[BaseModel]:
    if rpc not in ENVELOPED:
        return view
    return create_model(f"{view.__name__}InEnvelope", __base__=view, status=(str, SUCCESS))


@pytest.mark.parametrize(("view", "rpc"), VIEWS, ids=[rpc for _, rpc in VIEWS])
def test_a_view_has_exactly_the_fields_of_its_message(view: type[BaseModel], rpc: str) -> None:
    assert differences(_enveloped(view, rpc), output_of(rpc)) == []


def test_every_rpc_a_servicer_answers_has_its_view() -> None:
    paired = {rpc for _, rpc in VIEWS} | NOT_FROM_A_VIEW
    for servicer in SERVICERS:
        service = servicer.__mro__[1].__name__.removesuffix("Servicer")
        methods = descriptor_pool.Default().FindServiceByName(f"casgate.v1.{service}").methods
        answered = {f"{service}.{m.name}" for m in methods if m.name in vars(servicer)}
        assert answered - paired == set(), f"{service}: RPCs without a view in this file"


class _Drifted(View):
    job_id: str
    colour: str


def test_the_walk_finds_a_field_on_either_side() -> None:
    found = differences(_Drifted, output_of("BatchService.CancelBatch"))
    assert found == [
        "colour: in _Drifted only",
        "status: in casgate.v1.CancelBatchResponse only",
    ]


def test_the_walk_finds_a_kind_that_differs() -> None:
    wrong = create_model("Wrong", __base__=View, job_id=(int, ...), status=(list[str], ...))
    assert sorted(differences(wrong, output_of("BatchService.CancelBatch"))) == [
        "job_id: integer in the view, string in proto",
        "status: list of string in the view, string in proto",
    ]


def test_conversion_refuses_a_field_the_message_lacks() -> None:
    with pytest.raises(json_format.ParseError):
        to_message(_Drifted(job_id="j", colour="red"), batch_pb2.CancelBatchResponse())


def test_conversion_leaves_none_unset_and_keeps_money_a_number() -> None:
    credits = CreditsView(
        used=Decimal("0.1"), remaining=Decimal("2"), limit=Decimal("2.1"), is_unlimited=False,
        resets_at="2026-12-01T00:00:00Z", enabled_features=[],
    )  # fmt: skip
    message = to_message(credits, account_pb2.GetCreditsResponse())
    assert (message.used, message.remaining, message.limit) == (0.1, 2.0, 2.1)
    job = to_message(BatchDocumentView(source="a.pdf", status="queued"), batch_pb2.BatchDocument())
    assert not job.HasField("document_id") and not job.HasField("error")


def test_a_nested_statement_keeps_its_contract_names() -> None:
    period = {"from": "2025-03-01", "to": "2025-03-31"}
    view = ProcessedDocumentView(
        source="a.pdf", status="completed", statement={"meta": {"statement_period": period}}
    )
    message = to_message(view, batch_pb2.ProcessedDocument())
    assert getattr(message.statement.meta.statement_period, "from") == "2025-03-01"
