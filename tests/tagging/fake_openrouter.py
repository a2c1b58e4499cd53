"""A fake OpenRouter on loopback speaking the chat-completions protocol: ``POST
/api/v1/chat/completions`` with a Bearer key, answered like OpenRouter answers (``choices``,
``usage`` with ``cost``), or with its error bodies (``{"error": {"code", "message"}}``), or
slowly. Scripted answers are used first, in order; then the default "model" picks the offered
tags whose names occur in the document and suggests one new tag.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KEY = "sk-or-v1-test"


@dataclass
class Scripted:
    """One answer: ``status`` with an OpenRouter error body (unless 200), or ``content`` as the
    assistant's message; ``delay`` seconds first (cut short when the server closes)."""

    status: int = 200
    content: str | None = None
    message: str = "error"
    retry_after: str | None = None
    delay: float = 0.0


@dataclass
class FakeOpenRouter:
    script: deque[Scripted] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    closing: threading.Event = field(default_factory=threading.Event)

    def start(self) -> FakeOpenRouter:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/api/v1"

    def close(self) -> None:
        self.closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def default_content(body: dict[str, Any]) -> str:
    """The fake model: offered tags named in the document, plus a suggestion."""
    prompt = body["messages"][-1]["content"]
    offered = json.loads(re.search(r"Tag list: (\[.*?\])\n", prompt).group(1))  # type: ignore[union-attr]
    document = prompt.split("Document:\n", 1)[1].casefold()
    chosen = [name for name in offered if name.casefold() in document]
    return json.dumps({"tags": [*chosen, "not-a-tag"], "suggested_tags": ["paperwork"]})


def completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "gen-1764567890-abcdef",
        "provider": "FakeProvider",
        "model": model,
        "object": "chat.completion",
        "created": 1764567890,
        "choices": [
            {
                "logprobs": None,
                "finish_reason": "stop",
                "native_finish_reason": "stop",
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
            }
        ],
        "usage": {
            "prompt_tokens": 120,
            "completion_tokens": 14,
            "total_tokens": 134,
            "cost": 0.0000264,
        },
    }


def _handler(fake: FakeOpenRouter) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            fake.requests.append(body)
            if self.path != "/api/v1/chat/completions":
                return self._send(404, {"error": {"code": 404, "message": "Not Found"}}, {})
            if self.headers.get("Authorization") != f"Bearer {KEY}":
                error = {"code": 401, "message": "No auth credentials found"}
                return self._send(401, {"error": error}, {})
            step = fake.script.popleft() if fake.script else Scripted()
            if step.delay:
                fake.closing.wait(step.delay)
            if step.status != 200:
                headers = {"Retry-After": step.retry_after} if step.retry_after else {}
                error = {"code": step.status, "message": step.message, "metadata": {}}
                return self._send(step.status, {"error": error}, headers)
            content = step.content if step.content is not None else default_content(body)
            return self._send(200, completion(body["model"], content), {})

        def log_message(self, *args: object) -> None:
            pass

    return Handler
