"""Stored credentials of mail import (OAuth refresh tokens, PKCE verifiers, IMAP app passwords,
forward-to addresses' PDF passwords): AES-256-GCM under a key derived from the server secret,
each bound to the row it belongs to, so a database dump alone reveals none of them and a sealed
value copied onto another row does not open."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.accounts.secret import derive_key
from core.errors import InternalError
from core.settings import Settings

_PURPOSE = "mail-credential-v1"


def seal(secret: str, settings: Settings, *, context: str) -> str:
    """``secret`` encrypted and bound to ``context`` (the row's id)."""
    nonce = os.urandom(12)
    box = AESGCM(derive_key(settings, _PURPOSE)).encrypt(nonce, secret.encode(), context.encode())
    return base64.urlsafe_b64encode(nonce + box).decode()


def unseal(sealed: str, settings: Settings, *, context: str) -> str:
    """The secret sealed by :func:`seal`; ``InternalError`` when the server secret changed or the
    value was altered."""
    raw = base64.urlsafe_b64decode(sealed.encode())
    try:
        plain = AESGCM(derive_key(settings, _PURPOSE)).decrypt(raw[:12], raw[12:], context.encode())
    except Exception:
        raise InternalError(
            "A stored mail credential could not be decrypted: the server secret changed since "
            "it was stored. Connect the mailbox again."
        ) from None
    return plain.decode()
