"""Signed, expiring download links to files casgate keeps (fetched or imported statements).

A file is kept in the object store (sealed at rest, like every stored document); a link is
``<public base>/v4/files?token=<token>``, where the token names the stored object, the file
name and type, and the expiry, under an HMAC-SHA256 signature with a key derived from the server
secret. The signature is the credential: whoever holds an unexpired link may download the file,
and an altered, foreign or expired token is a plain 404 (which of the three is not told). The
token rides in the query string, which the gateway's access log leaves out.

Stable API (other areas build on these signatures):

- ``store_download(account_id, data, filename, *, keep_seconds=None, settings=None) -> str``
  (the object key; the file is deleted ``keep_seconds`` later, default the link lifetime)
- ``sign_download(object_key, filename, *, content_type="application/pdf", ttl_seconds=None,
  settings=None, now=None) -> SignedDownload``
- ``publish_download(account_id, data, filename, *, content_type="application/pdf",
  ttl_seconds=None, settings=None) -> SignedDownload`` (async; store, then sign)
- ``verify_download(token, *, settings=None, now=None) -> DownloadTarget`` (``NotFound``)
- ``read_download(token, *, settings=None) -> DownloadedFile`` (async; ``NotFound``)
- ``download_url(token, settings) -> str``
- ``purge_expired_downloads(settings, *, now=None) -> int`` (the server runs it periodically)

Files stored by ``store_download`` live only for their links: a row of ``download_file`` notes
when each may go, and :func:`purge_expired_downloads` deletes the file, then the row. Files
that belong to a history document (a CDSL fetch keeps them as documents) follow the document's
retention instead and are only signed here.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col, select

from core.accounts.secret import derive_key
from core.db import session_scope, utcnow
from core.errors import NotFound
from core.retrieval.models import DownloadFile
from core.settings import Settings, get_settings
from core.storage import check_key, get_store

#: the REST path that serves a token (``FileService.DownloadFile``)
DOWNLOAD_PATH = "/v4/files"
#: where :func:`store_download` keeps files: ``downloads/<account>/<random>``
DOWNLOAD_PREFIX = "downloads"
_PURPOSE = "download-url-v1"
_NOT_FOUND = "This download link is unknown or has expired."
_PURGE_BATCH = 500
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/]')


@dataclass(frozen=True)
class SignedDownload:
    """A download link: ``url`` (absolute), its ``token``, and when it expires."""

    url: str
    token: str
    expires_in: int
    expires_at: int


@dataclass(frozen=True)
class DownloadTarget:
    """What a valid token names."""

    object_key: str
    filename: str
    content_type: str
    expires_at: int


@dataclass(frozen=True)
class DownloadedFile:
    """The bytes behind a valid token."""

    filename: str
    content_type: str
    data: bytes


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(payload: str, settings: Settings) -> str:
    mac = hmac.new(derive_key(settings, _PURPOSE), payload.encode(), hashlib.sha256)
    return _b64(mac.digest())


def safe_filename(filename: str) -> str:
    """``filename`` without path separators, quotes or control characters (for a
    ``Content-Disposition`` header), at most 200 characters; ``download`` when nothing is left."""
    cleaned = _UNSAFE_NAME.sub("_", filename.rsplit("/", 1)[-1]).strip(" .")
    return cleaned[:200] or "download"


def public_base(settings: Settings) -> str:
    """The base URL clients reach the gateway at."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    return f"http://{settings.http_host}:{settings.http_port}"


def download_url(token: str, settings: Settings) -> str:
    """The absolute link that serves ``token``."""
    return f"{public_base(settings)}{DOWNLOAD_PATH}?token={token}"


def store_download(
    account_id: str,
    data: bytes,
    filename: str,
    *,
    keep_seconds: int | None = None,
    settings: Settings | None = None,
) -> str:
    """Keep ``data`` (sealed) for ``account_id`` for ``keep_seconds`` (default
    ``settings.download_url_ttl_seconds``); returns its object key. Blocking: call it from a
    worker thread in async code. ``filename`` only shapes the key's suffix."""
    settings = settings or get_settings()
    suffix = safe_filename(filename).rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    suffix = re.sub(r"[^a-z0-9]", "", suffix)[:8] or "bin"
    key = check_key(f"{DOWNLOAD_PREFIX}/{account_id}/{secrets.token_hex(16)}.{suffix}")
    keep = settings.download_url_ttl_seconds if keep_seconds is None else keep_seconds
    # the row first: a crash after it leaves a row the purge clears, never an orphaned file
    with session_scope(settings) as session:
        session.add(
            DownloadFile(
                account_id=account_id,
                object_key=key,
                expires_at=utcnow() + timedelta(seconds=keep),
            )
        )
    get_store(settings).put(key, data)
    return key


