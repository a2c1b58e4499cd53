"""Authentication: from the credentials of a request to a :class:`Principal`.

Every failure is ``Unauthenticated`` with a message saying which: missing, invalid, expired or
revoked. A genuine key's state is only revealed after its secret checked out.
"""

from __future__ import annotations

import asyncio

from core.accounts.bootstrap import bootstrap_principal, is_bootstrap_key
from core.accounts.keys import find_key_row
from core.accounts.principal import SANDBOX_API_KEY, SANDBOX_PRINCIPAL, Principal
from core.accounts.tokens import ACCESS_TOKEN_PREFIX, principal_from_access_token
from core.accounts.user_tokens import principal_from_user_token
from core.db import session_scope, utcnow
from core.errors import Forbidden, Unauthenticated
from core.settings import Settings, get_settings


def authenticate(
    api_key: str | None,
    bearer: str | None,
    *,
    allow_access_token: bool = True,
    settings: Settings | None = None,
) -> Principal:
    """The caller behind an ``x-api-key`` value and/or an ``Authorization: Bearer`` value.

    ``x-api-key`` may hold an API key, the sandbox key or an ``at_`` access token; the bearer
    value (with or without the ``Bearer`` word) a user JWT or an ``at_`` token. When both are
    sent, ``x-api-key`` wins. With ``allow_access_token=False`` (``/v1/credits``,
    ``/v1/usage*``, ``/v1/token``) a valid access token raises ``Forbidden``.
    """
    settings = settings or get_settings()
    api_key = (api_key or "").strip()
    bearer = _strip_scheme(bearer or "")
    if api_key:
        principal = _from_api_key_header(api_key, settings)
    elif bearer.startswith(ACCESS_TOKEN_PREFIX):
        principal = principal_from_access_token(bearer, settings=settings)
    elif bearer:
        principal = principal_from_user_token(bearer, settings)
    else:
        raise Unauthenticated(
            "Missing credentials: send your API key in the x-api-key header "
            "(or a token in Authorization: Bearer)"
        )
    if principal.via_access_token and not allow_access_token:
        raise Forbidden("Access tokens are not accepted here; use your API key")
    return principal


async def authenticate_async(
    api_key: str | None,
    bearer: str | None,
    *,
    allow_access_token: bool = True,
    settings: Settings | None = None,
) -> Principal:
    """:func:`authenticate` with its database work in a worker thread."""
    return await asyncio.to_thread(
        authenticate, api_key, bearer, allow_access_token=allow_access_token, settings=settings
    )


def authenticate_api_key(key: str, settings: Settings) -> Principal:
    with session_scope(settings) as session:
        row = find_key_row(session, key)
        if row is None:
            raise Unauthenticated("Invalid API key")
        if row.revoked_at is not None:
            raise Unauthenticated("API key has been revoked")
        if row.expires_at is not None and row.expires_at <= utcnow():
            raise Unauthenticated("API key has expired")
        return Principal(
            kind="api_key",
            account_id=row.account_id,
            key_id=row.id,
            masked_key=f"{row.mask_head}****{row.mask_tail}",
        )


def _from_api_key_header(value: str, settings: Settings) -> Principal:
    if value == SANDBOX_API_KEY:
        return SANDBOX_PRINCIPAL
    if is_bootstrap_key(value, settings):
        return bootstrap_principal(settings)
    if value.startswith(ACCESS_TOKEN_PREFIX):
        return principal_from_access_token(value, settings=settings)
    return authenticate_api_key(value, settings)


def _strip_scheme(value: str) -> str:
    value = value.strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    return value
