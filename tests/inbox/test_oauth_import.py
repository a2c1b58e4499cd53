"""Gmail and Outlook import over the real grpc.aio server, against the fake Google and Microsoft
servers: consent with PKCE, the callback's redirect, status, listing with de-duplication and
expiring links, parsing into history, revocation upstream, and a user's revoked grant."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import grpc
import httpx
import pytest
from sqlmodel import select

from casgate.v1 import history_pb2, history_pb2_grpc, inbox_pb2, inbox_pb2_grpc
from casgate.v1.inbox_pb2 import ListInboxCasResponse
from clients import ApiError, AsyncClient, Client
from core.accounts import create_key
from core.db import session_scope, utcnow
from core.downloads import read_download
from core.errors import ServiceUnavailable
from core.inbox.gmail import Gmail
from core.inbox.http import client
from core.inbox.models import InboxConnection, InboxConsent, MailFile
from core.inbox.retention import purge_mail
from core.inbox.sealing import unseal
from core.storage import get_store
from tests.harness import ServerThread
from tests.inbox.conftest import REDIRECT, Keys, come_back, consent, failure, mailbox
from tests.inbox.fake_providers import FakeProvider


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _files(listing: ListInboxCasResponse) -> list[tuple[str, ...]]:
    return [(f.message_id, f.filename, f.cas_type, f.document_id) for f in listing.files]


def _token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


@pytest.mark.parametrize("flavour", ["google", "microsoft"])
async def test_consent_list_parse_and_disconnect(
    flavour: str,
    server: ServerThread,
    google: FakeProvider,
    microsoft: FakeProvider,
    keys: Keys,
    stub: inbox_pb2_grpc.InboxServiceStub,
) -> None:
    fake = google if flavour == "google" else microsoft
    provider = "gmail" if flavour == "google" else "outlook"
    fake.mail, password = mailbox(seed=3)

    started = stub.ConnectInbox(
        inbox_pb2.ConnectInboxRequest(redirect_uri=REDIRECT, state="s1", provider=provider),
        metadata=keys.mine,
    )
    consent_query = parse_qs(urlsplit(started.oauth_url).query)
    assert started.provider == provider and started.expires_in == 600
    assert consent_query["code_challenge_method"] == ["S256"]
    assert ("gmail.readonly" in consent_query["scope"][0]) == (provider == "gmail")
    assert ("Mail.Read" in consent_query["scope"][0]) == (provider == "outlook")

    back = consent(stub, keys.mine, provider, state="csrf-42")
    assert back["state"] == "csrf-42" and back["email"] == fake.email
    token = back["inbox_token"]
    mine = (*keys.mine, ("x-inbox-token", token))

    # the refresh token is stored sealed, never in clear
    with session_scope(server.settings) as session:
        row = session.exec(select(InboxConnection)).all()[-1]
    refresh = next(iter(fake.grants))
    assert refresh not in row.secret_enc and token not in row.token_hash

    status = stub.GetInboxStatus(inbox_pb2.GetInboxStatusRequest(), metadata=mine)
    assert (status.connected, status.provider, status.email) == (True, provider, fake.email)

    listed = stub.ListInboxCas(inbox_pb2.ListInboxCasRequest(), metadata=mine)
    by_type = {f.cas_type: f for f in listed.files}
    # the last 30 days by default: CDSL and CAMS, not NSDL (60 days ago) nor the shop's PDF
    assert sorted(by_type) == ["cams", "cdsl"] and listed.count == 2
    cdsl = by_type["cdsl"]
    assert cdsl.sender_email == "ecas@cdslstatement.com"
    assert cdsl.original_filename == "CDSL_CAS.pdf"
    assert cdsl.message_id == "<cdsl-1@cdslstatement.com>"
    assert cdsl.filename.startswith("cdsl_" + cdsl.message_date.replace("-", ""))
    assert cdsl.expires_in == 86400
    downloaded = await read_download(_token_of(cdsl.url), settings=server.settings)
    assert downloaded.data == fake.mail[0].attachments[0][1] and cdsl.size == len(downloaded.data)

    # a wider range and one type; listing again keeps each file once
    wide = stub.ListInboxCas(
        inbox_pb2.ListInboxCasRequest(
            cas_types=["nsdl"], start_date=str(fake.mail[2].day), end_date=str(fake.mail[2].day)
        ),
        metadata=mine,
    )
    assert [f.cas_type for f in wide.files] == ["nsdl"]
    again = stub.ListInboxCas(inbox_pb2.ListInboxCasRequest(), metadata=mine)
    assert sorted(f.filename for f in again.files) == sorted(f.filename for f in listed.files)
    with session_scope(server.settings) as session:
        assert len(session.exec(select(MailFile).where(MailFile.source_id == row.id)).all()) == 3

    # parsed into history documents with the statements' password
    parsed = stub.ListInboxCas(
        inbox_pb2.ListInboxCasRequest(cas_types=["cdsl"], parse=True, password=password),
        metadata=mine,
    )
    assert parsed.files[0].document_id and not parsed.files[0].parse_error
    with grpc.insecure_channel(server.address) as channel:
        history = history_pb2_grpc.HistoryServiceStub(channel)
        document = history.GetDocument(
            history_pb2.GetDocumentRequest(document_id=parsed.files[0].document_id),
            metadata=keys.mine,
        )
    assert document.status == "completed"

    # another account's key with this token: 404, as for any resource of another account
    other = (*keys.other, ("x-inbox-token", token))
    assert failure(stub.ListInboxCas, inbox_pb2.ListInboxCasRequest(), other).status == 404

    revoked_before = sum(g.revoked for g in fake.grants.values())
    done = stub.DisconnectInbox(inbox_pb2.DisconnectInboxRequest(), metadata=mine)
    assert done.msg == "Email disconnected successfully"
    revoked_after = sum(g.revoked for g in fake.grants.values())
    # Google's grant is revoked upstream; Microsoft has no per-application revocation
    assert revoked_after - revoked_before == (1 if flavour == "google" else 0)
    assert failure(stub.GetInboxStatus, inbox_pb2.GetInboxStatusRequest(), mine).status == 404


def test_the_typed_clients_import_from_a_mailbox(
    server: ServerThread, google: FakeProvider, keys: Keys, stub: inbox_pb2_grpc.InboxServiceStub
) -> None:
    google.mail, password = mailbox(seed=4)
    (_, mine), (_, theirs) = keys.mine[0], keys.other[0]
    with Client(server.address, api_key=mine) as casgate:
        started = casgate.connect_inbox(redirect_uri=REDIRECT, state="typed")  # gmail
        assert (started.provider, started.expires_in) == ("gmail", 600)
        back = come_back(stub, started.oauth_url)  # the browser's part
        assert back["state"] == "typed"
        token = back["inbox_token"]

        status = casgate.inbox_status(token)
        assert (status.connected, status.email) == (True, google.email)
        listed = casgate.list_inbox_statements(token)
        assert sorted(f.cas_type for f in listed.files) == ["cams", "cdsl"]
        parsed = casgate.list_inbox_statements(
            token, cas_types=["cdsl"], parse=True, password=password
        )
        (cdsl,) = parsed.files
        assert casgate.get_document(cdsl.document_id).status == "completed"
        with Client(server.address, api_key=theirs) as other, pytest.raises(ApiError) as hidden:
            other.list_inbox_statements(token)
        assert hidden.value.status == 404

        async def twin() -> ListInboxCasResponse:
            async with AsyncClient(server.address, api_key=mine) as casgate:
                assert (await casgate.inbox_status(token)).connected
                return await casgate.list_inbox_statements(token)

        # the same files and documents; each listing signs fresh download links
        parsed_listing = casgate.list_inbox_statements(token)
        assert _files(asyncio.run(twin())) == _files(parsed_listing)
        assert casgate.disconnect_inbox(token).msg == "Email disconnected successfully"
        with pytest.raises(ApiError) as gone:
            casgate.inbox_status(token)
        assert gone.value.status == 404


def test_a_grant_revoked_by_the_user_asks_to_reconnect(
    google: FakeProvider, keys: Keys, stub: inbox_pb2_grpc.InboxServiceStub
) -> None:
    google.mail, _ = mailbox()
    token = consent(stub, keys.mine, "gmail")["inbox_token"]
    mine = (*keys.mine, ("x-inbox-token", token))
    google.revoke_all()
    status = stub.GetInboxStatus(inbox_pb2.GetInboxStatusRequest(), metadata=mine)
    assert status.connected is False
    error = failure(stub.ListInboxCas, inbox_pb2.ListInboxCasRequest(), mine)
    assert error.status == 401 and "Connect the inbox again" in error.message


def test_refusals(google: FakeProvider, keys: Keys, stub: inbox_pb2_grpc.InboxServiceStub) -> None:
    for uri in (
        "https://evil.example/inbox/done",
        "https://app.example.com/other",
        "javascript:alert(1)",
    ):
        request = inbox_pb2.ConnectInboxRequest(redirect_uri=uri, provider="gmail")
        assert failure(stub.ConnectInbox, request, keys.mine).status == 400
    bad = inbox_pb2.ConnectInboxRequest(redirect_uri=REDIRECT, provider="yahoo")
    assert failure(stub.ConnectInbox, bad, keys.mine).status == 400
    assert failure(stub.GetInboxStatus, inbox_pb2.GetInboxStatusRequest(), keys.mine).status == 401
    missing = (*keys.mine, ("x-inbox-token", "ibx_nope"))
    assert failure(stub.GetInboxStatus, inbox_pb2.GetInboxStatusRequest(), missing).status == 404
    dates = inbox_pb2.ListInboxCasRequest(start_date="2026-13-01")
    assert failure(stub.ListInboxCas, dates, missing).status == 400

    # the user declines: the browser goes back with error and state
    google.decline = True
    try:
        back = consent(stub, keys.mine, "gmail", state="abc")
    finally:
        google.decline = False
    assert back == {"error": "access_denied", "state": "abc"}

    # a consent completes once; an unknown state is refused
    started = stub.ConnectInbox(
        inbox_pb2.ConnectInboxRequest(redirect_uri=REDIRECT, provider="gmail"), metadata=keys.mine
    )
    page = httpx.get(started.oauth_url, follow_redirects=False)
    back = parse_qs(urlsplit(page.headers["location"]).query)
    request = inbox_pb2.CompleteInboxConnectionRequest(code=back["code"][0], state=back["state"][0])
    stub.CompleteInboxConnection(request)
    assert failure(stub.CompleteInboxConnection, request, ()).status == 400


def test_provider_hiccups_are_retried(
    google: FakeProvider, keys: Keys, stub: inbox_pb2_grpc.InboxServiceStub
) -> None:
    google.mail, _ = mailbox()
    token = consent(stub, keys.mine, "gmail")["inbox_token"]
    google.failures_before_success = 2  # two 503s, then the answer
    google.vanished = {google.mail[1].message_id}  # found, then deleted before it is read
    try:
        listed = stub.ListInboxCas(
            inbox_pb2.ListInboxCasRequest(), metadata=(*keys.mine, ("x-inbox-token", token))
        )
    finally:
        google.vanished = set()
    assert [f.cas_type for f in listed.files] == ["cdsl"] and google.failures_before_success == 0


def test_a_code_the_provider_refuses_goes_back_as_an_error(
    google: FakeProvider, keys: Keys, stub: inbox_pb2_grpc.InboxServiceStub
) -> None:
    started = stub.ConnectInbox(
        inbox_pb2.ConnectInboxRequest(redirect_uri=REDIRECT, state="s9", provider="gmail"),
        metadata=keys.mine,
    )
    back = parse_qs(urlsplit(httpx.get(started.oauth_url).headers["location"]).query)
    google.codes.clear()  # the code expired at the provider
    request = inbox_pb2.CompleteInboxConnectionRequest(code=back["code"][0], state=back["state"][0])
    reply, call = stub.CompleteInboxConnection.with_call(request)
    location = dict(call.initial_metadata())["x-casgate-location"]
    assert reply.status == "failed"
    assert parse_qs(urlsplit(location).query) == {
        "error": ["token_exchange_failed"],
        "state": ["s9"],
    }


def test_each_listing_costs_email_import(
    server: ServerThread, google: FakeProvider, stub: inbox_pb2_grpc.InboxServiceStub
) -> None:
    google.mail, _ = mailbox()
    _, key = create_key("one credit", 1, settings=server.settings)
    mine = (("x-api-key", key),)
    token = (*mine, ("x-inbox-token", consent(stub, mine, "gmail")["inbox_token"]))
    for _ in range(5):  # 0.2 each
        stub.ListInboxCas(inbox_pb2.ListInboxCasRequest(), metadata=token)
    assert failure(stub.ListInboxCas, inbox_pb2.ListInboxCasRequest(), token).status == 402


def test_purge_removes_expired_consents_and_old_files(
    server: ServerThread, keys: Keys, stub: inbox_pb2_grpc.InboxServiceStub
) -> None:
    stub.ConnectInbox(
        inbox_pb2.ConnectInboxRequest(redirect_uri=REDIRECT, provider="gmail"), metadata=keys.mine
    )
    later = utcnow() + timedelta(days=2)
    with session_scope(server.settings) as session:
        files = session.exec(select(MailFile)).all()
        consents = session.exec(select(InboxConsent)).all()
    assert files and consents
    kept = server.settings.model_copy(update={"retention_days": 3})
    assert purge_mail(kept, now=later) == (len(consents), 0)
    short = server.settings.model_copy(update={"retention_days": 1})
    assert purge_mail(short, now=later) == (0, len(files))
    with session_scope(server.settings) as session:
        assert session.exec(select(MailFile)).all() == []
    assert not get_store(server.settings).exists(files[0].object_key)


async def test_a_slow_provider_is_cut_off_and_retried_a_bounded_number_of_times(
    server: ServerThread, google: FakeProvider, keys: Keys, stub: inbox_pb2_grpc.InboxServiceStub
) -> None:
    token = consent(stub, keys.mine, "gmail")["inbox_token"]
    with session_scope(server.settings) as session:
        row = session.exec(
            select(InboxConnection).where(InboxConnection.token_hash == _sha256(token))
        ).one()
    access = next(
        iter(google.grants[unseal(row.secret_enc, server.settings, context=row.id)].access_tokens)
    )
    hurried = server.settings.model_copy(
        update={"inbox_http_timeout_seconds": 0.2, "inbox_http_retries": 1}
    )
    google.delay_seconds = 1.0
    calls_before = len(google.calls)
    try:
        async with client(hurried) as http:
            with pytest.raises(ServiceUnavailable, match="could not be reached"):
                await Gmail(http, hurried, access).address()
    finally:
        google.delay_seconds = 0.0
    assert len(google.calls) - calls_before == 2  # the first try and one retry
