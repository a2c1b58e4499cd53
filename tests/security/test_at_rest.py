"""What is stored, and for how long: the data folder and database readable by the service's
user only, every stored PDF encrypted (even one that came without a password), the retention
purge, and deleting an account with everything it owns."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from core.accounts import create_key
from core.db import utcnow
from core.retention import purge_expired
from core.storage import get_store
from tests.conftest import OPERATOR_KEY, Stack, start_stack
from tests.statements import generate

pytestmark = pytest.mark.e2e  # through the real Envoy gateway

ROOT = Path(__file__).resolve().parents[2]
AUTH = {"x-api-key": OPERATOR_KEY}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("at_rest") / "data")
    yield running
    running.stop()


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _process(stack: Stack, pdf: bytes, password: str, headers: dict[str, str]) -> str:
    reply = httpx.post(
        f"{stack.url}/api/single/process",
        files={"file": ("statement.pdf", pdf)},
        data={"password": password},
        headers=headers,
        timeout=120,
    )
    assert reply.status_code == 200, reply.text
    return str(reply.json()["document_id"])


def _stored_files(stack: Stack) -> list[Path]:
    return [p for p in (stack.server.settings.data_dir / "objects").rglob("*") if p.is_file()]


def test_the_data_folder_and_database_are_private(stack: Stack) -> None:
    data_dir = stack.server.settings.data_dir
    assert _mode(data_dir) == 0o700
    for name in ("casgate.db", "casgate.db-wal", "casgate.db-shm", "jwt_secret", "gateway_secret"):
        if (data_dir / name).exists():
            assert _mode(data_dir / name) == 0o600, name
    assert (data_dir / "casgate.db").exists()


@pytest.mark.parametrize("encryption", [None, "AES-256"])
def test_every_stored_pdf_is_encrypted_and_private(stack: Stack, encryption: str | None) -> None:
    made = generate(issuer="CAMS", variant="SUMMARY", seed=71, pages=1, encryption=encryption)
    before = set(_stored_files(stack))
    document_id = _process(stack, made.pdf, made.password or "", AUTH)
    new = set(_stored_files(stack)) - before
    assert new, "the document and its upload are kept"
    for path in new:
        raw = path.read_bytes()
        assert b"%PDF" not in raw and made.truth["investor"]["name"].encode() not in raw
        assert _mode(path) == 0o600
        for folder in path.relative_to(stack.server.settings.data_dir).parents:
            assert _mode(stack.server.settings.data_dir / folder) == 0o700, folder
    # the service itself still reads them back as they came
    store = get_store(stack.server.settings)
    keys = [p.relative_to(stack.server.settings.data_dir / "objects").as_posix() for p in new]
    # an upload's original file name is kept beside it (sealed like the PDFs)
    names = [key for key in keys if key.endswith(".name")]
    assert [store.get(key) for key in names] == [b"statement.pdf"]
    assert all(store.get(key) == made.pdf for key in keys if key not in names)
    document = httpx.get(f"{stack.url}/api/history/documents/{document_id}", headers=AUTH)
    assert document.status_code == 200


def test_the_retention_purge_removes_old_documents_files_and_usage(stack: Stack) -> None:
    made = generate(issuer="KFINTECH", variant="SUMMARY", seed=72, pages=1)
    document_id = _process(stack, made.pdf, made.password, AUTH)
    settings = stack.server.settings.model_copy(update={"retention_days": 30})
    assert purge_expired(settings, now=utcnow() + timedelta(days=29)).documents == 0
    removed = purge_expired(settings, now=utcnow() + timedelta(days=31))
    assert removed.documents >= 1 and removed.jobs >= 1 and removed.usage_rows >= 1
    assert _stored_files(stack) == []
    gone = httpx.get(f"{stack.url}/api/history/documents/{document_id}", headers=AUTH)
    assert gone.status_code == 404
    usage = httpx.post(f"{stack.url}/v1/usage", json={}, headers=AUTH).json()
    assert usage["logs"] == []


def test_deleting_an_account_removes_everything_it_owns(stack: Stack) -> None:
    settings = stack.server.settings
    info, key = create_key("leaving", 10, settings=settings)
    made = generate(issuer="CAMS", variant="SUMMARY", seed=73, pages=1)
    mine = {"x-api-key": key}
    before = set(_stored_files(stack))
    document_id = _process(stack, made.pdf, made.password, mine)
    kept = set(_stored_files(stack)) - before
    assert kept
    other = _process(stack, made.pdf, made.password, AUTH)  # the operator's copy stays
    operators = set(_stored_files(stack)) - before - kept

    env = {**os.environ, "CASGATE_DATA_DIR": str(settings.data_dir)}
    refused = subprocess.run(
        [sys.executable, "-m", "server.cli", "delete-account", info.account_id],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "delete-account", info.account_id, "--yes"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 documents" in done.stdout

    assert httpx.post(f"{stack.url}/v1/credits", json={}, headers=mine).status_code == 401
    assert not any(path.exists() for path in kept)
    assert all(path.exists() for path in operators)
    operator_copy = httpx.get(f"{stack.url}/api/history/documents/{other}", headers=AUTH)
    assert operator_copy.status_code == 200
    theirs = httpx.get(f"{stack.url}/api/history/documents/{document_id}", headers=AUTH)
    assert theirs.status_code == 404


def test_deleting_a_job_removes_its_uploaded_pdf_too(stack: Stack) -> None:
    made = generate(issuer="KFINTECH", variant="SUMMARY", seed=74, pages=1)
    before = set(_stored_files(stack))
    document_id = _process(stack, made.pdf, made.password, AUTH)
    added = set(_stored_files(stack)) - before
    assert any("uploads" in path.parts for path in added)
    document = httpx.get(f"{stack.url}/api/history/documents/{document_id}", headers=AUTH).json()
    deleted = httpx.delete(f"{stack.url}/api/history/jobs/{document['job_id']}", headers=AUTH)
    assert deleted.status_code == 200, deleted.text
    assert not any(path.exists() for path in added)
