"""The benchmark's receiver, in a process of its own (so it never competes with the sender
for one interpreter): HTTP/1.1 with keep-alive, answers 200 at once, remembers when each
job's first delivery arrived (wall clock), and tells on ``GET /arrivals``.

    python -m bench.webhook_receiver PORT_FILE
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_arrivals: dict[str, float] = {}
_lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    #: headers and body leave in separate writes: without this, Nagle's algorithm and the
    #: client's delayed ACK hold each answer of a kept-alive connection for 40 ms
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        now = time.time()
        job = json.loads(body)["data"]["job_id"]
        with _lock:
            _arrivals.setdefault(job, now)
        self._answer(b"ok")

    def do_GET(self) -> None:
        with _lock:
            payload = json.dumps(_arrivals).encode()
        self._answer(payload)

    def do_DELETE(self) -> None:
        with _lock:
            _arrivals.clear()
        self._answer(b"ok")

    def _answer(self, payload: bytes) -> None:
        self.send_response(200)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a sender closing its kept-alive connection is not news


def main() -> None:
    server = Server(("127.0.0.1", 0), Handler)
    Path(sys.argv[1]).write_text(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
