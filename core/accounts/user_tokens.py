"""JWTs of signed-in users: a short access token and a rotating refresh token per session.

Both carry the session id (``sid``); a session row says whether the session was signed out or
revoked for refresh-token reuse, which ends every token of it at once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, Literal

import jwt

from core.accounts.models import User, UserSession
from core.accounts.principal import Principal
from core.accounts.secret import derive_key
from core.accounts.views import TokenPairView
from core.db import session_scope, utcnow
from core.errors import Unauthenticated
from core.settings import Settings

_PURPOSE = "casgate user jwt v1"
_ISSUER = "casgate"
TokenType = Literal["access", "refresh"]


def new_jti() -> str:
    return secrets.token_hex(16)


def encode_pair(
    *, user: User, session: UserSession, settings: Settings, now: datetime | None = None
) -> TokenPairView:
    """Access and refresh tokens of ``session`` (its current jti)."""
    now = now or utcnow()
    access_exp = now + timedelta(minutes=settings.jwt_access_minutes)
    common = {"iss": _ISSUER, "sub": user.id, "sid": session.id, "iat": now}
    access = _encode(
        {**common, "typ": "access", "acc": user.account_id, "jti": new_jti(), "exp": access_exp},
        settings,
    )
    refresh = _encode(
        {**common, "typ": "refresh", "jti": session.refresh_jti, "exp": session.expires_at},
        settings,
    )
    return TokenPairView(
        access_token=access,
        refresh_token=refresh,
        token_type="bearer",
        expires_in=settings.jwt_access_minutes * 60,
    )


def decode(token: str, expected: TokenType, settings: Settings) -> dict[str, Any]:
    """Verified claims of a user token of the expected type, else ``Unauthenticated``."""
    label = "Bearer token" if expected == "access" else "Refresh token"
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            derive_key(settings, _PURPOSE),
            algorithms=["HS256"],
            issuer=_ISSUER,
            options={"require": ["sub", "sid", "typ", "jti", "exp", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated(f"{label} has expired") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated(f"Invalid {label.lower()}") from None
    if claims.get("typ") != expected:
        raise Unauthenticated(f"Invalid {label.lower()}")
    return claims


def principal_from_user_token(token: str, settings: Settings) -> Principal:
    claims = decode(token, "access", settings)
    with session_scope(settings) as db:
        login = db.get(UserSession, str(claims["sid"]))
        if login is None or login.revoked_at is not None:
            raise Unauthenticated("Session has been revoked; sign in again")
        user = db.get(User, str(claims["sub"]))
        if user is None or login.user_id != user.id:
            raise Unauthenticated("Invalid bearer token")
        return Principal(
            kind="user", account_id=user.account_id, user_id=user.id, session_id=login.id
        )


def _encode(claims: dict[str, Any], settings: Settings) -> str:
    return jwt.encode(claims, derive_key(settings, _PURPOSE), algorithm="HS256")
