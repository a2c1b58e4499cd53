"""Object storage for uploaded and processed documents.

A local folder under ``settings.data_dir`` by default; an S3-compatible bucket when
``settings.s3_bucket`` is set (``settings.s3_endpoint_url`` points at MinIO, Ceph, ...).
All calls block: run them in worker threads from async code.
"""

from __future__ import annotations

import threading
from typing import Any

from core.accounts.secret import derive_key
from core.settings import Settings, get_settings
from core.storage.base import ObjectStore, check_key
from core.storage.local import LocalStore
from core.storage.s3 import S3Store, fetch_s3_uri, parse_s3_uri, s3_client
from core.storage.sealed import SealedStore


def get_store(settings: Settings | None = None) -> ObjectStore:
    """The configured store, encrypted at rest: S3 when a bucket is configured, else
    ``<data_dir>/objects``."""
    settings = settings or get_settings()
    inner: ObjectStore
    if settings.s3_bucket:
        inner = S3Store(settings.s3_bucket, _client(settings))
    else:
        inner = LocalStore(settings.data_dir / "objects")
    return SealedStore(inner, derive_key(settings, "object-store"))


_clients: dict[tuple[str, str], Any] = {}
_clients_lock = threading.Lock()


def _client(settings: Settings) -> Any:
    """One boto3 client per endpoint and region (clients are thread-safe and slow to build)."""
    key = (settings.s3_endpoint_url, settings.s3_region)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = s3_client(settings)
        return client


__all__ = [
    "LocalStore",
    "ObjectStore",
    "S3Store",
    "check_key",
    "fetch_s3_uri",
    "get_store",
    "parse_s3_uri",
    "s3_client",
]