def purge_expired_downloads(settings: Settings, *, now: datetime | None = None) -> int:
    """Delete the files stored by :func:`store_download` whose time is up (file first, then
    row); how many went. Blocking."""
    now = now or utcnow()
    with session_scope(settings) as session:
        keys = list(
            session.exec(
                select(DownloadFile.object_key)
                .where(col(DownloadFile.expires_at) <= now)
                .limit(_PURGE_BATCH)
            ).all()
        )
    store = get_store(settings)
    for key in keys:
        store.delete(key)
    if keys:
        with session_scope(settings) as session:
            session.execute(delete(DownloadFile).where(col(DownloadFile.object_key).in_(keys)))
    return len(keys)


def sign_download(
    object_key: str,
    filename: str,
    *,
    content_type: str = "application/pdf",
    ttl_seconds: int | None = None,
    settings: Settings | None = None,
    now: float | None = None,
) -> SignedDownload:
    """A link to the stored object ``object_key`` served as ``filename``, valid for
    ``ttl_seconds`` (default ``settings.download_url_ttl_seconds``)."""
    settings = settings or get_settings()
    ttl = settings.download_url_ttl_seconds if ttl_seconds is None else ttl_seconds
    expires_at = int(now if now is not None else time.time()) + ttl
    body = {
        "k": check_key(object_key),
        "f": safe_filename(filename),
        "t": content_type,
        "e": expires_at,
    }
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    token = f"{payload}.{_signature(payload, settings)}"
    return SignedDownload(
        url=download_url(token, settings), token=token, expires_in=ttl, expires_at=expires_at
    )


async def publish_download(
    account_id: str,
    data: bytes,
    filename: str,
    *,
    content_type: str = "application/pdf",
    ttl_seconds: int | None = None,
    settings: Settings | None = None,
) -> SignedDownload:
    """Store ``data`` for ``account_id`` and return a signed link to it."""
    settings = settings or get_settings()
    ttl = settings.download_url_ttl_seconds if ttl_seconds is None else ttl_seconds
    key = await asyncio.to_thread(
        store_download, account_id, data, filename, keep_seconds=ttl, settings=settings
    )
    return sign_download(
        key, filename, content_type=content_type, ttl_seconds=ttl_seconds, settings=settings
    )


def verify_download(
    token: str, *, settings: Settings | None = None, now: float | None = None
) -> DownloadTarget:
    """What ``token`` names; ``NotFound`` when it is malformed, its signature does not match,
    or it has expired."""
    settings = settings or get_settings()
    payload, dot, signature = token.partition(".")
    if not dot or not payload or len(token) > 4096:
        raise NotFound(_NOT_FOUND)
    if not hmac.compare_digest(signature.encode(), _signature(payload, settings).encode()):
        raise NotFound(_NOT_FOUND)
    try:
        body = json.loads(_unb64(payload))
        target = DownloadTarget(
            object_key=check_key(str(body["k"])),
            filename=str(body["f"]),
            content_type=str(body["t"]),
            expires_at=int(body["e"]),
        )
    except Exception:  # signed by us, so only a change of format gets here
        raise NotFound(_NOT_FOUND) from None
    if target.expires_at <= (now if now is not None else time.time()):
        raise NotFound(_NOT_FOUND)
    return target


async def read_download(token: str, *, settings: Settings | None = None) -> DownloadedFile:
    """The file behind ``token``; ``NotFound`` for a bad or expired token, or a file that has
    been deleted since (its history document was deleted, or retention purged it)."""
    settings = settings or get_settings()
    target = verify_download(token, settings=settings)
    try:
        data = await asyncio.to_thread(get_store(settings).get, target.object_key)
    except NotFound:
        raise NotFound(_NOT_FOUND) from None
    return DownloadedFile(filename=target.filename, content_type=target.content_type, data=data)
