"""The server secret that signs user JWTs and ``at_`` access tokens."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from core.settings import Settings

_cache: dict[Path, bytes] = {}
_lock = threading.Lock()


def server_secret(settings: Settings) -> bytes:
    """``settings.jwt_secret``, or a random secret kept in ``<data_dir>/jwt_secret`` (0600).

    The file is created atomically (written aside, then hard-linked into place), so processes
    starting together agree on one secret and a restart keeps every session valid.
    """
    if settings.jwt_secret:
        return settings.jwt_secret.encode()
    path = (settings.data_dir / "jwt_secret").resolve()
    with _lock:
        cached = _cache.get(path)
        if cached is None:
            cached = _cache[path] = _load_or_create(path)
        return cached


def gateway_secret(settings: Settings) -> str:
    """The secret the gateway sends upstream (``x-casgate-gateway``) so the server knows a call
    came through it: ``settings.gateway_secret``, or a random one in ``<data_dir>/gateway_secret``
    (0600), read by both the server and whoever renders the gateway's configuration."""
    if settings.gateway_secret:
        return settings.gateway_secret
    path = (settings.data_dir / "gateway_secret").resolve()
    with _lock:
        cached = _cache.get(path)
        if cached is None:
            cached = _cache[path] = _load_or_create(path)
        return cached.decode()


def derive_key(settings: Settings, purpose: str) -> bytes:
    """A sub-key per purpose, so a token signed for one use never verifies as another."""
    return hmac.new(server_secret(settings), purpose.encode(), hashlib.sha256).digest()


def _load_or_create(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_urlsafe(48).encode())
        finally:
            os.close(fd)
        try:
            os.link(aside, path)
        except FileExistsError:
            pass  # another process won the race; use its secret
        finally:
            aside.unlink()
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    value = path.read_bytes().strip()
    if len(value) < 32:
        raise RuntimeError(f"{path} holds a secret shorter than 32 bytes; delete it to regenerate")
    return value
