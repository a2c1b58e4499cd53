"""Download a ``pdf_url`` safely: http(s) only, size- and time-capped, no private targets.

Every address a host name resolves to is checked (and redirects are followed by hand, each hop
checked again), so a public name pointing at 127.0.0.1 or 169.254.169.254 is refused unless
``allow_private_urls`` is set.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import httpx

from .errors import BadRequest, PayloadTooLarge, ProcessingTimeout
from .settings import Settings, get_settings

MAX_REDIRECTS = 5


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


async def _check_target(url: str, settings: Settings) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BadRequest("pdf_url must be an http or https URL.")
    host = parts.hostname
    if not host:
        raise BadRequest("pdf_url has no host.")
    if settings.allow_private_urls:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise BadRequest("pdf_url has an invalid port.") from None
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise BadRequest(f"pdf_url host {host!r} does not resolve.") from None
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(_is_public(a) for a in addresses):
        raise BadRequest(
            "pdf_url points to a private, loopback or link-local address, which is not allowed."
        )


async def fetch_pdf(url: str, settings: Settings | None = None) -> bytes:
    """The bytes at ``url``, or ``BadRequest`` / ``PayloadTooLarge`` / ``ProcessingTimeout``."""
    settings = settings or get_settings()
    limit = settings.max_upload_bytes
    deadline = time.monotonic() + settings.url_fetch_timeout_seconds
    timeout = httpx.Timeout(settings.url_fetch_timeout_seconds)
    async with httpx.AsyncClient(
        follow_redirects=False, timeout=timeout, trust_env=False
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            await _check_target(url, settings)
            try:
                async with asyncio.timeout(max(0.1, deadline - time.monotonic())):
                    async with client.stream("GET", url) as response:
                        if response.is_redirect:
                            location = response.headers.get("location")
                            if not location:
                                raise BadRequest("pdf_url redirected without a location.")
                            url = urljoin(url, location)
                            continue
                        if response.status_code != 200:
                            raise BadRequest(
                                f"pdf_url answered HTTP {response.status_code}; expected 200."
                            )
                        declared = response.headers.get("content-length")
                        if declared and declared.isdigit() and int(declared) > limit:
                            raise PayloadTooLarge(
                                f"pdf_url's file is {declared} bytes; the limit is {limit}."
                            )
                        body = bytearray()
                        async for chunk in response.aiter_bytes():
                            body += chunk
                            if len(body) > limit:
                                raise PayloadTooLarge(
                                    f"pdf_url's file is larger than the limit of {limit} bytes."
                                )
                        return bytes(body)
            except TimeoutError:
                raise ProcessingTimeout("Downloading pdf_url took too long.") from None
            except httpx.TimeoutException:
                raise ProcessingTimeout("Downloading pdf_url took too long.") from None
            except httpx.HTTPError as exc:
                raise BadRequest(
                    f"pdf_url could not be downloaded ({type(exc).__name__})."
                ) from None
        raise BadRequest("pdf_url redirected too many times.")
