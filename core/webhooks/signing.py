"""The two signatures of a delivery.

* ``X-Webhook-Signature``: hex HMAC-SHA256 of the raw body, keyed with the secret string as
  shown (the extraction API reference's scheme). It signs no time, so a receiver cannot tell a
  replay from a retry; it is kept for compatibility.
* Standard Webhooks (https://www.standardwebhooks.com): ``webhook-id``, ``webhook-timestamp``
  (Unix seconds of the attempt) and ``webhook-signature: v1,<base64 HMAC-SHA256 of
  "{id}.{timestamp}.{body}">``, keyed with the base64-decoded part of ``whsec_…``. Several
  signatures are separated by spaces (the new and the previous secret during a rotation).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from core.webhooks.secrets import PREFIX


def hex_signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _standard_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def standard_signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_standard_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(
    secrets: Sequence[str], message_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The headers of one attempt. ``secrets[0]`` is the current secret; a second one (the
    previous secret, during a rotation's overlap) adds its Standard Webhooks signature and an
    ``X-Webhook-Signature-Previous`` header."""
    headers = {
        "content-type": "application/json",
        "user-agent": "casgate-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            standard_signature(secret, message_id, timestamp, body) for secret in secrets
        ),
        "x-webhook-signature": hex_signature(secrets[0], body),
    }
    if len(secrets) > 1:
        headers["x-webhook-signature-previous"] = hex_signature(secrets[1], body)
    return headers
