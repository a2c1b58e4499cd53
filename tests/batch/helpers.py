"""Small helpers of the batch tests: follow a job to its end, read rows, a gated PDF server."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sqlalchemy import func
from sqlmodel import col, select

from core.accounts.models import Account, ApiKey, UsageLog
from core.accounts.principal import Principal
from core.batch import watch
from core.batch.models import BatchItem, BatchJob, Document
from core.batch.views import BatchEventView
from core.db import session_scope
from core.settings import Settings


async def follow(
    principal: Principal, job_id: str, settings: Settings, after_seq: int = 0
) -> list[BatchEventView]:
    """Every event a watcher sees until the stream ends."""
    return [event async for event in watch(principal, job_id, after_seq, settings=settings)]


def job_row(settings: Settings, job_id: str) -> BatchJob:
    with session_scope(settings) as session:
        job = session.get(BatchJob, job_id)
        assert job is not None
        return job


def items(settings: Settings, job_id: str) -> list[BatchItem]:
    with session_scope(settings) as session:
        return list(
            session.exec(
                select(BatchItem)
                .where(BatchItem.job_id == job_id)
                .order_by(col(BatchItem.position))
            ).all()
        )


def documents(settings: Settings, job_id: str) -> list[Document]:
    with session_scope(settings) as session:
        return list(session.exec(select(Document).where(Document.job_id == job_id)).all())


def credits_used(settings: Settings, key_id: str) -> float:
    """What the key's account spent this period (every test account has one key)."""
    with session_scope(settings) as session:
        key = session.get(ApiKey, key_id)
        account = session.get(Account, key.account_id) if key is not None else None
        assert account is not None
        return account.used_milli / 1000


def charged_rows(settings: Settings, key_id: str) -> int:
    with session_scope(settings) as session:
        return int(
            session.execute(
                select(func.count())
                .select_from(UsageLog)
                .where(
                    UsageLog.key_id == key_id,
                    UsageLog.feature == "batch",
                    col(UsageLog.status_code) == 200,
                    col(UsageLog.credits_milli) > 0,
                )
            ).scalar_one()
        )


def wait_until(condition: Callable[[], bool], what: str, limit: float = 120.0) -> None:
    """Poll until ``condition`` holds (a guard against hanging, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def check_event_stream(events: list[BatchEventView]) -> None:
    """Snapshot first, then seq increasing by one, exactly one terminal event, last."""
    assert events[0].type == "snapshot"
    seqs = [e.seq for e in events[1:]]
    assert seqs == list(range(events[0].seq + 1, events[0].seq + 1 + len(seqs)))
    terminal = [e for e in events if e.type in ("completed", "cancelled", "failed")]
    assert len(terminal) == 1 and events[-1] is terminal[0]


class GatedServer:
    """Serves PDFs over HTTP on loopback; paths under ``/gated/`` wait for :meth:`release`."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.gate = threading.Event()
        self.entered = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.startswith("/gated/"):
                    outer.entered.set()
                    outer.gate.wait(120)
                body = outer.files.get(self.path.rsplit("/", 1)[-1])
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str, gated: bool = False) -> str:
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}/{'gated/' if gated else ''}{name}"

    def release(self) -> None:
        self.gate.set()

    def close(self) -> None:
        self.gate.set()
        self.server.shutdown()
        self.server.server_close()
