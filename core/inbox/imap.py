"""Any mailbox over IMAP4rev1 with implicit TLS (RFC 8314), logged in with an app password.

The host is the user's: it is resolved and checked like a ``pdf_url`` (private and loopback
addresses refused unless ``allow_private_urls``), and the connection goes to the very address
that was checked, with the host name for SNI and the certificate check. Messages are read with
``BODY.PEEK[]`` (nothing is marked read); UIDs are used only inside one session, never stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import imaplib
import socket
import ssl
from dataclasses import dataclass
from datetime import date, timedelta

from core.addresses import is_public
from core.errors import BadRequest, ServiceUnavailable
from core.settings import Settings

from .http import ReconnectRequired
from .messages import FoundAttachment, pdf_attachments


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    user: str
    password: str


def _tls(settings: Settings) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=settings.inbox_imap_ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class _PinnedImap(imaplib.IMAP4_SSL):
    """IMAP over TLS to one checked address, verified against the host name."""

    def __init__(self, address: str, hostname: str, port: int, settings: Settings) -> None:
        self._address = address
        self._hostname = hostname
        super().__init__(
            hostname,
            port,
            ssl_context=_tls(settings),
            timeout=settings.inbox_http_timeout_seconds,
        )

    def _create_socket(self, timeout: float | None) -> ssl.SSLSocket:
        sock = socket.create_connection((self._address, self.port), timeout)
        wrapped: ssl.SSLSocket = self.ssl_context.wrap_socket(sock, server_hostname=self._hostname)
        return wrapped


def _address(account: ImapAccount, settings: Settings) -> str:
    if not account.host or not 0 < account.port < 65536:
        raise BadRequest("imap needs host and a port between 1 and 65535.")
    try:
        infos = socket.getaddrinfo(account.host, account.port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise BadRequest(f"The IMAP host {account.host!r} does not resolve.") from None
    addresses = sorted({str(info[4][0]) for info in infos}, key=lambda a: (":" in a, a))
    if not settings.allow_private_urls and not all(is_public(a) for a in addresses):
        raise BadRequest("The IMAP host is a private, loopback or link-local address.")
    return addresses[0]


def _open(account: ImapAccount, settings: Settings) -> imaplib.IMAP4_SSL:
    address = _address(account, settings)
    try:
        imap = _PinnedImap(address, account.host, account.port, settings)
    except ssl.SSLError as error:
        raise BadRequest(f"The IMAP server's TLS could not be verified: {error.reason}.") from None
    except OSError as error:
        raise ServiceUnavailable(
            f"The IMAP server could not be reached ({error.strerror})."
        ) from None
    try:
        imap.login(account.user, account.password)
    except imaplib.IMAP4.error:
        imap.shutdown()
        raise ReconnectRequired(
            "The IMAP server refused the user name or app password; connect the inbox again "
            "with a valid app password."
        ) from None
    return imap


def _search(senders: list[str], start: date, end: date) -> list[str]:
    """``SINCE start BEFORE end+1`` and any of the senders (``OR`` is binary in IMAP)."""
    criteria = ["FROM", f'"{senders[-1]}"']
    for sender in reversed(senders[:-1]):
        criteria = ["OR", "FROM", f'"{sender}"', *criteria]
    return [
        "SINCE",
        start.strftime("%d-%b-%Y"),
        "BEFORE",
        (end + timedelta(days=1)).strftime("%d-%b-%Y"),
        *criteria,
    ]


def _find(
    account: ImapAccount, settings: Settings, senders: list[str], start: date, end: date, limit: int
) -> list[FoundAttachment]:
    imap = _open(account, settings)
    try:
        status, _ = imap.select("INBOX", readonly=True)
        if status != "OK":
            raise ServiceUnavailable("The IMAP server would not open INBOX.")
        status, data = imap.uid("SEARCH", *_search(senders, start, end))
        if status != "OK":
            raise ServiceUnavailable("The IMAP server refused the search.")
        found: list[FoundAttachment] = []
        for uid in (data[0] or b"").split():
            status, parts = imap.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")
            if status == "OK" and raw:
                found += pdf_attachments(raw)
            if len(found) >= limit:
                break
        return found[:limit]
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()


def _check(account: ImapAccount, settings: Settings) -> None:
    _open(account, settings).logout()


async def check_login(account: ImapAccount, settings: Settings) -> None:
    """Log in and out; ``ReconnectRequired`` for refused credentials, ``BadRequest`` for a
    refused host or TLS, ``ServiceUnavailable`` when the server cannot be reached."""
    await asyncio.to_thread(_check, account, settings)


async def find(
    account: ImapAccount, settings: Settings, senders: list[str], start: date, end: date, limit: int
) -> list[FoundAttachment]:
    """PDF attachments of INBOX messages from ``senders`` received from ``start`` to ``end``;
    ``ServiceUnavailable`` when the server drops the session or times out midway."""
    try:
        return await asyncio.to_thread(_find, account, settings, senders, start, end, limit)
    except (imaplib.IMAP4.error, OSError) as error:
        raise ServiceUnavailable(
            f"The IMAP server failed during the search ({type(error).__name__}); try again."
        ) from None
