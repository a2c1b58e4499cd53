"""One fixed sequence of REST calls through the real gateway, every answer kept as printed.

The calls run in order on a fresh stack, so counts, balances and list orders are the same on
every run; only the values ``normalise`` masks differ.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from core.accounts import create_key
from tests.batch.conftest import grant_batch_root
from tests.conftest import Stack, start_stack
from tests.harness import serve_bytes
from tests.statements import GeneratedStatement, generate
from tests.statements.ecas import generate_ecas

from .normalise import normalise

TERMINAL = ("completed", "failed", "cancelled")


@dataclass
class Documents:
    """The statements the scenario sends, all drawn from fixed seeds."""

    cams: GeneratedStatement = field(
        default_factory=lambda: generate(issuer="CAMS", variant="DETAILED", seed=41, pages=2)
    )
    kfin: GeneratedStatement = field(
        default_factory=lambda: generate(issuer="KFINTECH", variant="SUMMARY", seed=42, pages=1)
    )
    nsdl: GeneratedStatement = field(
        default_factory=lambda: generate_ecas(depository="NSDL", seed=43, size=1)
    )
    cdsl: GeneratedStatement = field(
        default_factory=lambda: generate_ecas(depository="CDSL", seed=44, size=1)
    )


@dataclass
class Recorder:
    """Sends the calls and keeps each answer as ``HTTP <status>`` and the normalised body."""

    stack: Stack
    bodies: dict[str, str] = field(default_factory=dict)

    def call(self, name: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = httpx.request(method, f"{self.stack.url}{path}", timeout=120, **kwargs)
        self.keep(name, response.status_code, response.text)
        return response

    def keep(self, name: str, status: int, body: str) -> None:
        if name in self.bodies:
            raise ValueError(f"two answers named {name}")
        self.bodies[name] = f"HTTP {status}\n{normalise(body)}\n"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _parse(rec: Recorder, docs: Documents, auth: dict[str, str]) -> None:
    for name, path, made in (
        ("parse_smart_json", "/v4/smart/parse", docs.cams),
        ("parse_cams_kfintech_json", "/v4/cams_kfintech/parse", docs.kfin),
        ("parse_nsdl_json", "/v4/nsdl/parse", docs.nsdl),
        ("parse_cdsl_json", "/v4/cdsl/parse", docs.cdsl),
    ):
        body = {"pdf_file": _b64(made.pdf), "password": made.password}
        rec.call(name, "POST", path, json=body, headers=auth)
    for name, path, made in (
        ("parse_smart_multipart", "/v4/smart/parse", docs.kfin),
        ("parse_nsdl_multipart", "/v4/nsdl/parse", docs.nsdl),
        ("parse_cdsl_multipart", "/v4/cdsl/parse", docs.cdsl),
        ("parse_cams_kfintech_multipart", "/v4/cams_kfintech/parse", docs.cams),
    ):
        files = {"pdf_file": ("statement.pdf", made.pdf, "application/pdf")}
        rec.call(name, "POST", path, files=files, data={"password": made.password}, headers=auth)
    wrong = {"pdf_file": _b64(docs.cams.pdf), "password": docs.cams.password}
    rec.call("parse_cdsl_wrong_type", "POST", "/v4/cdsl/parse", json=wrong, headers=auth)
    rec.call("parse_without_pdf", "POST", "/v4/smart/parse", json={}, headers=auth)


def _single(rec: Recorder, docs: Documents, auth: dict[str, str]) -> str:
    """Single-document calls; the id of the document kept by the first."""
    made = docs.kfin
    processed = rec.call(
        "single_process_json",
        "POST",
        "/api/single/process",
        json={"file": _b64(made.pdf), "filename": "kfin.pdf", "password": made.password},
        headers=auth,
    )
    rec.call(
        "single_process_multipart",
        "POST",
        "/api/single/process",
        files={"file": ("cams.pdf", docs.cams.pdf, "application/pdf")},
        data={"password": docs.cams.password, "options": '{"parse": false}'},
        headers=auth,
    )
    with serve_bytes(made.pdf, "/statements/kfin.pdf") as url:
        params = {"url": url, "password": made.password}
        rec.call("single_preview", "GET", "/api/single/preview", params=params, headers=auth)
    return str(processed.json()["document_id"])


def _finished(rec: Recorder, job_id: str, auth: dict[str, str]) -> None:
    """Waits (unrecorded) until the job has ended."""
    url = f"{rec.stack.url}/api/batch/jobs/{job_id}/status"
    while httpx.get(url, headers=auth).json()["status"] not in TERMINAL:
        time.sleep(0.1)


def _batch(rec: Recorder, docs: Documents, auth: dict[str, str]) -> str:
    """Batch calls; the id of the job started from paths."""
    rec.call(
        "batch_validate_paths",
        "POST",
        "/api/batch/validate-paths",
        json={"paths": ["cams.pdf", "missing.pdf", "notes.txt", "/etc/passwd"]},
        headers=auth,
    )
    sources = [
        {"path": "cams.pdf", "password": docs.cams.password},
        {"path": "kfin.pdf", "password": docs.kfin.password},
    ]
    started = rec.call(
        "batch_start_json",
        "POST",
        "/api/batch/start",
        json={"name": "golden", "sources": sources},
        headers=auth,
    )
    job_id = str(started.json()["job_id"])
    _finished(rec, job_id, auth)
    jobs = f"/api/batch/jobs/{job_id}"
    rec.call("batch_status", "GET", f"{jobs}/status", headers=auth)
    rec.call("batch_events_snapshot", "GET", f"{jobs}/events", headers=auth)
    rec.call("batch_events_replay", "GET", f"{jobs}/events", params={"after_seq": 1}, headers=auth)
    rec.call("batch_pause_finished", "POST", f"{jobs}/pause", json={}, headers=auth)
    rec.call("batch_resume_finished", "POST", f"{jobs}/resume", json={}, headers=auth)
    rec.call("batch_cancel_finished", "POST", f"{jobs}/cancel", json={}, headers=auth)
    rec.call("batch_active", "GET", "/api/batch/active", headers=auth)
    rec.call("batch_status_unknown", "GET", "/api/batch/jobs/nope/status", headers=auth)
    uploaded = rec.call(
        "batch_start_multipart",
        "POST",
        "/api/batch/start",
        files=[("files", ("k.pdf", docs.kfin.pdf, "application/pdf"))],
        data={"name": "uploads", "password": docs.kfin.password},
        headers=auth,
    )
    _finished(rec, str(uploaded.json()["job_id"]), auth)
    rec.call(
        "batch_process_json",
        "POST",
        "/api/batch/process",
        json={"sources": sources[:1]},
        headers=auth,
    )
    rec.call(
        "batch_process_multipart",
        "POST",
        "/api/batch/process",
        files=[("files", ("k.pdf", docs.kfin.pdf, "application/pdf"))],
        data={"password": docs.kfin.password},
        headers=auth,
    )
    return job_id


def _history(rec: Recorder, job_id: str, document_id: str, auth: dict[str, str]) -> None:
    rec.call("history_jobs", "GET", "/api/history/jobs", headers=auth)
    rec.call("history_jobs_page2", "GET", "/api/history/jobs", params={"page": 2, "page_size": 1},
             headers=auth)  # fmt: skip
    rec.call("history_job", "GET", f"/api/history/jobs/{job_id}", headers=auth)
    rec.call("history_documents", "GET", "/api/history/documents", headers=auth)
    rec.call("history_search", "GET", "/api/history/documents/search", params={"q": "KFINTECH"},
             headers=auth)  # fmt: skip
    rec.call("history_document", "GET", f"/api/history/documents/{document_id}", headers=auth)
    rec.call("history_document_text", "GET", f"/api/history/documents/{document_id}/text",
             headers=auth)  # fmt: skip
    rec.call("history_document_unknown", "GET", "/api/history/documents/nope", headers=auth)
    rec.call("history_stats", "GET", "/api/history/stats", headers=auth)
    rec.call("history_delete_job", "DELETE", f"/api/history/jobs/{job_id}", headers=auth)


def _accounts(rec: Recorder, auth: dict[str, str]) -> None:
    rec.call("credits", "POST", "/v1/credits", json={}, headers=auth)
    rec.call("credits_legacy", "POST", "/credits", json={}, headers=auth)
    rec.call("usage", "POST", "/v1/usage", json={"limit": 5}, headers=auth)
    rec.call("usage_summary", "POST", "/v1/usage/summary", json={}, headers=auth)
    token = rec.call("token", "POST", "/v1/token", json={"expiry_minutes": 5}, headers=auth)
    at = {"x-api-key": token.json()["access_token"]}
    rec.call("token_verify", "POST", "/v1/token/verify", json={}, headers=at)
    rec.call("token_verify_bad", "POST", "/v1/token/verify", json={},
             headers={"x-api-key": "at_nope"})  # fmt: skip
    rec.call("credits_with_access_token", "POST", "/v1/credits", json={}, headers=at)
    rec.call("unauthenticated", "POST", "/v1/credits", json={})

    user = {"email": "golden@example.com", "password": "correct horse battery"}
    rec.call("register", "POST", "/api/auth/register", json=user)
    rec.call("register_again", "POST", "/api/auth/register", json=user)
    tokens = rec.call("login", "POST", "/api/auth/login", json=user).json()
    bearer = {"authorization": f"Bearer {tokens['access_token']}"}
    rec.call("me", "GET", "/api/auth/me", headers=bearer)
    created = rec.call("keys_create", "POST", "/api/keys", json={"name": "ci"}, headers=bearer)
    rec.call("keys_list", "GET", "/api/keys", headers=bearer)
    key_id = created.json()["key"]["id"]
    rec.call("keys_revoke", "DELETE", f"/api/keys/{key_id}", headers=bearer)
    refreshed = rec.call(
        "refresh", "POST", "/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    ).json()
    fresh = {"authorization": f"Bearer {refreshed['access_token']}"}
    rec.call("logout", "POST", "/api/auth/logout", json={}, headers=fresh)


def _batch_root(root: Path, docs: Documents) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cams.pdf").write_bytes(docs.cams.pdf)
    (root / "kfin.pdf").write_bytes(docs.kfin.pdf)
    (root / "notes.txt").write_text("not a pdf")
    return root


@contextmanager
def golden_stack(workdir: Path, docs: Documents) -> Iterator[Stack]:
    root = _batch_root(workdir / "batch-root", docs)
    stack = start_stack(workdir / "stack", settings={"batch_root": str(root)})
    try:
        yield stack
    finally:
        stack.stop()


def record(workdir: Path, docs: Documents | None = None) -> dict[str, str]:
    """Every golden answer, by name, from a fresh stack in ``workdir``."""
    docs = docs or Documents()
    with golden_stack(workdir, docs) as stack:
        info, key = create_key("golden", 1000, settings=stack.server.settings)
        grant_batch_root(stack.server.settings, info.account_id)
        auth = {"x-api-key": key}
        rec = Recorder(stack)
        _parse(rec, docs, auth)
        document_id = _single(rec, docs, auth)
        job_id = _batch(rec, docs, auth)
        _history(rec, job_id, document_id, auth)
        _accounts(rec, auth)
        return rec.bodies
