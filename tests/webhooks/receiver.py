"""A webhook receiver on loopback, written from the two specifications (not from casgate's
code): it verifies ``X-Webhook-Signature`` (hex HMAC-SHA256 of the body with the secret string)
and the Standard Webhooks signature (base64 HMAC-SHA256 of ``id.timestamp.body`` keyed with
the base64-decoded ``whsec_`` secret), rejects stale timestamps, and de-duplicates on
``webhook-id``, counting the duplicates it saw.

What it answers is scripted: a list of :class:`Reply` consumed one request at a time (the
last one repeats).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOLERANCE_SECONDS = 300


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: seconds to wait before answering (past the sender's timeout, say)
    delay: float = 0.0


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float
    #: which of the receiver's secrets verified each scheme (None: none did)
    hex_secret: str | None
    standard_secrets: list[str]
    fresh: bool

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def verified(self) -> bool:
        return self.hex_secret is not None and bool(self.standard_secrets) and self.fresh


def hex_matches(secret: str, body: bytes, header: str) -> bool:
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def standard_matches(secret: str, msg_id: str, timestamp: str, body: bytes, header: str) -> bool:
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in header.split(" "):
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(expected, signature):
            return True
    return False


class Receiver:
    def __init__(self, script: list[Reply] | None = None, secrets: list[str] | None = None):
        self.script = list(script or [Reply()])
        self.secrets = list(secrets or [])
        self.received: list[Received] = []
        self.seen_ids: set[str] = set()
        self.duplicates = 0
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                reply = receiver._record(dict(self.headers.items()), body)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def start(self) -> Receiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _record(self, headers: dict[str, str], body: bytes) -> Reply:
        lowered = {k.lower(): v for k, v in headers.items()}
        msg_id = lowered.get("webhook-id", "")
        timestamp = lowered.get("webhook-timestamp", "0")
        with self.lock:
            secrets = list(self.secrets)
        hex_secret = next(
            (s for s in secrets if hex_matches(s, body, lowered.get("x-webhook-signature", ""))),
            None,
        )
        standard = [
            s
            for s in secrets
            if standard_matches(s, msg_id, timestamp, body, lowered.get("webhook-signature", ""))
        ]
        fresh = abs(time.time() - int(timestamp)) <= TOLERANCE_SECONDS
        with self.arrived:
            reply = self.script[min(len(self.received), len(self.script) - 1)]
            self.received.append(
                Received(lowered, body, time.monotonic(), hex_secret, standard, fresh)
            )
            if 200 <= reply.status < 300:
                if msg_id in self.seen_ids:
                    self.duplicates += 1
                self.seen_ids.add(msg_id)
            self.arrived.notify_all()
        return reply

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        """The first ``count`` requests, waiting for them to arrive."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"expected {count} requests, got {len(self.received)}")
            return list(self.received[:count])

    def wait_for_ids(self, count: int, timeout: float = 60.0) -> set[str]:
        """Wait until ``count`` distinct webhook-ids were accepted (answered 2xx)."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.seen_ids) >= count, timeout):
                raise AssertionError(f"expected {count} events, got {len(self.seen_ids)}")
            return set(self.seen_ids)
