"""A tiny HTTP server on loopback answering fixed bytes: the upstream of ``pdf_url`` tests."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serving(
    body: bytes, address: str = "127.0.0.1", port: int = 0, seen: list[str] | None = None
) -> ThreadingHTTPServer:
    """A started server on ``address`` answering every GET with ``body``, noting each
    request's Host header in ``seen``. Call ``shutdown()`` and ``server_close()`` after."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if seen is not None:
                seen.append(self.headers.get("Host", ""))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer((address, port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd
