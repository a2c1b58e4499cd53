"""One HTTP attempt of a delivery: signed, aimed at a checked address, time-capped.

The URL is checked again at every attempt (its host may resolve elsewhere since the webhook
was created: DNS rebinding) and the connection goes to the checked address itself. Redirects
are not followed (a 3xx is a failed attempt); of the answer only the status and
``Retry-After`` count, and at most 64 KiB of its body is read (to reuse the connection).
"""

from __future__ import annotations

import asyncio
import time

import httpx

from core.db import utcnow
from core.errors import BadRequest, Code
from core.settings import Settings
from core.url_fetch import pinned, resolve_checked
from core.webhooks.claims import AttemptResult, Claimed
from core.webhooks.schedule import parse_retry_after
from core.webhooks.secrets import open_secret
from core.webhooks.signing import signed_headers


def signing_secrets(settings: Settings, claimed: Claimed) -> list[str]:
    """The current secret, then the previous one while the rotation's overlap lasts."""
    found = [open_secret(claimed.secret_enc, settings, endpoint_id=claimed.endpoint_id)]
    if (
        claimed.previous_secret_enc
        and claimed.previous_until is not None
        and claimed.previous_until > utcnow()
    ):
        found.append(
            open_secret(claimed.previous_secret_enc, settings, endpoint_id=claimed.endpoint_id)
        )
    return found


async def check_webhook_url(url: str, settings: Settings) -> list[str]:
    """The checked addresses of ``url``; ``BadRequest`` for a URL the SSRF guard refuses."""
    return await resolve_checked(
        url,
        allow_private=settings.webhook_allow_private_urls,
        label="webhook url",
        refused=Code.BAD_REQUEST,
        failed=Code.BAD_REQUEST,
    )


#: an answer's body is read (and dropped) up to this size, so its connection can be reused;
#: a longer one is not read further and its connection is closed
_KEEP_ALIVE_BODY = 64 * 1024


async def _drain_small(response: httpx.Response) -> None:
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read > _KEEP_ALIVE_BODY:
            return


async def _post(
    client: httpx.AsyncClient, url: str, addresses: list[str], headers: dict[str, str], body: bytes
) -> httpx.Response:
    for index, address in enumerate(addresses):
        target, host, extensions = pinned(url, address)
        try:
            async with client.stream(
                "POST",
                target,
                content=body,
                headers={**headers, **host},
                extensions=extensions,
            ) as response:
                await _drain_small(response)
                return response
        except httpx.ConnectError:
            if index == len(addresses) - 1:
                raise
    raise httpx.ConnectError("no address to connect to")


async def attempt(client: httpx.AsyncClient, settings: Settings, claimed: Claimed) -> AttemptResult:
    """Send ``claimed`` once; never raises for what the receiver or the network does."""
    started = utcnow()
    begin = time.monotonic()
    body = claimed.body.encode()
    code, error, retry_after = 0, None, None
    try:
        secrets = signing_secrets(settings, claimed)
        headers = signed_headers(secrets, claimed.message_id, int(time.time()), body)
        async with asyncio.timeout(settings.webhook_timeout_seconds):
            addresses = await check_webhook_url(claimed.url, settings)
            response = await _post(client, claimed.url, addresses, headers, body)
        code = response.status_code
        if not 200 <= code < 300:
            error = f"the receiver answered HTTP {code}"
            retry_after = parse_retry_after(response.headers.get("retry-after"))
    except BadRequest as refused:
        error = refused.message
    except (TimeoutError, httpx.TimeoutException):
        error = f"no answer within {settings.webhook_timeout_seconds:g} s"
    except httpx.HTTPError as exc:
        error = f"the request failed ({type(exc).__name__})"
    except Exception as exc:  # a sealed secret the server cannot open, say: retried like others
        error = f"the delivery could not be sent ({type(exc).__name__})"
    latency = (time.monotonic() - begin) * 1000
    return AttemptResult(started, code, round(latency, 2), error, retry_after)
