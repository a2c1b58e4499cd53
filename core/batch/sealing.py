"""Passwords of batch documents at rest: sealed with AES-GCM under a key derived from the
server secret, so a database dump alone does not reveal them. They are wiped when the job ends.
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.accounts.secret import derive_key
from core.settings import Settings

_PURPOSE = "batch-document-password"


def seal(password: str | None, settings: Settings, *, context: str) -> str | None:
    """``password`` encrypted and bound to ``context`` (the item id), or ``None``."""
    if not password:
        return None
    nonce = os.urandom(12)
    box = AESGCM(derive_key(settings, _PURPOSE)).encrypt(nonce, password.encode(), context.encode())
    return base64.urlsafe_b64encode(nonce + box).decode()


def unseal(sealed: str | None, settings: Settings, *, context: str) -> str | None:
    """The password sealed by :func:`seal` (``ValueError`` if it was tampered with)."""
    if not sealed:
        return None
    raw = base64.urlsafe_b64decode(sealed.encode())
    try:
        plain = AESGCM(derive_key(settings, _PURPOSE)).decrypt(raw[:12], raw[12:], context.encode())
    except Exception:
        raise ValueError("the stored password could not be unsealed") from None
    return plain.decode()
