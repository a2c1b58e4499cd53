"""Stored files encrypted at rest: AES-256-GCM under a key derived from the server secret, each
object bound to its key name (so one stored file cannot be swapped for another).

Whatever the input was (an encrypted statement, or one that never had a password), the local
folder or the bucket only ever holds ciphertext. Objects written before sealing existed (no
``MAGIC`` prefix) are still read as they are.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.errors import InternalError
from core.storage.base import ObjectStore

MAGIC = b"casgate-sealed-v1\n"
_NONCE = 12


class SealedStore:
    """An :class:`ObjectStore` that encrypts on ``put`` and decrypts on ``get``."""

    def __init__(self, inner: ObjectStore, key: bytes) -> None:
        self.inner = inner
        self._aead = AESGCM(key)

    def put(self, key: str, data: bytes) -> None:
        nonce = os.urandom(_NONCE)
        self.inner.put(key, MAGIC + nonce + self._aead.encrypt(nonce, data, key.encode()))

    def get(self, key: str) -> bytes:
        raw = self.inner.get(key)
        if not raw.startswith(MAGIC):
            return raw  # stored before sealing
        body = raw[len(MAGIC) :]
        try:
            return self._aead.decrypt(body[:_NONCE], body[_NONCE:], key.encode())
        except Exception:
            raise InternalError(
                "A stored file could not be decrypted: the server secret changed since it was "
                "stored, or the file was altered."
            ) from None

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)
