"""The SMTP receiver of the forward-to addresses (aiosmtpd on the server's event loop).

Recipients are accepted only for existing, active addresses (550 otherwise), before any data
is sent; a message over ``inbound_max_message_bytes`` is refused with 552 by aiosmtpd itself.
With a certificate and key configured the receiver offers STARTTLS (sending MTAs encrypt
opportunistically); ``inbound_smtp_require_tls`` refuses mail sent in clear.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from core.settings import Settings

from .received import address_for, receive

log = logging.getLogger(__name__)


class InboundHandler:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        row = await asyncio.to_thread(address_for, self._settings, address)
        if row is None:
            return "550 5.1.1 No such address here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode()
        try:
            await receive(raw, list(envelope.rcpt_tos), settings=self._settings)
        except Exception:
            # the sender may retry later; never a stack trace on the wire
            log.exception("inbound e-mail could not be stored")
            return "451 4.3.0 The message could not be stored; try again later"
        return "250 Message accepted"


def tls_context(settings: Settings) -> ssl.SSLContext | None:
    """The server-side TLS context STARTTLS uses, from the configured certificate and key
    (``None`` when neither is set); a half or unreadable configuration stops the start-up
    with a message naming the settings."""
    cert, key = settings.inbound_smtp_tls_cert_file, settings.inbound_smtp_tls_key_file
    if not cert and not key:
        if settings.inbound_smtp_require_tls:
            raise ValueError(
                "inbound_smtp_require_tls needs inbound_smtp_tls_cert_file and "
                "inbound_smtp_tls_key_file"
            )
        return None
    if not cert or not key:
        raise ValueError(
            "STARTTLS needs both inbound_smtp_tls_cert_file and inbound_smtp_tls_key_file"
        )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(
            "inbound_smtp_tls_cert_file / inbound_smtp_tls_key_file could not be loaded "
            f"({type(exc).__name__})"
        ) from None
    return context


async def start_receiver(settings: Settings) -> asyncio.Server | None:
    """The SMTP receiver listening on ``inbound_smtp_host:inbound_smtp_port``, or ``None`` when
    it is switched off. It offers STARTTLS when a certificate and key are configured (and
    insists on it with ``inbound_smtp_require_tls``)."""
    if not settings.inbound_smtp_enabled:
        return None
    handler = InboundHandler(settings)
    context = tls_context(settings)

    def protocol() -> Any:
        return SMTP(
            handler,
            data_size_limit=settings.inbound_max_message_bytes,
            hostname=settings.inbound_email_domain,
            enable_SMTPUTF8=True,
            tls_context=context,
            require_starttls=settings.inbound_smtp_require_tls,
            timeout=60,
        )

    loop = asyncio.get_running_loop()
    return await loop.create_server(
        protocol, settings.inbound_smtp_host, settings.inbound_smtp_port
    )
