"""Forward-to addresses over the real grpc.aio server, and mail delivered to its SMTP receiver
with smtplib: only existing addresses accept mail, the size cap answers 552, a forwarded
statement is found, kept, parsed with the address's (sealed) password into a history document,
filtered by allowed sources; every address is its account's own."""

from __future__ import annotations

import asyncio
import email.policy
import smtplib
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import grpc
import pytest
from sqlmodel import select

from casgate.v1 import (
    history_pb2,
    history_pb2_grpc,
    inbound_email_pb2,
    inbound_email_pb2_grpc,
)
from core.accounts import create_key
from core.accounts.auth import authenticate
from core.db import session_scope
from core.inbound.models import InboundAddress
from core.inbox.models import MailFile
from core.retention import delete_account
from core.storage import get_store
from core.webhooks.endpoints import create_webhook
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.inbox.conftest import failure, today
from tests.inbox.mail import Mail, forwarded, statement_pdf
from tests.webhooks.receiver import Receiver

CAP = 512 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("inbound"),
        settings={
            "inbound_email_domain": "in.casgate.test",
            "inbound_max_message_bytes": CAP,
            "webhook_allow_private_urls": True,
        },
    )
    yield running
    running.stop()


@pytest.fixture
def stub(server: ServerThread) -> Iterator[inbound_email_pb2_grpc.InboundEmailServiceStub]:
    with grpc.insecure_channel(server.address) as channel:
        yield inbound_email_pb2_grpc.InboundEmailServiceStub(channel)


def _send(server: ServerThread, to: str, raw: bytes) -> None:
    with smtplib.SMTP("127.0.0.1", server.smtp_port, timeout=30) as smtp:
        smtp.sendmail("investor@example.com", [to], raw)


def test_addresses_receive_statements(
    server: ServerThread, stub: inbound_email_pb2_grpc.InboundEmailServiceStub
) -> None:
    _, key = create_key("inbound", 100, settings=server.settings)
    _, other_key = create_key("other", 100, settings=server.settings)
    mine, other = (("x-api-key", key),), (("x-api-key", other_key),)
    pdf, password = statement_pdf(21)

    created = stub.CreateInboundEmail(
        inbound_email_pb2.CreateInboundEmailRequest(
            alias="John-Portfolio",
            allowed_sources=["cdsl", "nsdl"],
            metadata={"plan": "gold"},
            reference="user-42",
            password=password,
        ),
        metadata=mine,
    )
    assert created.email == "john-portfolio@in.casgate.test"
    assert (created.status, list(created.allowed_sources)) == ("active", ["cdsl", "nsdl"])
    assert dict(created.metadata) == {"plan": "gold"} and created.reference == "user-42"
    assert created.has_password and not created.HasField("callback_url")
    with session_scope(server.settings) as session:
        row = session.get(InboundAddress, created.inbound_email_id)
        assert row is not None and row.password_enc and password not in row.password_enc

    # refusals: a taken alias, a bad alias, too much metadata, an http callback elsewhere
    taken = inbound_email_pb2.CreateInboundEmailRequest(alias="john-portfolio")
    assert failure(stub.CreateInboundEmail, taken, other).status == 409
    for bad in (
        inbound_email_pb2.CreateInboundEmailRequest(alias="-no"),
        inbound_email_pb2.CreateInboundEmailRequest(alias="a@b"),
        inbound_email_pb2.CreateInboundEmailRequest(metadata={str(i): "v" for i in range(11)}),
        inbound_email_pb2.CreateInboundEmailRequest(callback_url="http://example.com/hook"),
        inbound_email_pb2.CreateInboundEmailRequest(allowed_sources=["bank"]),
    ):
        assert failure(stub.CreateInboundEmail, bad, mine).status == 400
    random = stub.CreateInboundEmail(
        inbound_email_pb2.CreateInboundEmailRequest(callback_url="https://hooks.example/in"),
        metadata=mine,
    )
    assert random.email.endswith("@in.casgate.test") and random.callback_url

    listed = stub.ListInboundEmails(inbound_email_pb2.ListInboundEmailsRequest(), metadata=mine)
    assert listed.total == 2 and listed.limit == 50 and listed.offset == 0
    page = stub.ListInboundEmails(
        inbound_email_pb2.ListInboundEmailsRequest(limit=1, offset=1), metadata=mine
    )
    assert len(page.inbound_emails) == 1 and page.total == 2
    theirs = stub.ListInboundEmails(inbound_email_pb2.ListInboundEmailsRequest(), metadata=other)
    assert theirs.total == 0
    ask = inbound_email_pb2.GetInboundEmailRequest(inbound_email_id=created.inbound_email_id)
    assert stub.GetInboundEmail(ask, metadata=mine).email == created.email
    assert failure(stub.GetInboundEmail, ask, other).status == 404

    # the account's webhook for inbound_email.received, on loopback
    receiver = Receiver().start()
    hook = asyncio.run(
        create_webhook(
            authenticate(key, None, settings=server.settings),
            receiver.url,
            ["inbound_email.received"],
            settings=server.settings,
        )
    )
    assert hook.secret
    receiver.secrets = [hook.secret]

    # a CDSL statement forwarded as an attachment: kept, parsed with the address's password
    original = Mail(
        "<cdsl-77@cdslstatement.com>", "eCAS@cdslstatement.com", today(), [("CAS.pdf", pdf)]
    )
    _send(server, created.email, forwarded(original, "investor@example.com", "<fwd-1@example.com>"))
    # CAMS is not among this address's sources: accepted, not kept
    cams = Mail("<cams-5@camsonline.com>", "donotreply@camsonline.com", today(), [("C.pdf", pdf)])
    _send(server, created.email, cams.rfc822())

    files_of = inbound_email_pb2.ListInboundEmailFilesRequest(
        inbound_email_id=created.inbound_email_id
    )
    received = stub.ListInboundEmailFiles(files_of, metadata=mine)
    assert received.count == 1
    kept = received.files[0]
    assert (kept.cas_type, kept.sender_email, kept.size) == (
        "cdsl",
        "ecas@cdslstatement.com",
        len(pdf),
    )
    assert kept.original_filename == "CAS.pdf" and kept.url and kept.expires_in == 1800
    assert kept.document_id and not kept.parse_error
    with grpc.insecure_channel(server.address) as channel:
        document = history_pb2_grpc.HistoryServiceStub(channel).GetDocument(
            history_pb2.GetDocumentRequest(document_id=kept.document_id), metadata=mine
        )
    assert document.status == "completed"
    assert failure(stub.ListInboundEmailFiles, files_of, other).status == 404

    # announced once, signed (hex and Standard Webhooks), with the address and the file
    try:
        (event,) = receiver.wait_for(1)
    finally:
        receiver.stop()
    assert event.verified
    assert event.json["event"] == "inbound_email.received"
    data = event.json["data"]
    assert (data["inbound_email_id"], data["reference"]) == (created.inbound_email_id, "user-42")
    assert data["metadata"] == {"plan": "gold"} and data["sender_email"] == "ecas@cdslstatement.com"
    assert [f["document_id"] for f in data["files"]] == [kept.document_id]

    # the same mail again is the same file
    _send(server, created.email, forwarded(original, "investor@example.com", "<fwd-1@example.com>"))
    assert stub.ListInboundEmailFiles(files_of, metadata=mine).count == 1

    # unknown addresses and other domains are refused at RCPT; the size cap answers 552
    for nowhere in ("nobody@in.casgate.test", "john-portfolio@elsewhere.test"):
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            _send(server, nowhere, cams.rfc822())
        assert next(iter(refused.value.recipients.values()))[0] == 550
    big = Mail(
        "<big@cdslstatement.com>",
        "eCAS@cdslstatement.com",
        today(),
        [("big.pdf", b"%PDF-" + b"0" * CAP)],
    )
    with pytest.raises((smtplib.SMTPDataError, smtplib.SMTPSenderRefused)) as too_big:
        _send(server, created.email, big.rfc822())
    assert too_big.value.smtp_code == 552

    # deleted: gone for its owner, and mail to it is refused
    delete = inbound_email_pb2.DeleteInboundEmailRequest(inbound_email_id=created.inbound_email_id)
    assert failure(stub.DeleteInboundEmail, delete, other).status == 404
    assert stub.DeleteInboundEmail(delete, metadata=mine).status == "success"
    assert failure(stub.GetInboundEmail, ask, mine).status == 404
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        _send(server, created.email, cams.rfc822())


