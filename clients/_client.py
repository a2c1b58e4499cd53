"""``Client`` and ``AsyncClient``: typed access to casgate over gRPC.

    from clients import Client

    with Client("127.0.0.1:8080", api_key="...") as casgate:
        statement = casgate.parse(open("cas.pdf", "rb").read(), password="ABCDE1234F")
        print(statement.investor.name, len(statement.mutual_funds))

Every method returns the generated message the RPC returns (``parse`` the statement itself, a
``UnifiedResponse``; ``parse_contract_note`` the note itself, a ``ContractNote``; ``analyse`` an
``AnalyseResponse``; ``extract`` and ``review`` their jobs; the workflow methods a ``Workflow``;
the webhook methods a ``Webhook`` or its deliveries; the tag methods a ``Tag`` or a document's
tags; the inbound e-mail methods an ``InboundEmail`` or its files; the history methods jobs,
documents, their text, the searchable PDF's bytes and the account's statistics; the inbox and
fetch methods their responses); an error answer raises ``ApiError``. The inbox calls after the
connection take the mailbox's ``inbox_token``, sent as the ``x-inbox-token`` header.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, Literal, TypeAlias

import grpc
from google.protobuf import json_format

from casgate.v1 import (
    account_pb2,
    account_pb2_grpc,
    analytics_pb2,
    analytics_pb2_grpc,
    batch_pb2,
    batch_pb2_grpc,
    contract_note_pb2,
    extraction_pb2,
    extraction_pb2_grpc,
    fetch_pb2,
    fetch_pb2_grpc,
    history_pb2,
    history_pb2_grpc,
    inbound_email_pb2,
    inbound_email_pb2_grpc,
    inbox_pb2,
    inbox_pb2_grpc,
    parse_pb2,
    parse_pb2_grpc,
    statement_pb2,
    tag_pb2,
    tag_pb2_grpc,
    webhook_pb2,
    webhook_pb2_grpc,
)

from ._errors import ApiError, api_error

#: per statement kind: the ParseService method and its request type
_PARSERS: dict[str | None, tuple[str, type[Any]]] = {
    None: ("SmartParse", parse_pb2.SmartParseRequest),
    "CAMS_KFINTECH": ("ParseCamsKfintech", parse_pb2.ParseCamsKfintechRequest),
    "NSDL": ("ParseNsdl", parse_pb2.ParseNsdlRequest),
    "CDSL": ("ParseCdsl", parse_pb2.ParseCdslRequest),
}
#: large enough for a 25 MiB PDF and its parsed statement
_OPTIONS = [
    ("grpc.max_send_message_length", 64 * 1024 * 1024),
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
]


def _parse_request(
    data: bytes | None, url: str | None, password: str | None, kind: str | None
) -> tuple[str, Any]:
    if kind not in _PARSERS:
        hint = "; a contract note: parse_contract_note()" if kind == "CONTRACT_NOTE" else ""
        raise ValueError(f"kind must be one of {sorted(k for k in _PARSERS if k)} or None{hint}")
    method, request_type = _PARSERS[kind]
    return method, request_type(pdf_file=data or b"", pdf_url=url or "", password=password or "")


def _note_request(
    data: bytes | None, url: str | None, password: str | None, broker_type: str | None
) -> parse_pb2.ParseContractNoteRequest:
    return parse_pb2.ParseContractNoteRequest(
        pdf_file=data or b"", pdf_url=url or "", password=password or "",
        broker_type=broker_type or "",
    )  # fmt: skip


def _with_inbox_token(
    metadata: tuple[tuple[str, str], ...], inbox_token: str | None
) -> tuple[tuple[str, str], ...]:
    """The call's metadata: the API key, and the mailbox's token for the inbox calls."""
    return metadata if inbox_token is None else (*metadata, ("x-inbox-token", inbox_token))


def _sources(sources: list[dict[str, str]]) -> list[batch_pb2.BatchSource]:
    return [batch_pb2.BatchSource(**source) for source in sources]


#: "response" waits for the result; "callback" answers at once and delivers it by webhook
Mode: TypeAlias = Literal["response", "callback"]
#: a workflow rule: the message, or its JSON form (``{"rule_id": …, "kind": "compare", …}``)
Rule: TypeAlias = extraction_pb2.WorkflowRule | Mapping[str, Any]


def _analyse_request(
    data: bytes | None, url: str | None, password: str | None, document_id: str | None
) -> analytics_pb2.AnalyseRequest:
    return analytics_pb2.AnalyseRequest(
        pdf_file=data or b"", pdf_url=url or "", password=password or "",
        document_id=document_id or "",
    )  # fmt: skip


def _strings(**fields: str | None) -> dict[str, str]:
    """``fields`` with each absent value as the empty string (proto3's "not given")."""
    return {name: value or "" for name, value in fields.items()}


def _extract_request(
    data: bytes | None,
    url: str | None,
    document_id: str | None,
    filename: str | None,
    password: str | None,
    mode: Mode | None,
    schema: Mapping[str, Any] | None,
) -> extraction_pb2.ExtractRequest:
    request = extraction_pb2.ExtractRequest(
        file=data or b"", **_strings(url=url, document_id=document_id, filename=filename,
                                     password=password, mode=mode),
    )  # fmt: skip
    if schema is not None:
        request.schema.update(schema)
    return request


def _review_request(
    data: bytes | None,
    workflow_id: str,
    url: str | None,
    document_id: str | None,
    filename: str | None,
    password: str | None,
    mode: Mode | None,
) -> extraction_pb2.ReviewRequest:
    return extraction_pb2.ReviewRequest(
        file=data or b"", workflow_id=workflow_id,
        **_strings(url=url, document_id=document_id, filename=filename, password=password,
                   mode=mode),
    )  # fmt: skip


def _rules(rules: Iterable[Rule]) -> list[extraction_pb2.WorkflowRule]:
    """Rules as messages; a dict is read as the rule's JSON (unknown keys fail loudly)."""
    return [
        rule
        if isinstance(rule, extraction_pb2.WorkflowRule)
        else json_format.ParseDict(dict(rule), extraction_pb2.WorkflowRule())
        for rule in rules
    ]


def _rotation(
    webhook_id: str, overlap_seconds: int | None
) -> webhook_pb2.RotateWebhookSecretRequest:
    if overlap_seconds is None:  # the server's default overlap
        return webhook_pb2.RotateWebhookSecretRequest(webhook_id=webhook_id)
    return webhook_pb2.RotateWebhookSecretRequest(
        webhook_id=webhook_id, overlap_seconds=overlap_seconds
    )


def _connect_request(
    provider: str, redirect_uri: str, state: str, host: str, port: int, user: str, password: str
) -> inbox_pb2.ConnectInboxRequest:
    return inbox_pb2.ConnectInboxRequest(
        provider=provider, redirect_uri=redirect_uri, state=state, host=host, port=port,
        user=user, password=password,
    )  # fmt: skip


def _inbox_listing(
    start_date: str, end_date: str, cas_types: Iterable[str], parse: bool, password: str
) -> inbox_pb2.ListInboxCasRequest:
    return inbox_pb2.ListInboxCasRequest(
        start_date=start_date, end_date=end_date, cas_types=list(cas_types), parse=parse,
        password=password,
    )  # fmt: skip


def _workflow(name: str, rules: Iterable[Rule], description: str) -> dict[str, Any]:
    """The fields CreateWorkflowRequest and UpdateWorkflowRequest share."""
    return {"name": name, "description": description, "rules": _rules(rules)}


class Client:
    """A blocking client; ``target`` is the gateway (or the server) as ``host:port``."""

    def __init__(self, target: str, *, api_key: str, timeout: float = 120.0) -> None:
        self._channel = grpc.insecure_channel(target, options=_OPTIONS)
        self._metadata = (("x-api-key", api_key),)
        self._timeout = timeout
        self._parse = parse_pb2_grpc.ParseServiceStub(self._channel)
        self._account = account_pb2_grpc.AccountServiceStub(self._channel)
        self._batch = batch_pb2_grpc.BatchServiceStub(self._channel)
        self._analytics = analytics_pb2_grpc.AnalyticsServiceStub(self._channel)
        self._extraction = extraction_pb2_grpc.ExtractionServiceStub(self._channel)
        self._webhooks = webhook_pb2_grpc.WebhookServiceStub(self._channel)
        self._history = history_pb2_grpc.HistoryServiceStub(self._channel)
        self._tags = tag_pb2_grpc.TagServiceStub(self._channel)
        self._inbound = inbound_email_pb2_grpc.InboundEmailServiceStub(self._channel)
        self._inbox = inbox_pb2_grpc.InboxServiceStub(self._channel)
        self._fetch = fetch_pb2_grpc.FetchServiceStub(self._channel)

    def _call(self, method: Any, request: Any, inbox_token: str | None = None) -> Any:
        metadata = _with_inbox_token(self._metadata, inbox_token)
        try:
            return method(request, metadata=metadata, timeout=self._timeout)
        except grpc.RpcError as error:
            raise api_error(error) from None

    def parse(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        kind: str | None = None,
    ) -> statement_pb2.UnifiedResponse:
        """Parse a statement given as bytes or by URL; ``kind`` picks a type-specific parser."""
        method, request = _parse_request(data, url, password, kind)
        statement: statement_pb2.UnifiedResponse = self._call(getattr(self._parse, method), request)
        return statement

    def parse_contract_note(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        broker_type: str | None = None,
    ) -> contract_note_pb2.ContractNote:
        """Parse a broker contract note (``password`` usually the PAN); ``broker_type``
        (zerodha, groww, upstox, icici) is checked against the content, detected when absent."""
        request = _note_request(data, url, password, broker_type)
        answer: parse_pb2.ParseContractNoteResponse = self._call(
            self._parse.ParseContractNote, request
        )
        return answer.data

    def credits(self) -> account_pb2.GetCreditsResponse:
        return self._call(self._account.GetCredits, account_pb2.GetCreditsRequest())

    def start_batch(
        self, sources: list[dict[str, str]], *, name: str = ""
    ) -> batch_pb2.StartBatchResponse:
        """Start a batch of ``{"path"|"url"|"s3_uri"|"upload_id": …, "password"?: …}`` sources."""
        request = batch_pb2.StartBatchRequest(name=name, sources=_sources(sources))
        return self._call(self._batch.StartBatch, request)

    def watch_batch(
        self, job_id: str, *, after_seq: int = 0
    ) -> Iterator[batch_pb2.WatchBatchResponse]:
        """The job's progress events until it ends."""
        request = batch_pb2.WatchBatchRequest(job_id=job_id, after_seq=after_seq)
        try:
            yield from self._batch.WatchBatch(request, metadata=self._metadata)
        except grpc.RpcError as error:
            raise api_error(error) from None

    def analyse(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        document_id: str | None = None,
    ) -> analytics_pb2.AnalyseResponse:
        """Returns, capital gains and allocation of a statement given as bytes, by URL, or as a
        document of the caller's history."""
        request = _analyse_request(data, url, password, document_id)
        return self._call(self._analytics.Analyse, request)

    def extract(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        document_id: str | None = None,
        filename: str | None = None,
        password: str | None = None,
        mode: Mode | None = None,
        schema: Mapping[str, Any] | None = None,
    ) -> extraction_pb2.ExtractResponse:
        """Text, tables, fields and tags of any PDF (bytes, URL or history document); ``schema``
        (a JSON Schema) asks for LLM-filled fields. In ``mode="callback"`` the job answers
        ``queued`` at once: read it later with :meth:`get_extraction_job`."""
        request = _extract_request(data, url, document_id, filename, password, mode, schema)
        return self._call(self._extraction.Extract, request)

    def review(
        self,
        data: bytes | None = None,
        *,
        workflow_id: str,
        url: str | None = None,
        document_id: str | None = None,
        filename: str | None = None,
        password: str | None = None,
        mode: Mode | None = None,
    ) -> extraction_pb2.ReviewResponse:
        """Checks a document against the rules of workflow ``workflow_id``."""
        request = _review_request(data, workflow_id, url, document_id, filename, password, mode)
        return self._call(self._extraction.Review, request)

    def get_extraction_job(self, job_id: str) -> extraction_pb2.GetExtractionJobResponse:
        """One extraction or review job of the caller, with its result once done."""
        request = extraction_pb2.GetExtractionJobRequest(job_id=job_id)
        return self._call(self._extraction.GetExtractionJob, request)

    def create_workflow(
        self, name: str, rules: Iterable[Rule], *, description: str = ""
    ) -> extraction_pb2.Workflow:
        """A new review workflow (version 1); a malformed rule is a 400 naming it."""
        request = extraction_pb2.CreateWorkflowRequest(**_workflow(name, rules, description))
        return self._call(self._extraction.CreateWorkflow, request)

    def update_workflow(
        self, workflow_id: str, name: str, rules: Iterable[Rule], *, description: str = ""
    ) -> extraction_pb2.Workflow:
        """Replaces a workflow's name, description and rules: its next version."""
        request = extraction_pb2.UpdateWorkflowRequest(
            workflow_id=workflow_id, **_workflow(name, rules, description)
        )
        return self._call(self._extraction.UpdateWorkflow, request)

    def list_workflows(
        self, *, page: int = 1, page_size: int = 20
    ) -> extraction_pb2.ListWorkflowsResponse:
        """One page of the caller's workflows, oldest first."""
        request = extraction_pb2.ListWorkflowsRequest(page=page, page_size=page_size)
        return self._call(self._extraction.ListWorkflows, request)

    def get_workflow(self, workflow_id: str) -> extraction_pb2.Workflow:
        request = extraction_pb2.GetWorkflowRequest(workflow_id=workflow_id)
        return self._call(self._extraction.GetWorkflow, request)

    def delete_workflow(self, workflow_id: str) -> extraction_pb2.DeleteWorkflowResponse:
        request = extraction_pb2.DeleteWorkflowRequest(workflow_id=workflow_id)
        return self._call(self._extraction.DeleteWorkflow, request)

    # webhooks

    def create_webhook(self, url: str, events: Iterable[str]) -> webhook_pb2.Webhook:
        """A webhook for ``events``; the answer is the only one that carries its secret."""
        request = webhook_pb2.CreateWebhookRequest(url=url, events=list(events))
        return self._call(self._webhooks.CreateWebhook, request)

    def list_webhooks(self) -> webhook_pb2.ListWebhooksResponse:
        return self._call(self._webhooks.ListWebhooks, webhook_pb2.ListWebhooksRequest())

    def get_webhook(self, webhook_id: str) -> webhook_pb2.Webhook:
        request = webhook_pb2.GetWebhookRequest(webhook_id=webhook_id)
        return self._call(self._webhooks.GetWebhook, request)

    def delete_webhook(self, webhook_id: str) -> webhook_pb2.DeleteWebhookResponse:
        request = webhook_pb2.DeleteWebhookRequest(webhook_id=webhook_id)
        return self._call(self._webhooks.DeleteWebhook, request)

    def rotate_webhook_secret(
        self, webhook_id: str, *, overlap_seconds: int | None = None
    ) -> webhook_pb2.Webhook:
        """A new secret; the old one keeps signing beside it for ``overlap_seconds``."""
        request = _rotation(webhook_id, overlap_seconds)
        return self._call(self._webhooks.RotateWebhookSecret, request)

    def enable_webhook(self, webhook_id: str) -> webhook_pb2.Webhook:
        request = webhook_pb2.EnableWebhookRequest(webhook_id=webhook_id)
        return self._call(self._webhooks.EnableWebhook, request)

    def list_webhook_deliveries(
        self, webhook_id: str, *, limit: int | None = None, status: str = ""
    ) -> webhook_pb2.ListWebhookDeliveriesResponse:
        request = webhook_pb2.ListWebhookDeliveriesRequest(
            webhook_id=webhook_id, limit=limit, status=status
        )
        return self._call(self._webhooks.ListWebhookDeliveries, request)

    def redeliver_webhook_delivery(
        self, webhook_id: str, delivery_id: str
    ) -> webhook_pb2.WebhookDelivery:
        request = webhook_pb2.RedeliverWebhookDeliveryRequest(
            webhook_id=webhook_id, delivery_id=delivery_id
        )
        return self._call(self._webhooks.RedeliverWebhookDelivery, request)

    # tags

    def create_tag(
        self,
        name: str,
        *,
        match_algorithm: str = "",
        match: str = "",
        case_sensitive: bool = False,
        auto_assign: bool | None = None,
    ) -> tag_pb2.Tag:
        """A tag; with a ``match`` rule (any, all, literal, regex, fuzzy) it is given to the
        documents whose text matches."""
        request = tag_pb2.CreateTagRequest(
            name=name,
            match_algorithm=match_algorithm,
            match=match,
            case_sensitive=case_sensitive,
            auto_assign=auto_assign,
        )
        return self._call(self._tags.CreateTag, request)

    def list_tags(self) -> tag_pb2.ListTagsResponse:
        return self._call(self._tags.ListTags, tag_pb2.ListTagsRequest())

    def update_tag(self, tag_id: str, **changes: str | bool) -> tag_pb2.Tag:
        """Change some of a tag's ``name``, ``match_algorithm``, ``match``, ``case_sensitive``
        and ``auto_assign``; the others stay."""
        request = tag_pb2.UpdateTagRequest(tag_id=tag_id, **changes)
        return self._call(self._tags.UpdateTag, request)

    def delete_tag(self, tag_id: str) -> tag_pb2.DeleteTagResponse:
        return self._call(self._tags.DeleteTag, tag_pb2.DeleteTagRequest(tag_id=tag_id))

    def get_document_tags(self, document_id: str) -> tag_pb2.GetDocumentTagsResponse:
        request = tag_pb2.GetDocumentTagsRequest(document_id=document_id)
        return self._call(self._tags.GetDocumentTags, request)

    def set_document_tags(
        self, document_id: str, tags: Iterable[str]
    ) -> tag_pb2.SetDocumentTagsResponse:
        """The document's tags become ``tags`` (by name), confirmed by hand."""
        request = tag_pb2.SetDocumentTagsRequest(document_id=document_id, tags=list(tags))
        return self._call(self._tags.SetDocumentTags, request)

    # inbound e-mail addresses

    def create_inbound_email(
        self,
        *,
        alias: str = "",
        allowed_sources: Iterable[str] = (),
        callback_url: str | None = None,
        metadata: Mapping[str, str] | None = None,
        reference: str = "",
        password: str = "",
    ) -> inbound_email_pb2.InboundEmail:
        """An address that statements can be mailed to; ``password`` opens their PDFs."""
        request = inbound_email_pb2.CreateInboundEmailRequest(
            alias=alias,
            allowed_sources=list(allowed_sources),
            callback_url=callback_url,
            metadata=dict(metadata or {}),
            reference=reference,
            password=password,
        )
        return self._call(self._inbound.CreateInboundEmail, request)

    def list_inbound_emails(
        self, *, limit: int = 0, offset: int = 0, status: str = ""
    ) -> inbound_email_pb2.ListInboundEmailsResponse:
        request = inbound_email_pb2.ListInboundEmailsRequest(
            limit=limit, offset=offset, status=status
        )
        return self._call(self._inbound.ListInboundEmails, request)

    def get_inbound_email(self, inbound_email_id: str) -> inbound_email_pb2.InboundEmail:
        request = inbound_email_pb2.GetInboundEmailRequest(inbound_email_id=inbound_email_id)
        return self._call(self._inbound.GetInboundEmail, request)

    def delete_inbound_email(
        self, inbound_email_id: str
    ) -> inbound_email_pb2.DeleteInboundEmailResponse:
        request = inbound_email_pb2.DeleteInboundEmailRequest(inbound_email_id=inbound_email_id)
        return self._call(self._inbound.DeleteInboundEmail, request)

    def list_inbound_email_files(
        self, inbound_email_id: str
    ) -> inbound_email_pb2.ListInboundEmailFilesResponse:
        """The statements received at the address."""
        request = inbound_email_pb2.ListInboundEmailFilesRequest(inbound_email_id=inbound_email_id)
        return self._call(self._inbound.ListInboundEmailFiles, request)

    # history

    def list_jobs(self, *, page: int = 1, page_size: int = 20) -> history_pb2.ListJobsResponse:
        request = history_pb2.ListJobsRequest(page=page, page_size=page_size)
        return self._call(self._history.ListJobs, request)

    def get_job(self, job_id: str) -> batch_pb2.BatchJob:
        return self._call(self._history.GetJob, history_pb2.GetJobRequest(job_id=job_id))

    def delete_job(self, job_id: str) -> history_pb2.DeleteJobResponse:
        return self._call(self._history.DeleteJob, history_pb2.DeleteJobRequest(job_id=job_id))

    def list_documents(
        self, *, page: int = 1, page_size: int = 20, tag: str = ""
    ) -> history_pb2.ListDocumentsResponse:
        request = history_pb2.ListDocumentsRequest(page=page, page_size=page_size, tag=tag)
        return self._call(self._history.ListDocuments, request)

    def search_documents(
        self, q: str, *, page: int = 1, page_size: int = 20
    ) -> history_pb2.SearchDocumentsResponse:
        request = history_pb2.SearchDocumentsRequest(q=q, page=page, page_size=page_size)
        return self._call(self._history.SearchDocuments, request)

    def get_document(self, document_id: str) -> history_pb2.Document:
        request = history_pb2.GetDocumentRequest(document_id=document_id)
        return self._call(self._history.GetDocument, request)

    def get_document_text(self, document_id: str) -> history_pb2.GetDocumentTextResponse:
        request = history_pb2.GetDocumentTextRequest(document_id=document_id)
        return self._call(self._history.GetDocumentText, request)

    def get_searchable_pdf(self, document_id: str) -> bytes:
        """The document's PDF with its OCR text layer (of a document that was read by OCR)."""
        request = history_pb2.GetSearchablePdfRequest(document_id=document_id)
        answer: history_pb2.GetSearchablePdfResponse = self._call(
            self._history.GetSearchablePdf, request
        )
        data: bytes = answer.body.data
        return data

    def get_stats(self) -> history_pb2.GetStatsResponse:
        return self._call(self._history.GetStats, history_pb2.GetStatsRequest())

    # mailbox import (Gmail, Outlook, IMAP) and retrieval from the depositories and registrars

    def connect_inbox(
        self,
        provider: str = "gmail",
        *,
        redirect_uri: str = "",
        state: str = "",
        host: str = "",
        port: int = 0,
        user: str = "",
        password: str = "",
    ) -> inbox_pb2.ConnectInboxResponse:
        """Gmail or Outlook: the consent URL to send the investor's browser to (the mailbox's
        token comes back to ``redirect_uri``); IMAP: connects at once and returns the token."""
        request = _connect_request(provider, redirect_uri, state, host, port, user, password)
        return self._call(self._inbox.ConnectInbox, request)

    def inbox_status(self, inbox_token: str) -> inbox_pb2.GetInboxStatusResponse:
        request = inbox_pb2.GetInboxStatusRequest()
        return self._call(self._inbox.GetInboxStatus, request, inbox_token)

    def list_inbox_statements(
        self,
        inbox_token: str,
        *,
        start_date: str = "",
        end_date: str = "",
        cas_types: Iterable[str] = (),
        parse: bool = False,
        password: str = "",
    ) -> inbox_pb2.ListInboxCasResponse:
        """The mailbox's statements (the last 30 days by default); ``parse`` files each one as a
        history document, opened with ``password``."""
        request = _inbox_listing(start_date, end_date, cas_types, parse, password)
        return self._call(self._inbox.ListInboxCas, request, inbox_token)

    def disconnect_inbox(self, inbox_token: str) -> inbox_pb2.DisconnectInboxResponse:
        request = inbox_pb2.DisconnectInboxRequest()
        return self._call(self._inbox.DisconnectInbox, request, inbox_token)

    def generate_kfintech_cas(
        self, email: str, from_date: str, to_date: str, password: str, *, pan: str = ""
    ) -> fetch_pb2.GenerateKfintechCasResponse:
        """Ask KFintech to e-mail the investor a CAS protected with ``password``."""
        request = fetch_pb2.GenerateKfintechCasRequest(
            email=email, from_date=from_date, to_date=to_date, password=password, pan_no=pan
        )
        return self._call(self._fetch.GenerateKfintechCas, request)

    def start_cdsl_fetch(self, pan: str, bo_id: str, dob: str) -> fetch_pb2.StartCdslFetchResponse:
        """CDSL sends an OTP to the investor's mobile; verify it with the session id."""
        request = fetch_pb2.StartCdslFetchRequest(pan=pan, bo_id=bo_id, dob=dob)
        return self._call(self._fetch.StartCdslFetch, request)

    def verify_cdsl_fetch(
        self, session_id: str, otp: str, *, num_periods: int = 0, parse: bool = False
    ) -> fetch_pb2.VerifyCdslFetchResponse:
        """The monthly statements (6 by default) as download links, parsed too with ``parse``."""
        request = fetch_pb2.VerifyCdslFetchRequest(
            session_id=session_id, otp=otp, num_periods=num_periods, parse=parse
        )
        return self._call(self._fetch.VerifyCdslFetch, request)

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:  # fmt: skip
        self.close()


class AsyncClient:
    """The asyncio twin of :class:`Client`."""

    def __init__(self, target: str, *, api_key: str, timeout: float = 120.0) -> None:
        self._channel = grpc.aio.insecure_channel(target, options=_OPTIONS)
        self._metadata = (("x-api-key", api_key),)
        self._timeout = timeout
        self._parse = parse_pb2_grpc.ParseServiceStub(self._channel)
        self._account = account_pb2_grpc.AccountServiceStub(self._channel)
        self._batch = batch_pb2_grpc.BatchServiceStub(self._channel)
        self._analytics = analytics_pb2_grpc.AnalyticsServiceStub(self._channel)
        self._extraction = extraction_pb2_grpc.ExtractionServiceStub(self._channel)
        self._webhooks = webhook_pb2_grpc.WebhookServiceStub(self._channel)
        self._history = history_pb2_grpc.HistoryServiceStub(self._channel)
        self._tags = tag_pb2_grpc.TagServiceStub(self._channel)
        self._inbound = inbound_email_pb2_grpc.InboundEmailServiceStub(self._channel)
        self._inbox = inbox_pb2_grpc.InboxServiceStub(self._channel)
        self._fetch = fetch_pb2_grpc.FetchServiceStub(self._channel)

    async def _call(self, method: Any, request: Any, inbox_token: str | None = None) -> Any:
        metadata = _with_inbox_token(self._metadata, inbox_token)
        try:
            return await method(request, metadata=metadata, timeout=self._timeout)
        except grpc.aio.AioRpcError as error:
            raise api_error(error) from None

    async def parse(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        kind: str | None = None,
    ) -> statement_pb2.UnifiedResponse:
        method, request = _parse_request(data, url, password, kind)
        statement: statement_pb2.UnifiedResponse = await self._call(
            getattr(self._parse, method), request
        )
        return statement

    async def parse_contract_note(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        broker_type: str | None = None,
    ) -> contract_note_pb2.ContractNote:
        request = _note_request(data, url, password, broker_type)
        answer: parse_pb2.ParseContractNoteResponse = await self._call(
            self._parse.ParseContractNote, request
        )
        return answer.data

    async def credits(self) -> account_pb2.GetCreditsResponse:
        return await self._call(self._account.GetCredits, account_pb2.GetCreditsRequest())

    async def start_batch(
        self, sources: list[dict[str, str]], *, name: str = ""
    ) -> batch_pb2.StartBatchResponse:
        request = batch_pb2.StartBatchRequest(name=name, sources=_sources(sources))
        return await self._call(self._batch.StartBatch, request)

    async def watch_batch(
        self, job_id: str, *, after_seq: int = 0
    ) -> AsyncIterator[batch_pb2.WatchBatchResponse]:
        request = batch_pb2.WatchBatchRequest(job_id=job_id, after_seq=after_seq)
        try:
            async for event in self._batch.WatchBatch(request, metadata=self._metadata):
                yield event
        except grpc.aio.AioRpcError as error:
            raise api_error(error) from None

    async def analyse(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        document_id: str | None = None,
    ) -> analytics_pb2.AnalyseResponse:
        request = _analyse_request(data, url, password, document_id)
        return await self._call(self._analytics.Analyse, request)

    async def extract(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        document_id: str | None = None,
        filename: str | None = None,
        password: str | None = None,
        mode: Mode | None = None,
        schema: Mapping[str, Any] | None = None,
    ) -> extraction_pb2.ExtractResponse:
        request = _extract_request(data, url, document_id, filename, password, mode, schema)
        return await self._call(self._extraction.Extract, request)

    async def review(
        self,
        data: bytes | None = None,
        *,
        workflow_id: str,
        url: str | None = None,
        document_id: str | None = None,
        filename: str | None = None,
        password: str | None = None,
        mode: Mode | None = None,
    ) -> extraction_pb2.ReviewResponse:
        request = _review_request(data, workflow_id, url, document_id, filename, password, mode)
        return await self._call(self._extraction.Review, request)

    async def get_extraction_job(self, job_id: str) -> extraction_pb2.GetExtractionJobResponse:
        request = extraction_pb2.GetExtractionJobRequest(job_id=job_id)
        return await self._call(self._extraction.GetExtractionJob, request)

    async def create_workflow(
        self, name: str, rules: Iterable[Rule], *, description: str = ""
    ) -> extraction_pb2.Workflow:
        request = extraction_pb2.CreateWorkflowRequest(**_workflow(name, rules, description))
        return await self._call(self._extraction.CreateWorkflow, request)

    async def update_workflow(
        self, workflow_id: str, name: str, rules: Iterable[Rule], *, description: str = ""
    ) -> extraction_pb2.Workflow:
        request = extraction_pb2.UpdateWorkflowRequest(
            workflow_id=workflow_id, **_workflow(name, rules, description)
        )
        return await self._call(self._extraction.UpdateWorkflow, request)

    async def list_workflows(
        self, *, page: int = 1, page_size: int = 20
    ) -> extraction_pb2.ListWorkflowsResponse:
        request = extraction_pb2.ListWorkflowsRequest(page=page, page_size=page_size)
        return await self._call(self._extraction.ListWorkflows, request)

    async def get_workflow(self, workflow_id: str) -> extraction_pb2.Workflow:
        request = extraction_pb2.GetWorkflowRequest(workflow_id=workflow_id)
        return await self._call(self._extraction.GetWorkflow, request)

    async def delete_workflow(self, workflow_id: str) -> extraction_pb2.DeleteWorkflowResponse:
        request = extraction_pb2.DeleteWorkflowRequest(workflow_id=workflow_id)
        return await self._call(self._extraction.DeleteWorkflow, request)

    # webhooks

    async def create_webhook(self, url: str, events: Iterable[str]) -> webhook_pb2.Webhook:
        request = webhook_pb2.CreateWebhookRequest(url=url, events=list(events))
        return await self._call(self._webhooks.CreateWebhook, request)

    async def list_webhooks(self) -> webhook_pb2.ListWebhooksResponse:
        return await self._call(self._webhooks.ListWebhooks, webhook_pb2.ListWebhooksRequest())

    async def get_webhook(self, webhook_id: str) -> webhook_pb2.Webhook:
        request = webhook_pb2.GetWebhookRequest(webhook_id=webhook_id)
        return await self._call(self._webhooks.GetWebhook, request)

    async def delete_webhook(self, webhook_id: str) -> webhook_pb2.DeleteWebhookResponse:
        request = webhook_pb2.DeleteWebhookRequest(webhook_id=webhook_id)
        return await self._call(self._webhooks.DeleteWebhook, request)

    async def rotate_webhook_secret(
        self, webhook_id: str, *, overlap_seconds: int | None = None
    ) -> webhook_pb2.Webhook:
        request = _rotation(webhook_id, overlap_seconds)
        return await self._call(self._webhooks.RotateWebhookSecret, request)

    async def enable_webhook(self, webhook_id: str) -> webhook_pb2.Webhook:
        request = webhook_pb2.EnableWebhookRequest(webhook_id=webhook_id)
        return await self._call(self._webhooks.EnableWebhook, request)

    async def list_webhook_deliveries(
        self, webhook_id: str, *, limit: int | None = None, status: str = ""
    ) -> webhook_pb2.ListWebhookDeliveriesResponse:
        request = webhook_pb2.ListWebhookDeliveriesRequest(
            webhook_id=webhook_id, limit=limit, status=status
        )
        return await self._call(self._webhooks.ListWebhookDeliveries, request)

    async def redeliver_webhook_delivery(
        self, webhook_id: str, delivery_id: str
    ) -> webhook_pb2.WebhookDelivery:
        request = webhook_pb2.RedeliverWebhookDeliveryRequest(
            webhook_id=webhook_id, delivery_id=delivery_id
        )
        return await self._call(self._webhooks.RedeliverWebhookDelivery, request)

    # tags

    async def create_tag(
        self,
        name: str,
        *,
        match_algorithm: str = "",
        match: str = "",
        case_sensitive: bool = False,
        auto_assign: bool | None = None,
    ) -> tag_pb2.Tag:
        request = tag_pb2.CreateTagRequest(
            name=name,
            match_algorithm=match_algorithm,
            match=match,
            case_sensitive=case_sensitive,
            auto_assign=auto_assign,
        )
        return await self._call(self._tags.CreateTag, request)

    async def list_tags(self) -> tag_pb2.ListTagsResponse:
        return await self._call(self._tags.ListTags, tag_pb2.ListTagsRequest())

    async def update_tag(self, tag_id: str, **changes: str | bool) -> tag_pb2.Tag:
        request = tag_pb2.UpdateTagRequest(tag_id=tag_id, **changes)
        return await self._call(self._tags.UpdateTag, request)

    async def delete_tag(self, tag_id: str) -> tag_pb2.DeleteTagResponse:
        return await self._call(self._tags.DeleteTag, tag_pb2.DeleteTagRequest(tag_id=tag_id))

    async def get_document_tags(self, document_id: str) -> tag_pb2.GetDocumentTagsResponse:
        request = tag_pb2.GetDocumentTagsRequest(document_id=document_id)
        return await self._call(self._tags.GetDocumentTags, request)

    async def set_document_tags(
        self, document_id: str, tags: Iterable[str]
    ) -> tag_pb2.SetDocumentTagsResponse:
        request = tag_pb2.SetDocumentTagsRequest(document_id=document_id, tags=list(tags))
        return await self._call(self._tags.SetDocumentTags, request)

    # inbound e-mail addresses

    async def create_inbound_email(
        self,
        *,
        alias: str = "",
        allowed_sources: Iterable[str] = (),
        callback_url: str | None = None,
        metadata: Mapping[str, str] | None = None,
        reference: str = "",
        password: str = "",
    ) -> inbound_email_pb2.InboundEmail:
        request = inbound_email_pb2.CreateInboundEmailRequest(
            alias=alias,
            allowed_sources=list(allowed_sources),
            callback_url=callback_url,
            metadata=dict(metadata or {}),
            reference=reference,
            password=password,
        )
        return await self._call(self._inbound.CreateInboundEmail, request)

    async def list_inbound_emails(
        self, *, limit: int = 0, offset: int = 0, status: str = ""
    ) -> inbound_email_pb2.ListInboundEmailsResponse:
        request = inbound_email_pb2.ListInboundEmailsRequest(
            limit=limit, offset=offset, status=status
        )
        return await self._call(self._inbound.ListInboundEmails, request)

    async def get_inbound_email(self, inbound_email_id: str) -> inbound_email_pb2.InboundEmail:
        request = inbound_email_pb2.GetInboundEmailRequest(inbound_email_id=inbound_email_id)
        return await self._call(self._inbound.GetInboundEmail, request)

    async def delete_inbound_email(
        self, inbound_email_id: str
    ) -> inbound_email_pb2.DeleteInboundEmailResponse:
        request = inbound_email_pb2.DeleteInboundEmailRequest(inbound_email_id=inbound_email_id)
        return await self._call(self._inbound.DeleteInboundEmail, request)

    async def list_inbound_email_files(
        self, inbound_email_id: str
    ) -> inbound_email_pb2.ListInboundEmailFilesResponse:
        request = inbound_email_pb2.ListInboundEmailFilesRequest(inbound_email_id=inbound_email_id)
        return await self._call(self._inbound.ListInboundEmailFiles, request)

    # history

    async def list_jobs(
        self, *, page: int = 1, page_size: int = 20
    ) -> history_pb2.ListJobsResponse:
        request = history_pb2.ListJobsRequest(page=page, page_size=page_size)
        return await self._call(self._history.ListJobs, request)

    async def get_job(self, job_id: str) -> batch_pb2.BatchJob:
        return await self._call(self._history.GetJob, history_pb2.GetJobRequest(job_id=job_id))

    async def delete_job(self, job_id: str) -> history_pb2.DeleteJobResponse:
        return await self._call(
            self._history.DeleteJob, history_pb2.DeleteJobRequest(job_id=job_id)
        )

    async def list_documents(
        self, *, page: int = 1, page_size: int = 20, tag: str = ""
    ) -> history_pb2.ListDocumentsResponse:
        request = history_pb2.ListDocumentsRequest(page=page, page_size=page_size, tag=tag)
        return await self._call(self._history.ListDocuments, request)

    async def search_documents(
        self, q: str, *, page: int = 1, page_size: int = 20
    ) -> history_pb2.SearchDocumentsResponse:
        request = history_pb2.SearchDocumentsRequest(q=q, page=page, page_size=page_size)
        return await self._call(self._history.SearchDocuments, request)

    async def get_document(self, document_id: str) -> history_pb2.Document:
        request = history_pb2.GetDocumentRequest(document_id=document_id)
        return await self._call(self._history.GetDocument, request)

    async def get_document_text(self, document_id: str) -> history_pb2.GetDocumentTextResponse:
        request = history_pb2.GetDocumentTextRequest(document_id=document_id)
        return await self._call(self._history.GetDocumentText, request)

    async def get_searchable_pdf(self, document_id: str) -> bytes:
        request = history_pb2.GetSearchablePdfRequest(document_id=document_id)
        answer: history_pb2.GetSearchablePdfResponse = await self._call(
            self._history.GetSearchablePdf, request
        )
        data: bytes = answer.body.data
        return data

    async def get_stats(self) -> history_pb2.GetStatsResponse:
        return await self._call(self._history.GetStats, history_pb2.GetStatsRequest())

    # mailbox import (Gmail, Outlook, IMAP) and retrieval from the depositories and registrars

    async def connect_inbox(
        self,
        provider: str = "gmail",
        *,
        redirect_uri: str = "",
        state: str = "",
        host: str = "",
        port: int = 0,
        user: str = "",
        password: str = "",
    ) -> inbox_pb2.ConnectInboxResponse:
        request = _connect_request(provider, redirect_uri, state, host, port, user, password)
        return await self._call(self._inbox.ConnectInbox, request)

    async def inbox_status(self, inbox_token: str) -> inbox_pb2.GetInboxStatusResponse:
        request = inbox_pb2.GetInboxStatusRequest()
        return await self._call(self._inbox.GetInboxStatus, request, inbox_token)

    async def list_inbox_statements(
        self,
        inbox_token: str,
        *,
        start_date: str = "",
        end_date: str = "",
        cas_types: Iterable[str] = (),
        parse: bool = False,
        password: str = "",
    ) -> inbox_pb2.ListInboxCasResponse:
        request = _inbox_listing(start_date, end_date, cas_types, parse, password)
        return await self._call(self._inbox.ListInboxCas, request, inbox_token)

    async def disconnect_inbox(self, inbox_token: str) -> inbox_pb2.DisconnectInboxResponse:
        request = inbox_pb2.DisconnectInboxRequest()
        return await self._call(self._inbox.DisconnectInbox, request, inbox_token)

    async def generate_kfintech_cas(
        self, email: str, from_date: str, to_date: str, password: str, *, pan: str = ""
    ) -> fetch_pb2.GenerateKfintechCasResponse:
        request = fetch_pb2.GenerateKfintechCasRequest(
            email=email, from_date=from_date, to_date=to_date, password=password, pan_no=pan
        )
        return await self._call(self._fetch.GenerateKfintechCas, request)

    async def start_cdsl_fetch(
        self, pan: str, bo_id: str, dob: str
    ) -> fetch_pb2.StartCdslFetchResponse:
        request = fetch_pb2.StartCdslFetchRequest(pan=pan, bo_id=bo_id, dob=dob)
        return await self._call(self._fetch.StartCdslFetch, request)

    async def verify_cdsl_fetch(
        self, session_id: str, otp: str, *, num_periods: int = 0, parse: bool = False
    ) -> fetch_pb2.VerifyCdslFetchResponse:
        request = fetch_pb2.VerifyCdslFetchRequest(
            session_id=session_id, otp=otp, num_periods=num_periods, parse=parse
        )
        return await self._call(self._fetch.VerifyCdslFetch, request)

    async def close(self) -> None:
        await self._channel.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:  # fmt: skip
        await self.close()


__all__ = ["ApiError", "AsyncClient", "Client"]
