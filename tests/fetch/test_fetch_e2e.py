"""The fetch endpoints through the real Envoy gateway, called as the published client calls them
(its paths and bodies), answers validated against its types; the download link served through
the gateway (``HttpBody``)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from core import downloads
from core.accounts.keys import create_key
from tests.conftest import Stack, start_stack
from tests.fetch.conftest import BO_ID, DOB, PERIODS, statements
from tests.fetch.fake_cdsl import FakeCdsl, Investor
from tests.fetch.fake_kfintech import FakeKfintech
from tests.fetch.published_types import (
    FetchRequestOtpResponse,
    FetchVerifyOtpResponse,
    KfintechGenerateCasResponse,
    generate_cas_body,
    request_otp_body,
    verify_otp_body,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def portals() -> Iterator[tuple[FakeCdsl, FakeKfintech]]:
    pan, pdfs = statements()
    cdsl = FakeCdsl(seed=31)
    cdsl.investors.append(Investor(pan, BO_ID, "15/08/1985", "9876501234", pdfs))
    kfintech = FakeKfintech(seed=32)
    kfintech.registered["investor@example.com"] = pan
    yield cdsl.start(), kfintech.start()
    cdsl.stop()
    kfintech.stop()


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, portals: tuple[FakeCdsl, FakeKfintech]
) -> Iterator[Stack]:
    cdsl, kfintech = portals
    running = start_stack(
        tmp_path_factory.mktemp("fetch-e2e"),
        settings={
            "captcha_solver": "ocr",
            "cdsl_base_url": cdsl.url,
            "kfintech_base_url": kfintech.url,
        },
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(stack: Stack) -> Iterator[httpx.Client]:
    _, plaintext = create_key("fetch-e2e", 10, settings=stack.server.settings)
    with httpx.Client(base_url=stack.url, headers={"x-api-key": plaintext}, timeout=60) as http:
        yield http


def test_cdsl_fetch_as_the_published_client_calls_it(
    stack: Stack, client: httpx.Client, portals: tuple[FakeCdsl, FakeKfintech]
) -> None:
    cdsl, _ = portals
    pan, pdfs = statements()
    started = client.post("/v4/cdsl/fetch", json=request_otp_body(bo_id=BO_ID, dob=DOB, pan=pan))
    assert started.status_code == 200, started.text
    otp_sent = FetchRequestOtpResponse.model_validate(started.json())
    assert otp_sent.status == "success" and otp_sent.session_id

    verified = client.post(
        f"/v4/cdsl/fetch/{otp_sent.session_id}/verify",
        json=verify_otp_body(otp=cdsl.sms["9876501234"][-1], num_periods=2),
    )
    assert verified.status_code == 200, verified.text
    body = FetchVerifyOtpResponse.model_validate(verified.json())
    assert body.msg == "Fetched 2 CAS files" and body.files is not None
    for file, period in zip(body.files, PERIODS, strict=False):
        assert file.url is not None
        link = urlsplit(file.url)
        # the link, as a client holding only the URL fetches it: no API key
        download = httpx.get(f"{stack.url}{link.path}?{link.query}", timeout=60)
        assert download.status_code == 200
        assert download.headers["content-type"] == "application/pdf"
        assert download.content == pdfs[period]

    again = client.post(
        f"/v4/cdsl/fetch/{otp_sent.session_id}/verify", json=verify_otp_body(otp="123456")
    )
    assert again.status_code == 404
    assert again.json()["code"] == "SESSION_EXPIRED"


def test_errors_have_the_documented_body(client: httpx.Client) -> None:
    bad = client.post("/v4/cdsl/fetch", json=request_otp_body(bo_id=BO_ID, dob=DOB, pan="NOTAPAN"))
    assert bad.status_code == 400
    assert bad.json()["status"] == "failed" and bad.json()["code"] == "INVALID_PAN"
    unknown = client.post(f"/v4/cdsl/fetch/{'0' * 32}/verify", json=verify_otp_body(otp="123456"))
    assert unknown.status_code == 404 and unknown.json()["status"] == "failed"


def test_kfintech_generate_as_the_published_client_calls_it(client: httpx.Client) -> None:
    answer = client.post(
        "/v4/kfintech/generate",
        json=generate_cas_body(
            email="investor@example.com",
            from_date="2025-04-01",
            password="Secret#2026",
            to_date="2026-03-31",
        ),
    )
    assert answer.status_code == 200, answer.text
    body = KfintechGenerateCasResponse.model_validate(answer.json())
    assert (body.status, body.msg) == ("success", "CAS request submitted. Check email shortly.")


def test_download_through_the_gateway(stack: Stack) -> None:
    settings = stack.server.settings.model_copy(update={"public_base_url": stack.url})
    data = b"%PDF-1.7\n" + bytes(range(256)) * 64  # binary, not UTF-8
    account_id = create_key("download", 0, settings=settings)[0].account_id
    link = asyncio.run(downloads.publish_download(account_id, data, "cas.pdf", settings=settings))
    answer = httpx.get(link.url, timeout=30)
    assert answer.status_code == 200
    assert answer.content == data
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == 'attachment; filename="cas.pdf"'

    expired = downloads.sign_download(
        downloads.verify_download(link.token, settings=settings).object_key,
        "cas.pdf",
        ttl_seconds=60,
        settings=settings,
        now=0,
    )
    refused = httpx.get(expired.url, timeout=30)
    assert refused.status_code == 404
    assert refused.json() == {
        "status": "failed",
        "msg": "This download link is unknown or has expired.",
        "code": "NOT_FOUND",
    }
    missing = httpx.get(f"{stack.url}/v4/files", timeout=30)
    assert missing.status_code == 404
