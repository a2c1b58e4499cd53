"""Run the real server and the real Envoy for end-to-end tests.

The gRPC server runs in a thread with its own event loop (so synchronous test clients can call it
from the test's thread); Envoy is a child process of pytest, as the gateway notes recommend.
"""

from __future__ import annotations

import asyncio
import http.server
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from core.settings import Settings
from gateway.render import render
from server.app import Running, start_server
from server.auth import public_methods
from server.launch import envoy_binary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerThread:
    """``start_server`` on a free port, in a thread of its own."""

    def __init__(self, settings: Settings, **collaborators: Any) -> None:
        self.settings = settings
        self._collaborators = collaborators
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._stopped: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="casgate-server", daemon=True)
        self.port = 0
        self.ws_port = 0
        self.metrics_port = 0
        self.smtp_port = 0

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        finally:
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

    async def _serve(self) -> None:
        self._stopped = asyncio.Event()
        try:
            running: Running = await start_server(
                self.settings, port=0, ws_port=0, metrics_port=0, **self._collaborators
            )
        except BaseException as error:
            self._error = error
            self._ready.set()
            raise
        self.port = running.port
        self.ws_port = running.ws_port
        self.metrics_port = running.metrics.port if running.metrics else 0
        self.smtp_port = running.smtp_port
        self._ready.set()
        await self._stopped.wait()
        await running.stop(grace=1)

    def start(self) -> ServerThread:
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise RuntimeError("server failed to start") from self._error
        return self

    def stop(self) -> None:
        if self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(15)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


class Gateway:
    """The real Envoy in front of a server at ``upstream``."""

    def __init__(
        self,
        upstream: str,
        workdir: Path,
        *,
        ws_upstream: str | None = None,
        request_timeout: int = 60,
        max_body: int = 48 * 1024 * 1024,
        **options: Any,
    ) -> None:
        """``options`` go to ``gateway.render.render`` (``gateway_secret``, ``admin``, ...)."""
        self.port = free_port()
        self.admin_port = free_port()
        self.admin = options.get("admin", True)
        self.config = workdir / "envoy.yaml"
        self.config.write_text(
            render(
                listen=f"127.0.0.1:{self.port}",
                upstream=upstream,
                ws_upstream=ws_upstream or f"127.0.0.1:{free_port()}",
                admin_port=self.admin_port,
                request_timeout=request_timeout,
                max_body=max_body,
                **{"public_methods": public_methods(), **options},
            )
        )
        self.log_path = workdir / "envoy.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait_for_upstream: bool = True) -> Gateway:
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                [
                    envoy_binary(),
                    "-c",
                    str(self.config),
                    "--log-level",
                    "warn",
                    "--use-dynamic-base-id",
                    "--drain-time-s",
                    "1",
                    # the access-log tests read the log: flush it every 0.1 s, not every 10 s
                    "--file-flush-interval-msec",
                    "100",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_ready(wait_for_upstream)
        return self

    def _wait_ready(self, wait_for_upstream: bool) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"envoy exited: {self.log_path.read_text()[-2000:]}")
            try:
                # without its admin interface, an answer on the listener means Envoy is up
                ready = httpx.get(
                    f"http://127.0.0.1:{self.admin_port}/ready" if self.admin else self.url,
                    timeout=1,
                )
                if (ready.status_code == 200 or not self.admin) and (
                    not wait_for_upstream or httpx.get(f"{self.url}/", timeout=2).status_code == 200
                ):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("envoy did not become ready")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def access_log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()


@contextmanager
def serve_bytes(
    data: bytes, path: str = "/document.pdf", content_type: str = "application/pdf"
) -> Iterator[str]:
    """A loopback HTTP server answering ``data`` to every GET; yields the URL of ``path``."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", content_type)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()


class FixedClock:
    """Wall-clock time that only moves when the test says so (for rate limiters)."""

    def __init__(self, now: float = 1_800_000_015.0) -> None:  # 15 s into a minute
        self.now = now

    def __call__(self) -> float:
        return self.now
