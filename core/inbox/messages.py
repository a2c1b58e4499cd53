"""Statement attachments found in mail, whatever the mailbox: what an importer keeps of each."""

from __future__ import annotations

import email
import email.policy
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

#: a PDF is recognised by its bytes, whatever the sender's declared type or file name says
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class FoundAttachment:
    """One PDF attachment of one message."""

    #: the RFC 5322 Message-ID (angle brackets kept), the de-duplication key with ``sha256``
    message_id: str
    sender_email: str
    message_date: date | None
    original_filename: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF (its header may follow a little junk, as readers allow)."""
    return PDF_MAGIC in data[:1024]


def sender_address(header: str) -> str:
    """The bare address of a ``From`` header, lower case."""
    return parseaddr(header)[1].strip().lower()


def header_date(value: str) -> date | None:
    """The date of a ``Date`` header, or ``None`` when it cannot be read."""
    try:
        parsed: datetime = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date()


def parse_message(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def pdf_attachments(raw: bytes, *, fallback_id: str = "") -> list[FoundAttachment]:
    """Every PDF attached to the RFC 5322 message ``raw`` (nested parts included)."""
    message = parse_message(raw)
    message_id = str(message.get("Message-ID", "") or "").strip() or fallback_id
    sender = sender_address(str(message.get("From", "") or ""))
    when = header_date(str(message.get("Date", "") or ""))
    found = []
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not is_pdf(payload):
            continue
        found.append(
            FoundAttachment(
                message_id=message_id,
                sender_email=sender,
                message_date=when,
                original_filename=part.get_filename() or "statement.pdf",
                data=payload,
            )
        )
    return found
