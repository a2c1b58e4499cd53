"""Webhook signing secrets: made in the Standard Webhooks format (``whsec_`` + base64 of 32
random bytes), stored sealed with AES-GCM under a key derived from the server secret and bound
to their endpoint, so a database dump alone reveals none and a sealed secret cannot be moved to
another endpoint. They are shown to the client once and never logged."""

from __future__ import annotations

import base64
import os
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.accounts.secret import derive_key
from core.errors import InternalError
from core.settings import Settings

PREFIX = "whsec_"
_PURPOSE = "webhook-signing-secret"
_NONCE = 12


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def seal_secret(secret: str, settings: Settings, *, endpoint_id: str) -> str:
    nonce = os.urandom(_NONCE)
    box = AESGCM(derive_key(settings, _PURPOSE)).encrypt(
        nonce, secret.encode(), endpoint_id.encode()
    )
    return base64.urlsafe_b64encode(nonce + box).decode()


def open_secret(sealed: str, settings: Settings, *, endpoint_id: str) -> str:
    raw = base64.urlsafe_b64decode(sealed.encode())
    try:
        plain = AESGCM(derive_key(settings, _PURPOSE)).decrypt(
            raw[:_NONCE], raw[_NONCE:], endpoint_id.encode()
        )
    except Exception:
        raise InternalError(
            "A webhook secret could not be decrypted: the server secret (CASGATE_JWT_SECRET or "
            "the data folder) changed since it was created; rotate the webhook's secret."
        ) from None
    return plain.decode()
