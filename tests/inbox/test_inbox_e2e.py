"""Through the real Envoy gateway: the OAuth callback answers a 302 to the caller's
redirect_uri (no credentials needed, the internal header never leaks), and the published
client (strict response validation) drives ``inbox`` and ``inbound_email`` end to end; the
listed files download through casgate's signed links."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from cas_parser import CasParser, NotFoundError

from core.accounts import create_key
from tests.conftest import Stack, start_stack
from tests.inbox import published_types as t
from tests.inbox.conftest import ALLOWLIST, REDIRECT, mailbox
from tests.inbox.fake_providers import FakeProvider

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, google: FakeProvider) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("inbox-e2e"),
        settings={**google.settings(), "inbox_redirect_allowlist": ALLOWLIST},
    )
    # the gateway's port is known only now: links and the callback point at it
    running.server.settings.public_base_url = running.url
    yield running
    running.stop()


def _client(stack: Stack, key: str) -> CasParser:
    return CasParser(
        api_key=key, base_url=stack.url, max_retries=0, timeout=60, _strict_response_validation=True
    )


def _browse_consent(stack: Stack, oauth_url: str) -> httpx.Response:
    """The browser: the provider's consent page, then casgate's callback through the gateway."""
    consent = httpx.get(oauth_url, follow_redirects=False)
    assert consent.status_code == 302
    callback = consent.headers["location"]
    assert callback.startswith(f"{stack.url}/v4/inbox/callback?")
    return httpx.get(callback, follow_redirects=False, timeout=30)


def test_inbox_through_the_gateway(stack: Stack, google: FakeProvider) -> None:
    google.mail, _ = mailbox(seed=7)
    _, key = create_key("e2e-inbox", 100, settings=stack.server.settings)
    client = _client(stack, key)

    started = client.post(
        "/v4/inbox/connect",
        body={"redirect_uri": REDIRECT, "state": "csrf-e2e"},
        cast_to=t.InboxConnectEmailResponse,
    )
    assert started.status == "success" and started.expires_in == 600 and started.oauth_url

    answer = _browse_consent(stack, started.oauth_url)
    assert answer.status_code == 302
    assert "x-casgate-location" not in answer.headers
    location = answer.headers["location"]
    assert location.startswith(REDIRECT + "?")
    back = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert back["state"] == "csrf-e2e" and back["email"] == "investor@gmail.test"
    token = {"x-inbox-token": back["inbox_token"]}

    status = client.post(
        "/v4/inbox/status", cast_to=t.InboxCheckConnectionStatusResponse, options={"headers": token}
    )
    assert (status.status, status.connected, status.provider) == ("success", True, "gmail")

    listed = client.post(
        "/v4/inbox/cas",
        body={"cas_types": ["cdsl", "cams"]},
        cast_to=t.InboxListCasFilesResponse,
        options={"headers": token},
    )
    assert listed.count == 2 and listed.files is not None
    for file in listed.files:
        assert file.url is not None and file.cas_type in ("cdsl", "cams")
        download = httpx.get(file.url, timeout=30)
        assert download.status_code == 200 and len(download.content) == file.size
        assert download.content.startswith(b"%PDF-")

    done = client.post(
        "/v4/inbox/disconnect", cast_to=t.InboxDisconnectEmailResponse, options={"headers": token}
    )
    assert done.msg == "Email disconnected successfully"

    # the same callback twice: the consent is spent, the error body is the usual one
    again = httpx.get(answer.request.url, follow_redirects=False, timeout=30)
    assert again.status_code == 400 and again.json()["status"] == "failed"


def test_inbound_email_with_the_published_client(stack: Stack) -> None:
    _, key = create_key("e2e-inbound", 100, settings=stack.server.settings)
    _, other_key = create_key("e2e-other", 100, settings=stack.server.settings)
    client = _client(stack, key)
    created = client.post(
        "/v4/inbound-email",
        body={"alias": "e2e-portfolio", "allowed_sources": ["cdsl"], "reference": "u-1",
              "metadata": {"campaign": "diwali"}},
        cast_to=t.InboundEmail,
    )  # fmt: skip
    assert created.status == "active" and created.email == "e2e-portfolio@inbound.localhost"
    assert created.created_at is not None and created.metadata == {"campaign": "diwali"}
    assert created.inbound_email_id
    address = f"/v4/inbound-email/{created.inbound_email_id}"

    listed = client.get(
        "/v4/inbound-email",
        cast_to=t.InboundEmailListResponse,
        options={"params": {"limit": 10, "offset": 0, "status": "active"}},
    )
    assert listed.total == 1 and listed.limit == 10 and listed.inbound_emails
    assert listed.inbound_emails[0].inbound_email_id == created.inbound_email_id

    fetched = client.get(address, cast_to=t.InboundEmail)
    assert fetched.email == created.email and fetched.allowed_sources == ["cdsl"]
    with pytest.raises(NotFoundError):
        _client(stack, other_key).get(address, cast_to=t.InboundEmail)

    deleted = client.delete(address, cast_to=t.InboundEmailDeleteResponse)
    assert deleted.status == "success"
    with pytest.raises(NotFoundError):
        client.get(address, cast_to=t.InboundEmail)
