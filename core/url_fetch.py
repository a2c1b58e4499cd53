"""Download a ``pdf_url`` safely: http(s) only, size- and time-capped, no private targets.

Every address a host name resolves to is checked (and redirects are followed by hand, each hop
checked again), so a public name pointing at 127.0.0.1 or 169.254.169.254 is refused unless
``allow_private_urls`` is set; the connection then goes to a checked address, never to a second
resolution of the name.

The body is read raw and its ``Content-Encoding`` undone by :class:`CappedDecoder`, which counts
the *decoded* bytes against the size cap as they grow; and at most ``url_fetch_concurrency``
downloads run at once in a process (more answer 429), so a flood of compressed downloads cannot
grow the server's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from .addresses import is_public
from .capped_decoding import SUPPORTED, CappedDecoder
from .errors import BadRequest, Code, PayloadTooLarge, ProcessingTimeout, RateLimited
from .settings import Settings, get_settings

MAX_REDIRECTS = 5
_HEADERS = {"Accept-Encoding": ", ".join(SUPPORTED)}
#: the codes of a URL refused before any request, and of a download that went wrong
REFUSED = Code.PDF_URL_REFUSED
FAILED = Code.PDF_URL_FAILED


class _Slots:
    """Downloads in progress in this process (the server's event loop and batch threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.busy = 0

    @contextlib.contextmanager
    def taken(self, bound: int) -> Iterator[None]:
        with self._lock:
            if self.busy >= bound:
                raise RateLimited(
                    f"{bound} pdf_url downloads are already in progress; try again shortly.",
                    retry_after=1,
                )
            self.busy += 1
        try:
            yield
        finally:
            with self._lock:
                self.busy -= 1


_slots = _Slots()


async def _resolve(url: str, settings: Settings) -> list[str]:
    """The addresses ``url``'s host resolves to, IPv4 first, each checked to be public
    (unless ``allow_private_urls``). The download then connects to these very addresses, so a
    name that resolves differently a moment later (DNS rebinding) cannot redirect it."""
    return await resolve_checked(url, allow_private=settings.allow_private_urls)


async def resolve_checked(
    url: str,
    *,
    allow_private: bool,
    label: str = "pdf_url",
    refused: Code = REFUSED,
    failed: Code = FAILED,
) -> list[str]:
    """The addresses ``url``'s host resolves to, IPv4 first, every one public unless
    ``allow_private``; else ``BadRequest`` naming ``label`` (with code ``refused`` for a URL
    that is not allowed, ``failed`` for a host that does not resolve). Connect to these very
    addresses (see :func:`pinned`), never to a second resolution of the name."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BadRequest(f"{label} must be an http or https URL.", code=refused)
    host = parts.hostname
    if not host:
        raise BadRequest(f"{label} has no host.", code=refused)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise BadRequest(f"{label} has an invalid port.", code=refused) from None
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise BadRequest(f"{label} host {host!r} does not resolve.", code=failed) from None
    addresses = sorted({str(info[4][0]) for info in infos}, key=lambda a: (":" in a, a))
    if not addresses:
        raise BadRequest(f"{label} host {host!r} does not resolve.", code=failed)
    if not allow_private and not all(is_public(a) for a in addresses):
        raise BadRequest(
            f"{label} points to a private, loopback or link-local address, which is not allowed.",
            code=refused,
        )
    return addresses


def pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, Any]]:
    """``url`` aimed at ``address``, with what keeps it the same request: the ``Host``
    header, and for https the host name for SNI and certificate checks."""
    parts = urlsplit(url)
    userinfo, _, hostport = parts.netloc.rpartition("@")
    literal = f"[{address}]" if ":" in address else address
    netloc = literal + (f":{parts.port}" if parts.port else "")
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return urlunsplit(parts._replace(netloc=netloc)), {"Host": hostport}, extensions


async def fetch_pdf(url: str, settings: Settings | None = None) -> bytes:
    """The bytes at ``url``, or ``BadRequest`` / ``PayloadTooLarge`` / ``ProcessingTimeout``."""
    settings = settings or get_settings()
    with _slots.taken(settings.url_fetch_concurrency):
        return await _fetch(url, settings)


async def _fetch(url: str, settings: Settings) -> bytes:
    deadline = time.monotonic() + settings.url_fetch_timeout_seconds
    timeout = httpx.Timeout(settings.url_fetch_timeout_seconds)
    async with httpx.AsyncClient(
        follow_redirects=False, timeout=timeout, trust_env=False
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            addresses = await _resolve(url, settings)
            try:
                async with asyncio.timeout(max(0.1, deadline - time.monotonic())):
                    location = await _get(client, url, addresses, settings.max_upload_bytes)
            except TimeoutError:
                raise ProcessingTimeout("Downloading pdf_url took too long.") from None
            except httpx.TimeoutException:
                raise ProcessingTimeout("Downloading pdf_url took too long.") from None
            except httpx.HTTPError as exc:
                raise BadRequest(
                    f"pdf_url could not be downloaded ({type(exc).__name__}).", code=FAILED
                ) from None
            if isinstance(location, bytes):
                return location
            url = urljoin(url, location)
        raise BadRequest("pdf_url redirected too many times.", code=FAILED)


async def _get(
    client: httpx.AsyncClient, url: str, addresses: list[str], limit: int
) -> bytes | str:
    """One hop: the body, or where it redirects. Tries the checked addresses in turn until one
    accepts the connection."""
    for address in addresses[:-1]:
        try:
            return await _get_from(client, url, address, limit)
        except httpx.ConnectError:
            continue
    return await _get_from(client, url, addresses[-1], limit)


async def _get_from(client: httpx.AsyncClient, url: str, address: str, limit: int) -> bytes | str:
    target, headers, extensions = pinned(url, address)
    headers.update(_HEADERS)
    async with client.stream("GET", target, headers=headers, extensions=extensions) as response:
        return await _read(response, limit)


async def _read(response: httpx.Response, limit: int) -> bytes | str:
    if response.is_redirect:
        location = response.headers.get("location")
        if not location:
            raise BadRequest("pdf_url redirected without a location.", code=FAILED)
        return str(location)
    if response.status_code != 200:
        raise BadRequest(
            f"pdf_url answered HTTP {response.status_code}; expected 200.", code=FAILED
        )
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"pdf_url's file is {declared} bytes; the limit is {limit}.")
    decoder = CappedDecoder(response.headers.get("content-encoding", ""), limit)
    async for chunk in response.aiter_raw():
        decoder.feed(chunk)
    return decoder.body()
