"""``pdf_url`` attacks: decompression bombs, download floods, SSRF through IPv6 disguises."""

from __future__ import annotations

import asyncio
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.addresses import is_public
from core.errors import BadRequest, PayloadTooLarge, RateLimited
from core.settings import Settings
from core.url_fetch import fetch_pdf

MiB = 1024 * 1024


def gzip_bomb(inflated: int) -> bytes:
    """``inflated`` zero bytes, gzip-compressed a mebibyte at a time (never held whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MiB)
    out = [packer.compress(zeros) for _ in range(inflated // MiB)]
    return b"".join(out) + packer.flush()


class Upstream:
    """A loopback HTTP server: ``/bomb`` sends a gzip bomb, ``/held`` answers once released."""

    def __init__(self, bomb: bytes) -> None:
        self.release = threading.Event()
        self.held = 0
        self._lock = threading.Lock()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/held":
                    with upstream._lock:
                        upstream.held += 1
                    upstream.release.wait()
                    body, encoding = b"%PDF-1.4 held", ""
                else:
                    body, encoding = bomb, "gzip"
                self.send_response(200)
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def upstream() -> Iterator[Upstream]:
    server = Upstream(gzip_bomb(256 * MiB))
    yield server
    server.close()


async def test_a_gzip_bomb_is_refused_without_inflating_it(upstream: Upstream) -> None:
    settings = Settings(allow_private_urls=True, max_upload_bytes=2 * MiB)
    tracemalloc.start()
    try:
        with pytest.raises(PayloadTooLarge):
            await fetch_pdf(f"{upstream.url}/bomb", settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 256 MiB arrive compressed; what is held decoded stays near the 2 MiB cap
    assert peak < 16 * MiB


async def test_concurrent_downloads_are_bounded(upstream: Upstream) -> None:
    settings = Settings(allow_private_urls=True, url_fetch_concurrency=2)
    upstream.release.clear()
    running = [asyncio.create_task(fetch_pdf(f"{upstream.url}/held", settings)) for _ in range(2)]
    while upstream.held < 2:  # both downloads have reached the upstream
        await asyncio.sleep(0.01)
    with pytest.raises(RateLimited, match="in progress") as refused:
        await fetch_pdf(f"{upstream.url}/held", settings)
    assert refused.value.retry_after >= 1
    upstream.release.set()
    assert await asyncio.gather(*running) == [b"%PDF-1.4 held"] * 2
    assert await fetch_pdf(f"{upstream.url}/held", settings) == b"%PDF-1.4 held"  # slots freed


#: 169.254.169.254 (cloud metadata) and 127.0.0.1 in every IPv6 disguise that embeds IPv4
DISGUISED = [
    "2002:a9fe:a9fe::",  # 6to4
    "2002:7f00:1::1",  # 6to4 of loopback
    "64:ff9b::a9fe:a9fe",  # NAT64, well-known prefix
    "64:ff9b:1::a9fe:a9fe",  # NAT64, local-use prefix
    "2001:0:4136:e378:8000:63bf:5601:5601",  # Teredo, client 169.254.169.254 (obfuscated)
    "::ffff:a9fe:a9fe",  # IPv4-mapped
    "::a9fe:a9fe",  # IPv4-compatible
]


@pytest.mark.parametrize("address", DISGUISED)
async def test_ipv6_addresses_embedding_private_ipv4_are_refused(address: str) -> None:
    assert not is_public(address)
    with pytest.raises(BadRequest, match="private"):
        await fetch_pdf(f"http://[{address}]/latest/meta-data", Settings())


@pytest.mark.parametrize(
    "address", ["2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.8.8", "2606:4700::1111"]
)
def test_ipv6_addresses_embedding_public_ipv4_stay_public(address: str) -> None:
    assert is_public(address)
