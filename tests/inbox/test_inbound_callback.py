"""An address's ``callback_url`` gets ``inbound_email.received`` for that address only, signed
(hex and Standard Webhooks) with the secret of the account's webhook at that URL, through the
durable outbox; the SSRF guard stands between the outbox and the URL."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from casgate.v1 import inbound_email_pb2, inbound_email_pb2_grpc
from core.accounts import create_key
from core.accounts.auth import authenticate
from core.accounts.principal import Principal
from core.settings import Settings
from core.webhooks.endpoints import create_webhook, list_webhooks, rotate_secret
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.inbox.conftest import failure, today
from tests.inbox.mail import Mail, statement_pdf
from tests.webhooks.helpers import deliveries, wait_until
from tests.webhooks.receiver import Receiver

DOMAIN = "in.casgate.test"


def _server(folder: Path, allow_private: bool) -> ServerThread:
    return start_server_thread(
        folder,
        settings={"inbound_email_domain": DOMAIN, "webhook_allow_private_urls": allow_private},
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = _server(tmp_path_factory.mktemp("callback"), allow_private=True)
    yield running
    running.stop()


def _address(
    server: ServerThread, key: str, callback_url: str | None
) -> inbound_email_pb2.InboundEmail:
    with grpc.insecure_channel(server.address) as channel:
        stub = inbound_email_pb2_grpc.InboundEmailServiceStub(channel)
        request = inbound_email_pb2.CreateInboundEmailRequest(reference="user-7")
        if callback_url is not None:
            request.callback_url = callback_url
        created: inbound_email_pb2.InboundEmail = stub.CreateInboundEmail(
            request, metadata=(("x-api-key", key),)
        )
        return created


def _send(server: ServerThread, to: str, seed: int) -> None:
    pdf, _ = statement_pdf(seed)
    mail = Mail(
        f"<s-{seed}@cdslstatement.com>", "eCAS@cdslstatement.com", today(), [("S.pdf", pdf)]
    )
    with smtplib.SMTP("127.0.0.1", server.smtp_port, timeout=30) as smtp:
        smtp.sendmail("investor@example.com", [to], mail.rfc822())


def _callback_secret(principal: Principal, url: str, settings: Settings) -> tuple[str, str]:
    """The account's webhook at ``url`` (made with the address) and its secret, read by
    rotating it as a client would."""
    listed = asyncio.run(list_webhooks(principal, settings=settings))
    (hook,) = [w for w in listed.webhooks if w.url == url]
    assert hook.events == []  # subscribed to nothing: only its addresses' events reach it
    rotated = asyncio.run(rotate_secret(principal, hook.id, 0, settings=settings))
    assert rotated.secret
    return hook.id, rotated.secret


def test_the_callback_gets_its_address_events_signed(
    server: ServerThread, receiver: Receiver
) -> None:
    _, key = create_key("callback", 100, settings=server.settings)
    principal = authenticate(key, None, settings=server.settings)
    with_callback = _address(server, key, receiver.url)
    assert with_callback.callback_url == receiver.url
    hook_id, secret = _callback_secret(principal, receiver.url, server.settings)
    receiver.secrets = [secret]
    # a second address with the same callback shares the webhook; a third has none
    same = _address(server, key, receiver.url)
    without = _address(server, key, None)
    listed = asyncio.run(list_webhooks(principal, settings=server.settings))
    assert [w.id for w in listed.webhooks] == [hook_id]

    _send(server, with_callback.email, 51)
    (event,) = receiver.wait_for(1)
    assert event.verified  # both signatures, with the webhook's secret, a fresh timestamp
    assert event.json["event"] == "inbound_email.received"
    data = event.json["data"]
    assert (data["inbound_email_id"], data["email"]) == (
        with_callback.inbound_email_id,
        with_callback.email,
    )
    assert data["reference"] == "user-7" and [f["cas_type"] for f in data["files"]] == ["cdsl"]

    # mail to the address without a callback is not sent to it (the SMTP answer comes after
    # the event is recorded, so the outbox tells at once)
    _send(server, without.email, 52)
    assert len(deliveries(server.settings, principal, hook_id)) == 1
    _send(server, same.email, 53)
    (_, second) = receiver.wait_for(2)
    assert second.verified and second.json["data"]["inbound_email_id"] == same.inbound_email_id
    assert len(deliveries(server.settings, principal, hook_id)) == 2


def test_a_subscribed_webhook_at_the_callback_url_gets_the_event_once(
    server: ServerThread, receiver: Receiver
) -> None:
    _, key = create_key("subscribed", 100, settings=server.settings)
    principal = authenticate(key, None, settings=server.settings)
    hook = asyncio.run(
        create_webhook(
            principal, receiver.url, ["inbound_email.received"], settings=server.settings
        )
    )
    assert hook.secret
    receiver.secrets = [hook.secret]
    created = _address(server, key, receiver.url)  # the existing webhook is the callback's
    _send(server, created.email, 54)
    (event,) = receiver.wait_for(1)
    assert event.verified and event.json["data"]["inbound_email_id"] == created.inbound_email_id
    assert len(deliveries(server.settings, principal, hook.id)) == 1


def test_the_ssrf_guard_stands_before_the_callback(tmp_path: Path, receiver: Receiver) -> None:
    running = _server(tmp_path / "guarded", allow_private=False)
    try:
        _, key = create_key("guarded", 100, settings=running.settings)
        principal = authenticate(key, None, settings=running.settings)
        created = _address(running, key, receiver.url)  # loopback http: a valid callback_url
        hook_id, _ = _callback_secret(principal, receiver.url, running.settings)
        _send(running, created.email, 55)
        # the delivery row and its attempts are read apart: wait for both to show the attempt
        (delivery,) = wait_until(
            lambda: [
                d
                for d in deliveries(running.settings, principal, hook_id)
                if d.attempt_log and d.error
            ]
        )
        assert delivery.response_code is None
        assert "private, loopback or link-local" in (delivery.error or "")
        assert receiver.received == []
    finally:
        running.stop()


def test_a_bad_callback_url_is_refused(server: ServerThread) -> None:
    _, key = create_key("refused", 100, settings=server.settings)
    with grpc.insecure_channel(server.address) as channel:
        stub = inbound_email_pb2_grpc.InboundEmailServiceStub(channel)
        request = inbound_email_pb2.CreateInboundEmailRequest(callback_url="ftp://127.0.0.1/x")
        assert failure(stub.CreateInboundEmail, request, (("x-api-key", key),)).status == 400
