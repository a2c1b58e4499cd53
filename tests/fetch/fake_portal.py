"""What the fake portals share: a threaded HTTP server on loopback with cookie sessions, form
posts, redirects, Pillow-drawn captchas, a clock the tests move, and injectable slow or failing
answers."""

from __future__ import annotations

import io
import random
import secrets
import string
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
#: what the fake captchas are drawn from (no look-alikes such as O/0, I/1, B/8, S/5)
CAPTCHA_ALPHABET = "ACDEFHKMNPRTUVWXY23678"


def draw_captcha(text: str, rng: random.Random, *, readable: bool = True) -> bytes:
    """A PNG captcha: dark characters on a light background crossed by faint lines and dots;
    unreadable ones are buried under heavy dark noise."""
    image = Image.new("RGB", (230, 64), (236, 240, 232))
    draw = ImageDraw.Draw(image)
    colour = (rng.randint(10, 80), rng.randint(10, 80), rng.randint(60, 120))
    draw.text((14, 12 + rng.randint(-3, 3)), text, fill=colour, font=ImageFont.truetype(FONT, 40))
    for _ in range(4):
        start = (rng.randint(0, 230), rng.randint(0, 64))
        draw.line([start, (rng.randint(0, 230), rng.randint(0, 64))], fill=(170, 170, 190))
    for _ in range(120):
        draw.point((rng.randint(0, 229), rng.randint(0, 63)), fill=(150, 160, 150))
    if not readable:
        for _ in range(4000):
            draw.point((rng.randint(0, 229), rng.randint(0, 63)), fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@dataclass
class Session:
    id: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def html(body: str, status: int = 200) -> Reply:
    return Reply(status, f"<!DOCTYPE html><html><body>{body}</body></html>".encode())


def redirect(location: str) -> Reply:
    return Reply(302, b"", headers={"Location": location})


Handler = Callable[["Request"], Reply]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    session: Session


class FakePortal:
    """A portal on loopback. Subclasses register routes in ``routes``; tests move ``clock``,
    and set ``slow`` (answers that sleep past the client's timeout) or ``failing`` (503s)."""

    cookie_name = "ASP.NET_SessionId"

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.routes: dict[tuple[str, str], Handler] = {}
        self.sessions: dict[str, Session] = {}
        self.clock_offset = 0.0
        #: the next this-many requests sleep ``slow_seconds`` before answering
        self.slow = 0
        self.slow_seconds = 2.0
        #: the next this-many requests answer 503
        self.failing = 0
        #: every request seen: (method, path)
        self.log: list[tuple[str, str]] = []
        #: every form posted: (path, fields)
        self.posts: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def now(self) -> float:
        return time.time() + self.clock_offset

    def captcha_text(self) -> str:
        return "".join(self.rng.choice(CAPTCHA_ALPHABET) for _ in range(6))

    def token(self) -> str:
        return secrets.token_urlsafe(24)

    # ---------------------------------------------------------------- serving
    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakePortal:
        portal = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                portal._handle(self, "GET")

            def do_POST(self) -> None:
                portal._handle(self, "POST")

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _session_of(self, handler: BaseHTTPRequestHandler) -> tuple[Session, bool]:
        cookies = SimpleCookie(handler.headers.get("Cookie", ""))
        morsel = cookies.get(self.cookie_name)
        with self._lock:
            if morsel is not None and morsel.value in self.sessions:
                return self.sessions[morsel.value], False
            session = Session(secrets.token_hex(12))
            self.sessions[session.id] = session
            return session, True

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        self.log.append((method, parts.path))
        with self._lock:
            slow, self.slow = self.slow > 0, max(0, self.slow - 1)
            failing, self.failing = self.failing > 0, max(0, self.failing - 1)
        if slow:
            time.sleep(self.slow_seconds)
        session, new = self._session_of(handler)
        route = self.routes.get((method, parts.path))
        if failing:
            reply = html("<h1>Service Unavailable</h1>", 503)
        elif route is None:
            reply = html("<h1>404 - File or directory not found.</h1>", 404)
        else:
            form = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
            if method == "POST":
                self.posts.append((parts.path, form))
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            reply = route(Request(method, parts.path, query, form, session))
        try:
            handler.send_response(reply.status)
            if new:
                handler.send_header(
                    "Set-Cookie", f"{self.cookie_name}={session.id}; path=/; HttpOnly"
                )
            handler.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(reply.body)))
            handler.end_headers()
            handler.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a slow answer)


def hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" id="{name}" value="{value}" />'


def random_digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))
