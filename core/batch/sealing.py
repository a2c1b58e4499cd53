"""Passwords of batch documents at rest: sealed with AES-GCM under a key derived from the
server secret, so a database dump alone does not reveal them. They are wiped when the job ends.
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.accounts.secret import derive_key
from core.errors import InternalError
from core.settings import Settings

_PURPOSE = "batch-document-password"


class SealBroken(InternalError):
    """A sealed password that this server's secret cannot open: retrying will not help."""


def seal(password: str | None, settings: Settings, *, context: str) -> str | None:
    """``password`` encrypted and bound to ``context`` (the item id), or ``None``."""
    if not password:
        return None
    nonce = os.urandom(12)
    box = AESGCM(derive_key(settings, _PURPOSE)).encrypt(nonce, password.encode(), context.encode())
    return base64.urlsafe_b64encode(nonce + box).decode()


def unseal(sealed: str | None, settings: Settings, *, context: str) -> str | None:
    """The password sealed by :func:`seal`; ``SealBroken`` if it was tampered with or the
    server secret changed since it was sealed."""
    if not sealed:
        return None
    raw = base64.urlsafe_b64decode(sealed.encode())
    try:
        plain = AESGCM(derive_key(settings, _PURPOSE)).decrypt(raw[:12], raw[12:], context.encode())
    except Exception:
        raise SealBroken(
            "The document's stored password could not be decrypted: the server secret "
            "(CASGATE_JWT_SECRET or the data folder) changed since the batch started."
        ) from None
    return plain.decode()
