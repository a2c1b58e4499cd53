"""pdf_url downloads: loopback works when allowed; private targets refused when not."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.errors import BadRequest, PayloadTooLarge
from core.settings import Settings
from core.url_fetch import fetch_pdf
from tests.loopback import serving
from tests.statements import generate

PDF = generate(issuer="CAMS", variant="SUMMARY", seed=21, pages=1, encryption=None).pdf


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/statement.pdf")
            self.end_headers()
            return
        if self.path != "/statement.pdf":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(PDF)))
        self.end_headers()
        self.wfile.write(PDF)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


async def test_loopback_allowed_when_configured(server: str) -> None:
    settings = Settings(allow_private_urls=True)
    assert await fetch_pdf(f"{server}/statement.pdf", settings) == PDF
    assert await fetch_pdf(f"{server}/redirect", settings) == PDF


async def test_size_cap(server: str) -> None:
    settings = Settings(allow_private_urls=True, max_upload_bytes=100)
    with pytest.raises(PayloadTooLarge):
        await fetch_pdf(f"{server}/statement.pdf", settings)


async def test_http_error_status(server: str) -> None:
    with pytest.raises(BadRequest, match="404"):
        await fetch_pdf(f"{server}/missing.pdf", Settings(allow_private_urls=True))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.pdf",
        "http://localhost:9/x.pdf",
        "http://10.0.0.1/x.pdf",
        "http://192.168.1.10/x.pdf",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:9/x.pdf",
        "http://224.0.0.1/x.pdf",
        "http://0.0.0.0/x.pdf",
    ],
)
async def test_private_targets_refused_by_default(url: str) -> None:
    with pytest.raises(BadRequest, match="private"):
        await fetch_pdf(url, Settings(allow_private_urls=False))


async def test_redirect_to_private_target_refused(server: str) -> None:
    # a loopback server is itself private: with the guard on, even the first hop is refused
    with pytest.raises(BadRequest):
        await fetch_pdf(f"{server}/redirect", Settings(allow_private_urls=False))


@pytest.mark.parametrize("url", ["ftp://example.com/x.pdf", "file:///etc/passwd", "x.pdf"])
async def test_only_http_schemes(url: str) -> None:
    with pytest.raises(BadRequest, match="http"):
        await fetch_pdf(url, Settings(allow_private_urls=True))


async def test_the_download_goes_to_the_address_that_was_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: the name answers one address when checked and another afterwards. The
    download must go where the check looked (both addresses are loopback here, so the check
    itself is switched off; what is tested is that the name is not resolved again)."""
    checked_seen: list[str] = []
    checked = serving(b"%PDF-checked", "127.0.0.1", 0, checked_seen)
    port = checked.server_address[1]
    later_seen: list[str] = []
    later = serving(b"%PDF-rebound", "127.0.0.2", port, later_seen)
    answers: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host: object, *args: object, **kwargs: object) -> list:
        if host != "rebind.test":
            return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]
        address = "127.0.0.1" if not answers else "127.0.0.2"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        body = await fetch_pdf(
            f"http://rebind.test:{port}/x.pdf", Settings(allow_private_urls=True)
        )
    finally:
        checked.shutdown()
        later.shutdown()
        checked.server_close()
        later.server_close()
    assert body == b"%PDF-checked"
    assert answers == ["127.0.0.1"] and later_seen == []
    assert checked_seen == [f"rebind.test:{port}"]  # the request still names its host
