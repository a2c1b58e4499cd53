"""Short-lived ``at_`` access tokens, issued from an API key.

A token is ``at_`` + a JWT (HS256, a signing key derived for this purpose only) carrying the
id of the key it came from, a fingerprint of that key's secret (``kv``) and an expiry. It is
checked against that key on every use, so revoking the key kills its tokens at once, and so
does rotating it: the operator key keeps its row when ``CASGATE_BOOTSTRAP_API_KEY`` changes, but
not its fingerprint.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import jwt

from core.accounts.models import ApiKey
from core.accounts.principal import SANDBOX_PRINCIPAL, Principal
from core.accounts.secret import derive_key
from core.accounts.views import AccessTokenView, TokenCheckView
from core.db import session_scope, utcnow
from core.errors import BadRequest, Forbidden, Unauthenticated
from core.settings import Settings, get_settings

ACCESS_TOKEN_PREFIX = "at_"
_AUDIENCE = "casgate:access-token"
_PURPOSE = "casgate access token v1"
_SANDBOX_SUBJECT = "sandbox"
MAX_EXPIRY_MINUTES = 60


def issue_access_token(
    principal: Principal, expiry_minutes: int | None = None, *, settings: Settings | None = None
) -> AccessTokenView:
    """A new token for the principal's key.

    Raises ``BadRequest`` when ``expiry_minutes`` is outside 1..60, and ``Forbidden`` when the
    caller authenticated with an access token or a user JWT: the request is well formed and the
    caller is known (so neither 400 nor 401), but minting tokens needs the API key itself, or a
    leaked short-lived token could renew itself for ever.
    """
    settings = settings or get_settings()
    minutes = MAX_EXPIRY_MINUTES if expiry_minutes is None else expiry_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 60:
        raise BadRequest("expiry_minutes must be an integer from 1 to 60")
    if principal.via_access_token:
        raise Forbidden("An access token cannot be used to create another access token")
    if principal.is_sandbox:
        subject, version = _SANDBOX_SUBJECT, _SANDBOX_SUBJECT
    elif principal.kind == "api_key" and principal.key_id:
        subject, version = principal.key_id, _version_of_key(principal.key_id, settings)
    else:
        raise Forbidden("Access tokens are issued to API keys; call with x-api-key")
    now = utcnow()
    claims = {
        "sub": subject,
        "kv": version,
        "aud": _AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        "jti": secrets.token_hex(8),
    }
    token = jwt.encode(claims, derive_key(settings, _PURPOSE), algorithm="HS256")
    return AccessTokenView(
        access_token=ACCESS_TOKEN_PREFIX + token, token_type="api_key", expires_in=minutes * 60
    )


def verify_access_token(token: str | None, *, settings: Settings | None = None) -> TokenCheckView:
    """Valid with the key's ``masked_api_key``, or not valid with the ``error``. Never raises for a
    bad token; call it without
    authenticating first (the token is the credential being checked)."""
    try:
        principal = principal_from_access_token(token or "", settings=settings)
    except Unauthenticated as exc:
        return TokenCheckView(valid=False, error=exc.message)
    return TokenCheckView(valid=True, masked_api_key=principal.masked_key)


def principal_from_access_token(token: str, *, settings: Settings | None = None) -> Principal:
    """The principal a token stands for; ``Unauthenticated`` with a distinct message when it
    is malformed or forged, expired, or its key was revoked."""
    settings = settings or get_settings()
    if not token.startswith(ACCESS_TOKEN_PREFIX):
        raise Unauthenticated("Invalid token: access tokens start with at_")
    try:
        claims = jwt.decode(
            token[len(ACCESS_TOKEN_PREFIX) :],
            derive_key(settings, _PURPOSE),
            algorithms=["HS256"],
            audience=_AUDIENCE,
            options={"require": ["sub", "exp", "aud", "kv"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("Token has expired") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated("Invalid token") from None
    subject = str(claims["sub"])
    if subject == _SANDBOX_SUBJECT:
        return SANDBOX_PRINCIPAL
    with session_scope(settings) as session:
        row = session.get(ApiKey, subject)
        _check_key_alive(row, settings)
        assert row is not None
        if not hmac.compare_digest(str(claims["kv"]), key_version(row, settings)):
            raise Unauthenticated("Token has been revoked")  # its key was rotated
        return Principal(
            kind="access_token",
            account_id=row.account_id,
            key_id=row.id,
            masked_key=f"{row.mask_head}****{row.mask_tail}",
        )


def key_version(row: ApiKey, settings: Settings) -> str:
    """A fingerprint of the key's current secret hash: it changes when the key is rotated and
    tells a token holder nothing about the key."""
    digest = hmac.new(derive_key(settings, _PURPOSE), row.secret_hash.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _version_of_key(key_id: str, settings: Settings) -> str:
    with session_scope(settings) as session:
        row = session.get(ApiKey, key_id)
        _check_key_alive(row, settings)
        assert row is not None
        return key_version(row, settings)


def _check_key_alive(row: ApiKey | None, settings: Settings) -> None:
    if row is None:
        raise Unauthenticated("Token has been revoked")
    if row.revoked_at is not None or (row.is_bootstrap and not settings.bootstrap_api_key):
        raise Unauthenticated("Token has been revoked")
    if row.expires_at is not None and row.expires_at <= utcnow():
        raise Unauthenticated("Token has expired")
