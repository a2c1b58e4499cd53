"""A retrieval session's secrets at rest: JSON sealed with AES-GCM under a key derived from the
server secret and bound to the session's id (one session's state never opens as another's)."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.accounts.secret import derive_key
from core.errors import SessionExpired
from core.settings import Settings

_PURPOSE = "retrieval-session-state"


def seal_state(state: dict[str, Any], settings: Settings, *, session_id: str) -> str:
    nonce = os.urandom(12)
    plain = json.dumps(state, separators=(",", ":")).encode()
    box = AESGCM(derive_key(settings, _PURPOSE)).encrypt(nonce, plain, session_id.encode())
    return base64.urlsafe_b64encode(nonce + box).decode()


def unseal_state(sealed: str, settings: Settings, *, session_id: str) -> dict[str, Any]:
    """The state sealed by :func:`seal_state`; ``SESSION_EXPIRED`` when it cannot be opened (the
    server secret changed since), since the only way on is a new session."""
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        plain = AESGCM(derive_key(settings, _PURPOSE)).decrypt(
            raw[:12], raw[12:], session_id.encode()
        )
        state: dict[str, Any] = json.loads(plain)
    except Exception:
        raise SessionExpired(
            "The fetch session can no longer be read; please start a new fetch."
        ) from None
    return state
