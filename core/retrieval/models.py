"""CDSL fetch sessions: what ``StartCdslFetch`` left for ``VerifyCdslFetch``.

The portal session (its cookies, the OTP form, the PAN that opens the statements) is sealed with
AES-GCM under a key derived from the server secret, bound to the session id, and wiped once the
session ends; the date of birth is never kept.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Text
from sqlmodel import Field

from core.accounts.models import AccountOwned, new_id
from core.db import EnumText, UTCDateTime, utcnow


class FetchStatus(StrEnum):
    #: the OTP was sent; a verification may start
    OTP_SENT = "otp_sent"
    #: one verification is running (a second one waits for its outcome: 409)
    VERIFYING = "verifying"
    #: the statements were fetched
    DONE = "done"
    #: the OTP expired at the portal or the attempts were used up
    FAILED = "failed"


class CdslFetchSession(AccountOwned, table=True):
    __tablename__ = "cdsl_fetch_session"
    __table_args__ = (Index("ix_cdsl_fetch_session_expires_at", "expires_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    status: FetchStatus = Field(
        default=FetchStatus.OTP_SENT, sa_type=EnumText(FetchStatus, 20), nullable=False
    )
    attempts: int = Field(default=0)
    #: the sealed portal session; empty once the session ended
    sealed_state: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class DownloadFile(AccountOwned, table=True):
    """A file kept only for its download links (``core.downloads.store_download``): deleted with
    its row once ``expires_at`` has passed (``core.downloads.purge_expired_downloads``)."""

    __tablename__ = "download_file"
    __table_args__ = (Index("ix_download_file_expires_at", "expires_at"),)

    object_key: str = Field(primary_key=True, max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
