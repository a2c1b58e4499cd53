"""Mail received at a forward-to address: its PDF statements kept, optionally parsed with the
address's password, and announced by the signed webhook ``inbound_email.received``.

A forwarded statement's own sender is found where forwarding puts it: the From of an attached
original (``message/rfc822``), else a ``From:`` line quoting a known sender in the text, else the
e-mail's own From.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from email.message import EmailMessage
from typing import Any

from sqlmodel import col, select

from core.accounts.principal import Principal
from core.db import session_scope
from core.inbox import files
from core.inbox.messages import FoundAttachment, parse_message, pdf_attachments, sender_address
from core.inbox.models import MailFile
from core.inbox.sealing import unseal
from core.inbox.senders import cas_type_of
from core.inbox.views import MailFilesView
from core.settings import Settings, get_settings
from core.webhooks.events import INBOUND_EMAIL_RECEIVED
from core.webhooks.outbox import record_event

from .addresses import email_of, owned_address
from .models import InboundAddress

_QUOTED_FROM = re.compile(r"^\s*>?\s*From:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def original_sender(message: EmailMessage) -> str:
    """The address that first sent the (possibly forwarded) ``message``."""
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner and not isinstance(inner[0], str):
                return sender_address(str(inner[0].get("From", "") or ""))
    for part in message.walk():
        if part.get_content_type() != "text/plain":
            continue
        text = str(part.get_content())
        for quoted in _QUOTED_FROM.findall(text):
            address = sender_address(quoted)
            if cas_type_of(address):
                return address
    return sender_address(str(message.get("From", "") or ""))


def address_for(settings: Settings, recipient: str) -> InboundAddress | None:
    """The active address ``recipient`` names, or ``None``."""
    local, _, domain = recipient.strip().lower().rpartition("@")
    if domain != settings.inbound_email_domain.lower() or not local:
        return None
    with session_scope(settings) as session:
        row = session.exec(
            select(InboundAddress).where(col(InboundAddress.local_part) == local)
        ).first()
    return row if row is not None and row.status == "active" else None


def _announce(settings: Settings, row: InboundAddress, data: dict[str, Any]) -> None:
    """Queue the signed ``inbound_email.received`` event for the address's account (its
    webhooks subscribed to it get it, signed, retried, through the durable outbox)."""
    with session_scope(settings) as session:
        record_event(session, account_id=row.account_id, event=INBOUND_EMAIL_RECEIVED, data=data)


async def receive(raw: bytes, recipients: list[str], *, settings: Settings | None = None) -> int:
    """Keep the PDFs of ``raw`` for each recipient address; how many files were kept."""
    settings = settings or get_settings()
    message = parse_message(raw)
    sender = original_sender(message)
    cas_type = cas_type_of(sender)
    found = [
        FoundAttachment(a.message_id, sender, a.message_date, a.original_filename, a.data)
        for a in pdf_attachments(
            raw, fallback_id=f"<{hashlib.sha256(raw).hexdigest()[:32]}@casgate>"
        )
    ]
    kept = 0
    for recipient in recipients:
        row = await asyncio.to_thread(address_for, settings, recipient)
        if row is None:
            continue
        if row.allowed_sources and cas_type not in row.allowed_sources:
            continue
        rows = await files.keep(settings, row.account_id, row.id, [(cas_type, a) for a in found])
        if row.password_enc and rows:
            password = unseal(row.password_enc, settings, context=row.id)
            owner = Principal(kind="api_key", account_id=row.account_id)
            rows = await files.parse_into_history(owner, rows, password, settings)
        kept += len(rows)
        if rows:
            views = [files.file_view(r, settings.inbound_url_ttl_seconds, settings) for r in rows]
            data = {
                "inbound_email_id": row.id,
                "email": email_of(row, settings),
                "reference": row.reference,
                "metadata": dict(row.extra),
                "sender_email": sender,
                "files": [v.model_dump(mode="json", exclude_none=True) for v in views],
            }
            await asyncio.to_thread(_announce, settings, row, data)
    return kept


def _rows(settings: Settings, address_id: str) -> list[MailFile]:
    with session_scope(settings) as session:
        return list(
            session.exec(
                select(MailFile)
                .where(col(MailFile.source_id) == address_id)
                .order_by(col(MailFile.created_at).desc(), col(MailFile.id))
            ).all()
        )


async def list_files(
    principal: Principal, address_id: str, *, settings: Settings | None = None
) -> MailFilesView:
    """The files received at one of the caller's addresses, newest first, with fresh links."""
    settings = settings or get_settings()
    row = await asyncio.to_thread(owned_address, settings, principal, address_id)
    rows = await asyncio.to_thread(_rows, settings, row.id)
    views = [files.file_view(r, settings.inbound_url_ttl_seconds, settings) for r in rows]
    return MailFilesView(count=len(views), files=views)
