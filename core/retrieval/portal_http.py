"""An HTTP session with a registrar's or depository's web portal: cookies kept (and exported,
so a session can continue in a later call), a time cap on every request, bounded retries, and a
size cap on every answer.

Retries: a GET is retried when it timed out, the connection failed or the portal answered 5xx;
a POST only when it could not be sent at all (a form that reached the portal is never sent twice:
it may have spent an OTP or queued an e-mail). After the last try the call fails with
``PORTAL_UNAVAILABLE`` (503).

The portal's address comes from the settings, not from a caller; it is still checked like any
outbound URL, so a private or loopback address needs ``CASGATE_ALLOW_PRIVATE_URLS``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from core.addresses import is_public
from core.errors import BadRequest, Code, PayloadTooLarge, ServiceUnavailable
from core.retrieval.html_page import HtmlPage, read_page
from core.settings import Settings

log = logging.getLogger(__name__)

_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) casgate"
_RETRY_PAUSE_SECONDS = 0.25
_MAX_PAGE_BYTES = 2 * 1024 * 1024


def portal_down(portal: str) -> ServiceUnavailable:
    return ServiceUnavailable(
        f"The {portal} portal is not answering; please retry in a few minutes.",
        code=Code.PORTAL_UNAVAILABLE,
    )


async def check_portal_address(base_url: str, portal: str, settings: Settings) -> None:
    """``PORTAL_UNAVAILABLE`` when ``base_url`` is not http(s), or resolves to a private address
    while private targets are not allowed."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServiceUnavailable(
            f"The {portal} portal's base URL is not an http(s) URL.", code=Code.PORTAL_UNAVAILABLE
        )
    if settings.allow_private_urls:
        return
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or 443, type=socket.SOCK_STREAM
        )
    except OSError:
        raise portal_down(portal) from None
    if not found or not all(is_public(str(info[4][0])) for info in found):
        raise ServiceUnavailable(
            f"The {portal} portal's address is not a public one, and "
            "CASGATE_ALLOW_PRIVATE_URLS is off.",
            code=Code.PORTAL_UNAVAILABLE,
        )


class PortalSession:
    """One browser-like session with a portal at ``base_url``."""

    def __init__(
        self,
        base_url: str,
        portal: str,
        settings: Settings,
        *,
        cookies: list[dict[str, str]] | None = None,
    ) -> None:
        self.portal = portal
        self.settings = settings
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(settings.portal_timeout_seconds),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": _USER_AGENT},
            trust_env=False,
        )
        for cookie in cookies or []:
            self._client.cookies.set(
                cookie["name"], cookie["value"], domain=cookie["domain"], path=cookie["path"]
            )

    async def __aenter__(self) -> PortalSession:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    def export_cookies(self) -> list[dict[str, str]]:
        """The session's cookies, to continue it later (they are secrets: seal them)."""
        return [
            {"name": c.name, "value": c.value or "", "domain": c.domain, "path": c.path}
            for c in self._client.cookies.jar
        ]

    def path_of(self, link: str, folder: str) -> str:
        """A link found on a page of ``folder`` as a path the session may follow: relative
        links resolve under ``folder``; an absolute one must stay on the portal's own origin."""
        if "://" in link or link.startswith("//"):
            parts, base = urlsplit(link), self._client.base_url
            if (parts.scheme, parts.netloc) != (base.scheme, base.netloc.decode()):
                raise BadRequest(
                    f"The {self.portal} portal linked to another site; the fetch was stopped.",
                    code=Code.PORTAL_REJECTED,
                )
            return parts.path + (f"?{parts.query}" if parts.query else "")
        return link if link.startswith("/") else f"{folder.rstrip('/')}/{link}"

    async def get(self, path: str, *, max_bytes: int = _MAX_PAGE_BYTES) -> httpx.Response:
        """GET ``path`` (its query string included), retried on timeouts, failed connections
        and 5xx answers."""
        return await self._send("GET", path, retry_any=True, max_bytes=max_bytes)

    async def post_form(self, path: str, form: dict[str, str]) -> httpx.Response:
        """POST ``form`` (url-encoded) to ``path``, retried only when it was never sent."""
        return await self._send("POST", path, retry_any=False, max_bytes=_MAX_PAGE_BYTES, data=form)

    async def page(self, path: str) -> tuple[httpx.Response, HtmlPage]:
        answer = await self.get(path)
        return answer, read_page(answer.text)

    async def _send(
        self, method: str, path: str, *, retry_any: bool, max_bytes: int, **kwargs: Any
    ) -> httpx.Response:
        tries = 1 + self.settings.portal_max_retries
        for attempt in range(1, tries + 1):
            last = attempt == tries
            try:
                answer = await self._once(method, path, max_bytes, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
                if last:
                    raise portal_down(self.portal) from None
            except (httpx.TimeoutException, httpx.TransportError):
                if last or not retry_any:
                    raise portal_down(self.portal) from None
            else:
                if answer.status_code < 500:
                    return answer
                if last or not retry_any:
                    raise portal_down(self.portal)
            # the path only: query strings and forms carry the investor's details
            log.info("%s portal: retrying %s %s", self.portal, method, path.split("?", 1)[0])
            await asyncio.sleep(_RETRY_PAUSE_SECONDS * 2 ** (attempt - 1))
        raise portal_down(self.portal)  # not reached

    async def _once(self, method: str, path: str, max_bytes: int, **kwargs: Any) -> httpx.Response:
        request = self._client.build_request(method, path, **kwargs)
        answer = await self._client.send(request, stream=True)
        try:
            body = bytearray()
            async for chunk in answer.aiter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise PayloadTooLarge(
                        f"The {self.portal} portal sent a file larger than {max_bytes} bytes."
                    )
        finally:
            await answer.aclose()
        answer._content = bytes(body)  # read once, capped; .text and .content work as usual
        return answer
