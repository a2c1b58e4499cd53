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

import grpc
import pytest

from casgate.v1 import (
    account_pb2,
    account_pb2_grpc,
    history_pb2,
    history_pb2_grpc,
    parse_pb2,
    parse_pb2_grpc,
)
from clients._errors import api_error
from core.accounts import create_key
from core.db import utcnow
from core.retention import purge_expired
from core.storage import get_store
from tests.conftest import OPERATOR_KEY, start_server_thread
from tests.harness import ServerThread
from tests.statements import generate

# the real grpc.aio server in process: nothing here is the gateway's doing

ROOT = Path(__file__).resolve().parents[2]
AUTH = {"x-api-key": OPERATOR_KEY}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("at_rest") / "data")
    yield running
    running.stop()


def _channel(server: ServerThread) -> grpc.Channel:
    return grpc.insecure_channel(server.address)


def _document_status(server: ServerThread, document_id: str, headers: dict[str, str]) -> int:
    """The REST status GetDocument stands for."""
    with _channel(server) as channel:
        try:
            history_pb2_grpc.HistoryServiceStub(channel).GetDocument(
                history_pb2.GetDocumentRequest(document_id=document_id),
                metadata=tuple(headers.items()),
            )
        except grpc.RpcError as error:
            return api_error(error).status
    return 200


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _process(server: ServerThread, pdf: bytes, password: str, headers: dict[str, str]) -> str:
    with _channel(server) as channel:
        reply = parse_pb2_grpc.ParseServiceStub(channel).ProcessDocument(
            parse_pb2.ProcessDocumentRequest(file=pdf, filename="statement.pdf", password=password),
            metadata=tuple(headers.items()),
            timeout=120,
        )
    return reply.document_id


def _stored_files(server: ServerThread) -> list[Path]:
    return [p for p in (server.settings.data_dir / "objects").rglob("*") if p.is_file()]


def test_the_data_folder_and_database_are_private(server: ServerThread) -> None:
    data_dir = server.settings.data_dir
    assert _mode(data_dir) == 0o700
    for name in ("casgate.db", "casgate.db-wal", "casgate.db-shm", "jwt_secret", "gateway_secret"):
        if (data_dir / name).exists():
            assert _mode(data_dir / name) == 0o600, name
    assert (data_dir / "casgate.db").exists()


@pytest.mark.parametrize("encryption", [None, "AES-256"])
def test_every_stored_pdf_is_encrypted_and_private(
    server: ServerThread, encryption: str | None
) -> None:
    made = generate(issuer="CAMS", variant="SUMMARY", seed=71, pages=1, encryption=encryption)
    before = set(_stored_files(server))
    document_id = _process(server, made.pdf, made.password or "", AUTH)
    new = set(_stored_files(server)) - before
    assert new, "the document and its upload are kept"
    for path in new:
        raw = path.read_bytes()
        assert b"%PDF" not in raw and made.truth["investor"]["name"].encode() not in raw
        assert _mode(path) == 0o600
        for folder in path.relative_to(server.settings.data_dir).parents:
            assert _mode(server.settings.data_dir / folder) == 0o700, folder
    # the service itself still reads them back as they came
    store = get_store(server.settings)
    keys = [p.relative_to(server.settings.data_dir / "objects").as_posix() for p in new]
    # an upload's original file name is kept beside it (sealed like the PDFs)
    names = [key for key in keys if key.endswith(".name")]
    assert [store.get(key) for key in names] == [b"statement.pdf"]
    assert all(store.get(key) == made.pdf for key in keys if key not in names)
    assert _document_status(server, document_id, AUTH) == 200


def test_the_retention_purge_removes_old_documents_files_and_usage(server: ServerThread) -> None:
    made = generate(issuer="KFINTECH", variant="SUMMARY", seed=72, pages=1)
    document_id = _process(server, made.pdf, made.password, AUTH)
    settings = server.settings.model_copy(update={"retention_days": 30})
    assert purge_expired(settings, now=utcnow() + timedelta(days=29)).documents == 0
    removed = purge_expired(settings, now=utcnow() + timedelta(days=31))
    assert removed.documents >= 1 and removed.jobs >= 1 and removed.usage_rows >= 1
    assert _stored_files(server) == []
    assert _document_status(server, document_id, AUTH) == 404
    with _channel(server) as channel:
        usage = account_pb2_grpc.AccountServiceStub(channel).ListUsage(
            account_pb2.ListUsageRequest(), metadata=tuple(AUTH.items())
        )
    assert list(usage.logs) == []


def test_deleting_an_account_removes_everything_it_owns(server: ServerThread) -> None:
    settings = server.settings
    info, key = create_key("leaving", 10, settings=settings)
    made = generate(issuer="CAMS", variant="SUMMARY", seed=73, pages=1)
    mine = {"x-api-key": key}
    before = set(_stored_files(server))
    document_id = _process(server, made.pdf, made.password, mine)
    kept = set(_stored_files(server)) - before
    assert kept
    other = _process(server, made.pdf, made.password, AUTH)  # the operator's copy stays
    operators = set(_stored_files(server)) - before - kept

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

    with _channel(server) as channel, pytest.raises(grpc.RpcError) as refused:
        account_pb2_grpc.AccountServiceStub(channel).GetCredits(
            account_pb2.GetCreditsRequest(), metadata=tuple(mine.items())
        )
    assert api_error(refused.value).status == 401
    assert not any(path.exists() for path in kept)
    assert all(path.exists() for path in operators)
    assert _document_status(server, other, AUTH) == 200
    assert _document_status(server, document_id, AUTH) == 404


def test_deleting_a_job_removes_its_uploaded_pdf_too(server: ServerThread) -> None:
    made = generate(issuer="KFINTECH", variant="SUMMARY", seed=74, pages=1)
    before = set(_stored_files(server))
    document_id = _process(server, made.pdf, made.password, AUTH)
    added = set(_stored_files(server)) - before
    assert any("uploads" in path.parts for path in added)
    with _channel(server) as channel:
        history = history_pb2_grpc.HistoryServiceStub(channel)
        metadata = tuple(AUTH.items())
        document = history.GetDocument(
            history_pb2.GetDocumentRequest(document_id=document_id), metadata=metadata
        )
        history.DeleteJob(history_pb2.DeleteJobRequest(job_id=document.job_id), metadata=metadata)
    assert not any(path.exists() for path in added)
