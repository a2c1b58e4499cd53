"""Object storage: the local folder, and S3 against a local S3-compatible server (moto's
server mode on a free loopback port), including a batch whose documents live in S3 and come
from an ``s3://`` source, and whose deletion removes them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.batch import start_batch
from core.batch.pool import shutdown_document_pools
from core.errors import BadRequest, NotFound
from core.history import delete_job, list_documents
from core.isolation import shutdown_pool
from core.settings import Settings
from core.storage import LocalStore, S3Store, fetch_s3_uri, get_store, s3_client
from core.storage.sealed import SealedStore
from tests.batch.conftest import make_settings, new_account, statement
from tests.batch.helpers import documents, follow


def test_local_store_round_trip(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "objects")
    store.put("a/b/c.pdf", b"one")
    store.put("a/b/c.pdf", b"two")  # replaced atomically
    assert store.get("a/b/c.pdf") == b"two" and store.exists("a/b/c.pdf")
    assert [p.name for p in (tmp_path / "objects" / "a" / "b").iterdir()] == ["c.pdf"]
    store.delete("a/b/c.pdf")
    store.delete("a/b/c.pdf")  # deleting twice is fine
    assert not store.exists("a/b/c.pdf")
    with pytest.raises(NotFound):
        store.get("a/b/c.pdf")
    for bad in ("../escape", "/abs", "a/../b", "a//b", "", "a/./b"):
        with pytest.raises(BadRequest):
            store.put(bad, b"x")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on loopback, with dummy credentials for boto3."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    _new_workers()  # batch documents are read in pool processes: start them with these
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(30)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _new_workers()


def _new_workers() -> None:
    """Worker processes take the environment they start with: the next ones start anew."""
    shutdown_pool()
    shutdown_document_pools()


def _bucket(settings: Settings, name: str) -> None:
    s3_client(settings).create_bucket(Bucket=name)


def test_s3_store_round_trip(s3_endpoint: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, s3_endpoint_url=s3_endpoint, s3_bucket="store-rt")
    _bucket(settings, "store-rt")
    store = get_store(settings)
    assert isinstance(store, SealedStore) and isinstance(store.inner, S3Store)
    store.put("documents/x/y.pdf", b"%PDF-1.7 bytes")
    assert store.get("documents/x/y.pdf") == b"%PDF-1.7 bytes"
    raw = s3_client(settings).get_object(Bucket="store-rt", Key="documents/x/y.pdf")["Body"]
    assert b"%PDF" not in raw.read()  # the bucket holds ciphertext only
    assert store.exists("documents/x/y.pdf")
    store.delete("documents/x/y.pdf")
    assert not store.exists("documents/x/y.pdf")
    with pytest.raises(NotFound):
        store.get("documents/x/y.pdf")
    with pytest.raises(BadRequest):
        store.put("../x", b"")


def test_s3_sources_may_not_read_the_storage_bucket(s3_endpoint: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, s3_endpoint_url=s3_endpoint, s3_bucket="private")
    _bucket(settings, "private")
    get_store(settings).put("documents/a/b.pdf", b"%PDF-1.7 secret")
    with pytest.raises(BadRequest):
        fetch_s3_uri("s3://private/documents/a/b.pdf", settings, max_bytes=1000)
    with pytest.raises(BadRequest):
        fetch_s3_uri("s3://private", settings, max_bytes=1000)


async def test_a_batch_from_s3_stored_in_s3(
    s3_endpoint: str, database_url: str, tmp_path: Path
) -> None:
    settings = make_settings(
        database_url,
        tmp_path,
        s3_endpoint_url=s3_endpoint,
        s3_bucket=f"docs-{tmp_path.name[-8:].lower().replace('_', '-')}",
    )
    _bucket(settings, settings.s3_bucket)
    buckets = [b["Name"] for b in s3_client(settings).list_buckets()["Buckets"]]
    if "incoming" not in buckets:
        _bucket(settings, "incoming")
    account = new_account(settings)
    sources = []
    for seed in (40, 41):
        generated = statement(seed)
        s3_client(settings).put_object(
            Bucket="incoming", Key=f"{tmp_path.name}/{seed}.pdf", Body=generated.pdf
        )
        sources.append(
            {
                "s3_uri": f"s3://incoming/{tmp_path.name}/{seed}.pdf",
                **({"password": generated.password} if generated.password else {}),
            }
        )
    with pytest.raises(BadRequest):  # the storage bucket itself is not a source
        await start_batch(
            account.principal, "x", [{"s3_uri": f"s3://{settings.s3_bucket}/k"}], settings=settings
        )
    job_id = (await start_batch(account.principal, "s3", sources, settings=settings)).job_id
    events = await follow(account.principal, job_id, settings)
    assert events[-1].type == "completed" and events[-1].done == 2
    stored = documents(settings, job_id)
    store = get_store(settings)
    by_name = {doc.filename: doc.object_key for doc in stored}
    assert store.get(by_name["40.pdf"] or "") == statement(40).pdf
    assert store.get(by_name["41.pdf"] or "") == statement(41).pdf
    keys = [key for key in by_name.values() if key]
    reply = await delete_job(account.principal, job_id, settings=settings)
    assert reply.msg.startswith(f"Deleted job {job_id}")
    assert not any(store.exists(key) for key in keys if key)
    assert (await list_documents(account.principal, settings=settings)).total == 0
