"""Calls to the mail providers' HTTP APIs: a time cap on each, bounded retries of what a retry
can fix (connection failures, 429, 5xx), and the provider's refusals turned into clear errors."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from core.errors import Code, ServiceUnavailable, Unauthenticated
from core.settings import Settings

_RETRY_STATUSES = {429, 500, 502, 503, 504}

RECONNECT = (
    "The mailbox connection is no longer valid: the access was revoked or has expired at the "
    "provider. Connect the inbox again (POST /v4/inbox/connect)."
)


class ReconnectRequired(Unauthenticated):
    """The provider no longer honours the stored grant: the user must connect again."""

    def __init__(self, message: str = RECONNECT) -> None:
        super().__init__(message, code=Code.UNAUTHENTICATED)


def client(settings: Settings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=settings.inbox_http_timeout_seconds, follow_redirects=False, trust_env=False
    )


async def request(
    http: httpx.AsyncClient, settings: Settings, method: str, url: str, **kwargs: Any
) -> httpx.Response:
    """``method url``, retried up to ``settings.inbox_http_retries`` times (backoff doubling
    from 0.2 s) on connection errors, 429 and 5xx; ``ServiceUnavailable`` when it still fails."""
    attempts = max(0, settings.inbox_http_retries) + 1
    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            response = await http.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            if last:
                raise ServiceUnavailable(
                    f"The mail provider could not be reached ({type(error).__name__})."
                ) from None
        else:
            if response.status_code not in _RETRY_STATUSES or last:
                return response
        await asyncio.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")


def checked(response: httpx.Response, what: str) -> Any:
    """The JSON body of a successful provider answer; ``ReconnectRequired`` for 401,
    ``ServiceUnavailable`` for the rest."""
    if response.status_code == 401:
        raise ReconnectRequired()
    if response.status_code >= 400:
        raise ServiceUnavailable(f"The mail provider refused {what} (HTTP {response.status_code}).")
    try:
        return response.json()
    except ValueError:
        raise ServiceUnavailable(
            f"The mail provider answered {what} with a body that is not JSON."
        ) from None
