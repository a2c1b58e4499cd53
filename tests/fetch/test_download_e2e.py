"""A signed link through the real Envoy gateway: no API key, the PDF's own bytes and type, the
attachment header, and the usual error body for a bad or expired link."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from core import downloads
from tests.conftest import Stack, start_stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("download-e2e"))
    yield running
    running.stop()


def test_download_through_the_gateway(gateway: Stack) -> None:
    settings = gateway.server.settings.model_copy(update={"public_base_url": gateway.url})
    data = b"%PDF-1.7\n" + bytes(range(256)) * 64  # binary, not UTF-8
    link = asyncio.run(downloads.publish_download("acct", data, "cas.pdf", settings=settings))
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
    missing = httpx.get(f"{gateway.url}/v4/files", timeout=30)
    assert missing.status_code == 404
