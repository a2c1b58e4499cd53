"""The table of forward-to addresses. Files received at one are :class:`core.inbox.models.MailFile`
rows whose ``source_id`` is the address's id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field

from core.accounts.models import AccountOwned, new_id
from core.db import UTCDateTime, utcnow


class InboundAddress(AccountOwned, table=True):
    __tablename__ = "inbound_address"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    #: the local part (lower case), unique over every account
    local_part: str = Field(unique=True, max_length=64)
    status: str = Field(default="active", max_length=10)
    allowed_sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    callback_url: str | None = Field(default=None, max_length=2048)
    extra: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reference: str = Field(default="", max_length=255)
    #: the statements' password, sealed; parses what arrives when set
    password_enc: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
