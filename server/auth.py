"""Who may call what, and how callers are recognised.

Every casgate method has an access policy; the authenticator turns the call's headers into a
principal or raises ``Unauthenticated``.
"""

from __future__ import annotations

import enum
from typing import Protocol

from core.accounts import Principal, RateLimiter, authenticate_async, enforce_rate_limit
from core.settings import Settings


class Access(enum.Enum):
    #: no credentials needed
    PUBLIC = "public"
    #: no credentials needed, but credentials that are sent are checked (the method may offer
    #: more to a known caller)
    OPTIONAL = "optional"
    #: an API key, an ``at_`` access token, or a user's Bearer JWT
    CLIENT = "client"
    #: an API key or a user's JWT; ``at_`` access tokens are refused
    NO_ACCESS_TOKEN = "no_access_token"


#: methods anyone may call; the gateway lets requests for them through without credentials
PUBLIC_METHODS = frozenset(
    {
        "/casgate.v1.StatusService/GetServiceInfo",
        "/casgate.v1.StatusService/GetStatus",
        "/casgate.v1.StatusService/WatchStatus",
        "/casgate.v1.StatusService/GetHealth",
        "/casgate.v1.AccountService/Register",
        "/casgate.v1.AccountService/Login",
        "/casgate.v1.AccountService/RefreshToken",
        # reads the token to verify from x-api-key itself and answers {"valid": false} for bad ones
        "/casgate.v1.AccountService/VerifyAccessToken",
    }
)

#: public methods that still read the caller's credentials when sent
_OPTIONAL = {"/casgate.v1.StatusService/WatchStatus"}

_NO_ACCESS_TOKEN = {
    "/casgate.v1.AccountService/GetCredits",
    "/casgate.v1.AccountService/ListUsage",
    "/casgate.v1.AccountService/SummarizeUsage",
    "/casgate.v1.AccountService/CreateAccessToken",
}


def policy_for(method: str) -> Access:
    """The access policy of a full gRPC method name."""
    if method in _OPTIONAL:
        return Access.OPTIONAL
    if method in PUBLIC_METHODS:
        return Access.PUBLIC
    if method in _NO_ACCESS_TOKEN:
        return Access.NO_ACCESS_TOKEN
    return Access.CLIENT


def credentials_from(metadata: dict[str, str]) -> tuple[str | None, str | None]:
    """The ``x-api-key`` and the Bearer token of a call, if present."""
    api_key = metadata.get("x-api-key") or None
    authorization = metadata.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return api_key, bearer


class Authenticator(Protocol):
    async def authenticate(
        self, metadata: dict[str, str], access: Access, *, client: str | None = None
    ) -> Principal | None:
        """The caller's principal; None for public methods (they may still read credentials)."""
        ...


class StoreAuthenticator:
    """Credentials checked against the account store, then the caller's rate limit."""

    def __init__(self, settings: Settings, limiter: RateLimiter) -> None:
        self._settings = settings
        self._limiter = limiter

    async def authenticate(
        self, metadata: dict[str, str], access: Access, *, client: str | None = None
    ) -> Principal | None:
        api_key, bearer = credentials_from(metadata)
        if access is Access.PUBLIC or (access is Access.OPTIONAL and not (api_key or bearer)):
            return None
        principal = await authenticate_async(
            api_key,
            bearer,
            allow_access_token=access is not Access.NO_ACCESS_TOKEN,
            settings=self._settings,
        )
        await enforce_rate_limit(principal, self._limiter, self._settings, client=client)
        return principal