def test_a_statement_without_password_is_kept_unparsed(
    server: ServerThread, stub: inbound_email_pb2_grpc.InboundEmailServiceStub
) -> None:
    info, key = create_key("plain", 100, settings=server.settings)
    mine = (("x-api-key", key),)
    created = stub.CreateInboundEmail(inbound_email_pb2.CreateInboundEmailRequest(), metadata=mine)
    pdf, _ = statement_pdf(22)
    mail = Mail(
        "<n-1@nsdl.co.in>", "NSDL-CAS@nsdl.co.in", today() - timedelta(days=1), [("N.pdf", pdf)]
    )
    _send(server, created.email, mail.rfc822())
    files = stub.ListInboundEmailFiles(
        inbound_email_pb2.ListInboundEmailFilesRequest(inbound_email_id=created.inbound_email_id),
        metadata=mine,
    )
    assert [(f.cas_type, f.document_id) for f in files.files] == [("nsdl", "")]

    # an inline forward: the original sender is quoted in the text, the PDF attached again
    inline = EmailMessage()
    inline["From"] = "investor@example.com"
    inline["Message-ID"] = "<inline-1@example.com>"
    inline["Subject"] = "Fwd: statement"
    inline.set_content(
        "---------- Forwarded message ---------\n"
        "From: CAMS <donotreply@camsonline.com>\nDate: today\n\nYour statement."
    )
    other_pdf, _ = statement_pdf(23)
    inline.add_attachment(other_pdf, maintype="application", subtype="pdf", filename="cams.pdf")
    _send(server, created.email, inline.as_bytes(policy=email.policy.SMTP))
    files = stub.ListInboundEmailFiles(
        inbound_email_pb2.ListInboundEmailFilesRequest(inbound_email_id=created.inbound_email_id),
        metadata=mine,
    )
    assert sorted((f.cas_type, f.sender_email) for f in files.files) == [
        ("cams", "donotreply@camsonline.com"),
        ("nsdl", "nsdl-cas@nsdl.co.in"),
    ]

    # deleting the account removes its addresses, its kept files and their stored bytes
    with session_scope(server.settings) as session:
        keys = [row.object_key for row in session.exec(select(MailFile)).all()
                if row.account_id == info.account_id]  # fmt: skip
    assert len(keys) == 2 and all(get_store(server.settings).exists(k) for k in keys)
    delete_account(server.settings, info.account_id)
    assert not any(get_store(server.settings).exists(k) for k in keys)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        _send(server, created.email, mail.rfc822())
