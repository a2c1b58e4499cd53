"""Who may call what, and how callers are recognised.

Every casgate method states its access policy as the ``(casgate.v1.access)`` option in its proto
(``proto/casgate/v1/options.proto``); the authenticator turns the call's headers into a principal
or raises ``Unauthenticated``.
"""

from __future__ import annotations

import enum
from functools import cache
from typing import Protocol

from casgate.v1 import options_pb2
from core.accounts import Principal, RateLimiter, authenticate_async, enforce_rate_limit
from core.errors import Forbidden
from core.settings import Settings

from . import contract


class Access(enum.IntEnum):
    """A method's access policy: the ``(casgate.v1.access)`` option of its proto."""

    #: no credentials needed
    PUBLIC = options_pb2.ACCESS_PUBLIC
    #: no credentials needed, but credentials that are sent are checked (the method may offer
    #: more to a known caller)
    OPTIONAL = options_pb2.ACCESS_OPTIONAL
    #: an API key, an ``at_`` access token, or a user's Bearer JWT
    CLIENT = options_pb2.ACCESS_CLIENT
    #: an API key or a user's JWT; ``at_`` access tokens are refused
    NO_ACCESS_TOKEN = options_pb2.ACCESS_NO_ACCESS_TOKEN


@cache
def policy_for(method: str) -> Access:
    """The access policy of a full gRPC method name, read from its descriptor.

    Fails closed: a method the protos lack, or one without the option, is refused (403) rather
    than given a default, so a renamed or new RPC cannot slip past authentication.
    """
    descriptor = contract.method_named(method)
    level = contract.access_of(descriptor) if descriptor is not None else 0
    try:
        return Access(level)
    except ValueError:
        raise Forbidden(f"{method} states no access policy") from None


def public_methods() -> list[str]:
    """Methods anyone may call (``/pkg.Service/Method``): the gateway lets requests for them
    through without credentials."""
    return [
        f"/{service.full_name}/{method.name}"
        for service in contract.services()
        for method in service.methods
        if contract.access_of(method) in (Access.PUBLIC, Access.OPTIONAL)
    ]


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
