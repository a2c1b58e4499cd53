"""Test mail: RFC 5322 messages carrying generated statements, as the depositories and
registrars send them (and as investors forward them)."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.message import EmailMessage
from email.utils import format_datetime

from tests.statements import generate


@dataclass
class Mail:
    """One message of a fake mailbox."""

    message_id: str
    sender: str
    day: date
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    subject: str = "Your Consolidated Account Statement"

    def rfc822(self) -> bytes:
        message = EmailMessage()
        message["From"] = f"Statements <{self.sender}>"
        message["To"] = "investor@example.com"
        message["Subject"] = self.subject
        message["Message-ID"] = self.message_id
        message["Date"] = format_datetime(datetime.combine(self.day, time(9, 30), tzinfo=UTC))
        message.set_content("Please find your statement attached.")
        for name, data in self.attachments:
            message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
        return message.as_bytes(policy=email.policy.SMTP)


def statement_pdf(seed: int) -> tuple[bytes, str]:
    """A small generated CAMS statement and its password."""
    made = generate(issuer="CAMS", variant="SUMMARY", seed=seed, pages=1, encryption="AES-128")
    return made.pdf, made.password or ""


def forwarded(original: Mail, forwarder: str, message_id: str) -> bytes:
    """``original`` forwarded as an attachment (message/rfc822) by ``forwarder``."""
    message = EmailMessage()
    message["From"] = forwarder
    message["Subject"] = f"Fwd: {original.subject}"
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(datetime.combine(original.day, time(10), UTC))
    message.set_content("Forwarding my statement.")
    message.add_attachment(email.message_from_bytes(original.rfc822(), policy=email.policy.default))
    return message.as_bytes(policy=email.policy.SMTP)
