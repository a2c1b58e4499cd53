"""Fixtures of the inbox and inbound-email tests: the fake providers, a server configured
for them, keys of two accounts, and the mailbox's contents (generated statements)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import grpc
import httpx
import pytest

from casgate.v1 import inbox_pb2, inbox_pb2_grpc
from clients._errors import ApiError, api_error
from core.accounts import create_key
from core.db import utcnow
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.inbox.fake_providers import FakeProvider
from tests.inbox.mail import Mail, statement_pdf

REDIRECT = "https://app.example.com/inbox/done"
ALLOWLIST = "https://app.example.com/inbox/,http://127.0.0.1/back"


def today() -> date:
    return utcnow().date()


def mailbox(seed: int = 1) -> tuple[list[Mail], str]:
    """A mailbox: statements from CDSL and CAMS in the last month, NSDL's from two months ago,
    an unrelated sender's PDF, and a message without attachments; and the statements' password."""
    pdf, password = statement_pdf(seed)
    other, _ = statement_pdf(seed + 1)
    day = today()
    mail = [
        Mail(
            "<cdsl-1@cdslstatement.com>",
            "eCAS@cdslstatement.com",
            day - timedelta(days=3),
            [("CDSL_CAS.pdf", pdf)],
        ),
        Mail(
            "<cams-1@camsonline.com>",
            "donotreply@camsonline.com",
            day - timedelta(days=10),
            [("CAMS.pdf", other)],
        ),
        Mail(
            "<nsdl-1@nsdl.co.in>",
            "NSDL-CAS@nsdl.co.in",
            day - timedelta(days=60),
            [("NSDL.pdf", pdf)],
        ),
        Mail(
            "<promo@shop.example>",
            "offers@shop.example",
            day - timedelta(days=2),
            [("offer.pdf", other)],
        ),
        Mail("<note@camsonline.com>", "donotreply@camsonline.com", day - timedelta(days=1), []),
    ]
    return mail, password


@dataclass
class Keys:
    mine: tuple[tuple[str, str], ...]
    other: tuple[tuple[str, str], ...]


@pytest.fixture(scope="module")
def google() -> Iterator[FakeProvider]:
    fake = FakeProvider("google", "investor@gmail.test").start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def microsoft() -> Iterator[FakeProvider]:
    fake = FakeProvider("microsoft", "investor@outlook.test").start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, google: FakeProvider, microsoft: FakeProvider
) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("inbox"),
        settings={
            **google.settings(),
            **microsoft.settings(),
            "inbox_redirect_allowlist": ALLOWLIST,
            "inbox_callback_url": "http://127.0.0.1:9/v4/inbox/callback",
            "inbox_http_retries": 2,
            "inbox_http_timeout_seconds": 5,
        },
    )
    yield running
    running.stop()


@pytest.fixture
def keys(server: ServerThread) -> Keys:
    _, mine = create_key("inbox", 100, settings=server.settings)
    _, other = create_key("other", 100, settings=server.settings)
    return Keys((("x-api-key", mine),), (("x-api-key", other),))


@pytest.fixture
def stub(server: ServerThread) -> Iterator[inbox_pb2_grpc.InboxServiceStub]:
    with grpc.insecure_channel(server.address) as channel:
        yield inbox_pb2_grpc.InboxServiceStub(channel)


def failure(call: Any, request: Any, metadata: Any) -> ApiError:
    """The error of a call that must fail."""
    try:
        call(request, metadata=metadata)
    except grpc.RpcError as error:
        return api_error(error)
    raise AssertionError("the call succeeded")


def consent(
    stub: inbox_pb2_grpc.InboxServiceStub, key: Any, provider: str, state: str = "st-123"
) -> dict[str, str]:
    """Connect through the fake consent page; the query casgate redirects the browser with."""
    started = stub.ConnectInbox(
        inbox_pb2.ConnectInboxRequest(redirect_uri=REDIRECT, state=state, provider=provider),
        metadata=key,
    )
    return come_back(stub, started.oauth_url)


def come_back(stub: inbox_pb2_grpc.InboxServiceStub, oauth_url: str) -> dict[str, str]:
    """The browser at the fake consent page, then back at casgate's callback: the query casgate
    redirects it to the caller's page with."""
    page = httpx.get(oauth_url, follow_redirects=False)
    assert page.status_code == 302
    back = parse_qs(urlsplit(page.headers["location"]).query)
    request = inbox_pb2.CompleteInboxConnectionRequest(
        code=back.get("code", [""])[0], state=back["state"][0], error=back.get("error", [""])[0]
    )
    _, call = stub.CompleteInboxConnection.with_call(request)
    location = dict(call.initial_metadata())["x-casgate-location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
