"""The SMTP receiver of the forward-to addresses (aiosmtpd on the server's event loop).

Recipients are accepted only for existing, active addresses (550 otherwise), before any data
is sent; a message over ``inbound_max_message_bytes`` is refused with 552 by aiosmtpd itself.
"""

from __future__ import annotations

import asyncio
import logging
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


async def start_receiver(settings: Settings) -> asyncio.Server | None:
    """The SMTP receiver listening on ``inbound_smtp_host:inbound_smtp_port``, or ``None`` when
    it is switched off."""
    if not settings.inbound_smtp_enabled:
        return None
    handler = InboundHandler(settings)

    def protocol() -> Any:
        return SMTP(
            handler,
            data_size_limit=settings.inbound_max_message_bytes,
            hostname=settings.inbound_email_domain,
            enable_SMTPUTF8=True,
            timeout=60,
        )

    loop = asyncio.get_running_loop()
    return await loop.create_server(
        protocol, settings.inbound_smtp_host, settings.inbound_smtp_port
    )
