"""Tables of mailbox import.

* :class:`InboxConnection` — one connected mailbox (Gmail, Outlook or IMAP). The caller holds an
  opaque ``inbox_token``; only its SHA-256 is stored. The provider's refresh token (OAuth) or the
  app password (IMAP) is stored sealed (AES-GCM, :mod:`core.inbox.sealing`), never in clear.
* :class:`InboxConsent` — an OAuth consent in progress: casgate's own ``state`` value, the PKCE
  verifier (sealed), where to send the browser back and the caller's own ``state``.
* :class:`MailFile` — a statement attachment already imported, from a mailbox or received at a
  forward-to address. Unique per source on (Message-ID, attachment SHA-256): never on IMAP UIDs,
  which a server may reuse (UIDVALIDITY changes), so a re-listing finds the same row again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field

from core.accounts.models import AccountOwned, new_id
from core.db import UTCDateTime, utcnow


class InboxConnection(AccountOwned, table=True):
    __tablename__ = "inbox_connection"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    #: SHA-256 of the caller's ``inbox_token`` (the token itself is never stored)
    token_hash: str = Field(unique=True, max_length=64)
    provider: str = Field(max_length=10)
    email: str = Field(default="", max_length=320)
    #: the OAuth refresh token or the IMAP app password, sealed
    secret_enc: str = Field(sa_type=Text)
    imap_host: str = Field(default="", max_length=255)
    imap_port: int = Field(default=0)
    imap_user: str = Field(default="", max_length=320)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InboxConsent(AccountOwned, table=True):
    __tablename__ = "inbox_consent"

    #: SHA-256 of the ``state`` sent to the provider
    id: str = Field(primary_key=True, max_length=64)
    provider: str = Field(max_length=10)
    redirect_uri: str = Field(max_length=2048)
    client_state: str = Field(default="", max_length=1024)
    verifier_enc: str = Field(sa_type=Text)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class MailFile(AccountOwned, table=True):
    __tablename__ = "mail_file"
    __table_args__ = (
        UniqueConstraint("source_id", "message_id", "sha256", name="uq_mail_file_source_message"),
        Index("ix_mail_file_source_date", "source_id", "message_date"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    #: the inbox connection or the inbound address the file came through
    source_id: str = Field(max_length=32)
    message_id: str = Field(max_length=998)
    sha256: str = Field(max_length=64)
    cas_type: str = Field(default="", max_length=10)
    filename: str = Field(max_length=200)
    original_filename: str = Field(default="", max_length=500)
    sender_email: str = Field(default="", max_length=320)
    message_date: str = Field(default="", max_length=10)
    size: int = Field(default=0)
    object_key: str = Field(max_length=300)
    document_id: str | None = Field(default=None, max_length=32)
    parse_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
