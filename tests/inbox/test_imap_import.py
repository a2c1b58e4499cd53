"""IMAP import against a real Dovecot over TLS: connect with an app password (stored sealed),
list statements, de-duplicate on Message-ID + SHA-256 when the server renumbers its UIDs,
status after the password changes, and the refusals (private host, untrusted TLS)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from sqlmodel import select

from casgate.v1 import inbox_pb2, inbox_pb2_grpc
from clients import Client
from core.accounts import create_key
from core.db import session_scope
from core.errors import BadRequest
from core.inbox import imap
from core.inbox.models import InboxConnection, MailFile
from core.settings import Settings
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.inbox.conftest import failure, mailbox, today
from tests.inbox.dovecot import Dovecot
from tests.inbox.mail import Mail, statement_pdf

USER = "investor@mail.test"
PASSWORD = "app-pass-7f3k"


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    # not under pytest's own temporary folder: Dovecot's unprivileged processes must reach it
    root = Path(tempfile.mkdtemp(prefix="casgate-dovecot-"))
    server = Dovecot(root, {USER: PASSWORD}).start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, dovecot: Dovecot) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("imap"),
        settings={"inbox_imap_ca_file": str(dovecot.ca), "inbox_http_timeout_seconds": 10},
    )
    yield running
    running.stop()


def _deliver(dovecot: Dovecot, mail: Mail) -> None:
    when = dt.datetime.combine(mail.day, dt.time(9, 30), dt.UTC)
    dovecot.append(USER, mail.rfc822(), when)


def _connect(
    stub: inbox_pb2_grpc.InboxServiceStub, key: tuple[tuple[str, str], ...], dovecot: Dovecot
) -> inbox_pb2.ConnectInboxResponse:
    return stub.ConnectInbox(_connect_request(dovecot, PASSWORD), metadata=key)


def test_imap_import_deduplicates_across_renumbered_uids(
    server: ServerThread, dovecot: Dovecot
) -> None:
    mail, _ = mailbox(seed=5)
    for item in mail:
        _deliver(dovecot, item)
    _, key = create_key("imap", 100, settings=server.settings)
    _, other = create_key("other", 100, settings=server.settings)
    mine = (("x-api-key", key),)
    with grpc.insecure_channel(server.address) as channel:
        stub = inbox_pb2_grpc.InboxServiceStub(channel)
        assert failure(stub.ConnectInbox, _connect_request(dovecot, "wrong"), mine).status == 401

        connected = _connect(stub, mine, dovecot)
        assert connected.provider == "imap" and connected.email == USER
        assert connected.inbox_token.startswith("ibx_") and connected.oauth_url == ""
        with session_scope(server.settings) as session:
            row = session.exec(select(InboxConnection)).one()
        assert PASSWORD not in row.secret_enc

        token = (*mine, ("x-inbox-token", connected.inbox_token))
        first = stub.ListInboxCas(inbox_pb2.ListInboxCasRequest(), metadata=token)
        assert sorted(f.cas_type for f in first.files) == ["cams", "cdsl"]
        assert {f.message_id for f in first.files} == {mail[0].message_id, mail[1].message_id}

        # the server renumbers: old UIDs now name other messages; one new statement arrives
        dovecot.renumber(USER)
        extra_pdf, _ = statement_pdf(11)
        _deliver(
            dovecot,
            Mail("<kfin-9@kfintech.com>", "samfS@kfintech.com", today(), [("KF.pdf", extra_pdf)]),
        )
        second = stub.ListInboxCas(inbox_pb2.ListInboxCasRequest(), metadata=token)
        by_message = {f.message_id: f for f in second.files}
        assert sorted(f.cas_type for f in second.files) == ["cams", "cdsl", "kfintech"]
        for before in first.files:
            assert by_message[before.message_id].filename == before.filename
        assert by_message["<kfin-9@kfintech.com>"].size == len(extra_pdf)
        with session_scope(server.settings) as session:
            assert (
                len(session.exec(select(MailFile).where(MailFile.source_id == row.id)).all()) == 3
            )

        status = stub.GetInboxStatus(inbox_pb2.GetInboxStatusRequest(), metadata=token)
        assert (status.connected, status.provider, status.email) == (True, "imap", USER)
        other_token = (("x-api-key", other), ("x-inbox-token", connected.inbox_token))
        assert (
            failure(stub.GetInboxStatus, inbox_pb2.GetInboxStatusRequest(), other_token).status
            == 404
        )

        # the typed client connects an IMAP mailbox with the same four fields
        with Client(server.address, api_key=key) as casgate:
            typed = casgate.connect_inbox(
                "imap", host="localhost", port=dovecot.port, user=USER, password=PASSWORD
            )
            assert (typed.provider, typed.email, typed.oauth_url) == ("imap", USER, "")
            assert casgate.inbox_status(typed.inbox_token).connected
            assert casgate.disconnect_inbox(typed.inbox_token).status == "success"

        # the user replaces the app password at the provider
        users = dovecot.root / "users"
        users.write_text(users.read_text().replace(PASSWORD, "a-new-app-password"))
        try:
            # Dovecot notices a changed passwd-file at its next look at the file's time stamp
            deadline = time.monotonic() + 15
            while stub.GetInboxStatus(inbox_pb2.GetInboxStatusRequest(), metadata=token).connected:
                assert time.monotonic() < deadline, "the changed password was never refused"
                time.sleep(0.2)
            error = failure(stub.ListInboxCas, inbox_pb2.ListInboxCasRequest(), token)
            assert error.status == 401 and "connect the inbox again" in error.message
        finally:
            users.write_text(users.read_text().replace("a-new-app-password", PASSWORD))

        done = stub.DisconnectInbox(inbox_pb2.DisconnectInboxRequest(), metadata=token)
        assert done.status == "success"
        assert failure(stub.GetInboxStatus, inbox_pb2.GetInboxStatusRequest(), token).status == 404


def _connect_request(dovecot: Dovecot, password: str) -> inbox_pb2.ConnectInboxRequest:
    return inbox_pb2.ConnectInboxRequest(
        provider="imap", host="localhost", port=dovecot.port, user=USER, password=password
    )


async def test_private_hosts_and_untrusted_tls_are_refused(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    account = imap.ImapAccount("localhost", dovecot.port, USER, PASSWORD)
    closed = Settings(data_dir=tmp_path, allow_private_urls=False)  # type: ignore[call-arg]
    with pytest.raises(BadRequest, match="private, loopback"):
        await imap.check_login(account, closed)
    untrusted = Settings(data_dir=tmp_path, allow_private_urls=True)  # type: ignore[call-arg]
    with pytest.raises(BadRequest, match="TLS could not be verified"):
        await imap.check_login(account, untrusted)
