"""Every statement that came by mail is a history document, parsed or not: a mailbox listing
and a forward-to address keep each file once in history (a re-listing or a re-sent mail adds no
row), and a parse asked for later replaces the file's unparsed document with a parsed one."""

from __future__ import annotations

import hashlib
import smtplib
from collections.abc import Iterator

import grpc
import pytest
from sqlmodel import col, select

from casgate.v1 import (
    history_pb2,
    history_pb2_grpc,
    inbound_email_pb2,
    inbound_email_pb2_grpc,
    inbox_pb2,
    inbox_pb2_grpc,
)
from core.accounts import create_key
from core.batch.models import Document, DocumentContent
from core.db import session_scope
from core.settings import Settings
from tests.harness import ServerThread
from tests.inbox.conftest import Keys, consent, failure, mailbox, today
from tests.inbox.fake_providers import FakeProvider
from tests.inbox.mail import Mail, statement_pdf


def _documents(settings: Settings, ids: list[str]) -> list[tuple[Document, DocumentContent]]:
    with session_scope(settings) as session:
        return list(
            session.exec(
                select(Document, DocumentContent)
                .join(DocumentContent, col(DocumentContent.document_id) == col(Document.id))
                .where(col(Document.id).in_(ids))
            ).all()
        )


def _count(settings: Settings, account_id: str) -> int:
    with session_scope(settings) as session:
        return len(session.exec(select(Document).where(Document.account_id == account_id)).all())


@pytest.fixture
def history(server: ServerThread) -> Iterator[history_pb2_grpc.HistoryServiceStub]:
    with grpc.insecure_channel(server.address) as channel:
        yield history_pb2_grpc.HistoryServiceStub(channel)


def test_a_mailbox_listing_keeps_each_statement_in_history(
    server: ServerThread,
    google: FakeProvider,
    keys: Keys,
    stub: inbox_pb2_grpc.InboxServiceStub,
    history: history_pb2_grpc.HistoryServiceStub,
) -> None:
    google.mail, password = mailbox(seed=31)
    mine = (*keys.mine, ("x-inbox-token", consent(stub, keys.mine, "gmail")["inbox_token"]))

    listed = stub.ListInboxCas(inbox_pb2.ListInboxCasRequest(), metadata=mine)
    ids = [f.document_id for f in listed.files]
    assert len(ids) == 2 and all(ids)
    rows = _documents(server.settings, ids)
    assert len(rows) == 2
    account = rows[0][0].account_id
    # not parsed: without the password the encrypted statements are kept as failed documents,
    # each with its reason, its file name and its bytes' digest
    for document, content in rows:
        assert content.statement is None and document.error
        assert document.filename in {f.filename for f in listed.files}
    assert {d.sha256 for d, _ in rows} == {
        hashlib.sha256(m.attachments[0][1]).hexdigest() for m in google.mail[:2]
    }
    assert all(f.parse_error for f in listed.files)
    before = _count(server.settings, account)

    # listed again: the same documents, no new rows
    again = stub.ListInboxCas(inbox_pb2.ListInboxCasRequest(), metadata=mine)
    assert sorted(f.document_id for f in again.files) == sorted(ids)
    assert _count(server.settings, account) == before

    # a parse asked for now: the CDSL file's document is replaced by a parsed one
    parsed = stub.ListInboxCas(
        inbox_pb2.ListInboxCasRequest(cas_types=["cdsl"], parse=True, password=password),
        metadata=mine,
    )
    (cdsl,) = parsed.files
    old = next(f.document_id for f in listed.files if f.cas_type == "cdsl")
    assert cdsl.document_id and cdsl.document_id != old and not cdsl.parse_error
    document = history.GetDocument(
        history_pb2.GetDocumentRequest(document_id=cdsl.document_id), metadata=keys.mine
    )
    assert document.status == "completed"
    ((_, content),) = _documents(server.settings, [cdsl.document_id])
    assert content.statement is not None
    missing = history_pb2.GetDocumentRequest(document_id=old)
    assert failure(history.GetDocument, missing, keys.mine).status == 404
    assert _count(server.settings, account) == before

    # parsed once: asking again reads nothing anew
    twice = stub.ListInboxCas(
        inbox_pb2.ListInboxCasRequest(cas_types=["cdsl"], parse=True, password=password),
        metadata=mine,
    )
    assert [f.document_id for f in twice.files] == [cdsl.document_id]
    assert _count(server.settings, account) == before
    # another account cannot see the document
    mine_only = history_pb2.GetDocumentRequest(document_id=cdsl.document_id)
    assert failure(history.GetDocument, mine_only, keys.other).status == 404


def test_forwarded_mail_is_a_history_document_without_a_password(
    server: ServerThread, history: history_pb2_grpc.HistoryServiceStub
) -> None:
    info, key = create_key("forward", 100, settings=server.settings)
    mine = (("x-api-key", key),)
    with grpc.insecure_channel(server.address) as channel:
        inbound = inbound_email_pb2_grpc.InboundEmailServiceStub(channel)
        created = inbound.CreateInboundEmail(
            inbound_email_pb2.CreateInboundEmailRequest(), metadata=mine
        )
        pdf, _ = statement_pdf(32)
        mail = Mail("<c-32@cdslstatement.com>", "eCAS@cdslstatement.com", today(), [("C.pdf", pdf)])
        for _ in range(2):  # the same mail twice is one file and one document
            with smtplib.SMTP("127.0.0.1", server.smtp_port, timeout=30) as smtp:
                smtp.sendmail("investor@example.com", [created.email], mail.rfc822())
        files = inbound.ListInboundEmailFiles(
            inbound_email_pb2.ListInboundEmailFilesRequest(
                inbound_email_id=created.inbound_email_id
            ),
            metadata=mine,
        )
    (kept,) = files.files
    assert kept.document_id
    document = history.GetDocument(
        history_pb2.GetDocumentRequest(document_id=kept.document_id), metadata=mine
    )
    assert document.filename == kept.filename
    assert _count(server.settings, info.account_id) == 1
