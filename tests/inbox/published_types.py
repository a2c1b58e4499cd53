"""The response types of the published client's ``inbox`` and ``inbound_email`` resources
(``cas-parser-python`` 1.14, ``types/inbox_*.py`` and ``types/inbound_email_*.py``), described
here as test schemas because the client on PyPI (1.2.1) has neither resource. Field names,
types and literals are the published ones; every field is optional there, as here. They are
built on the client's own ``BaseModel``, so the client validates our bodies against them with
its strict response validation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from cas_parser._models import BaseModel

CasType = Literal["cdsl", "nsdl", "cams", "kfintech"]


class InboxConnectEmailResponse(BaseModel):
    expires_in: int | None = None
    oauth_url: str | None = None
    status: str | None = None


class InboxCheckConnectionStatusResponse(BaseModel):
    connected: bool | None = None
    email: str | None = None
    provider: str | None = None
    status: str | None = None


class InboxFile(BaseModel):
    cas_type: CasType | None = None
    expires_in: int | None = None
    filename: str | None = None
    message_date: date | None = None
    message_id: str | None = None
    original_filename: str | None = None
    sender_email: str | None = None
    size: int | None = None
    url: str | None = None


class InboxListCasFilesResponse(BaseModel):
    count: int | None = None
    files: list[InboxFile] | None = None
    status: str | None = None


class InboxDisconnectEmailResponse(BaseModel):
    msg: str | None = None
    status: str | None = None


class InboundEmail(BaseModel):
    allowed_sources: list[CasType] | None = None
    callback_url: str | None = None
    created_at: datetime | None = None
    email: str | None = None
    inbound_email_id: str | None = None
    metadata: dict[str, str] | None = None
    reference: str | None = None
    status: Literal["active", "paused"] | None = None
    updated_at: datetime | None = None


class InboundEmailListResponse(BaseModel):
    inbound_emails: list[InboundEmail] | None = None
    limit: int | None = None
    offset: int | None = None
    status: str | None = None
    total: int | None = None


class InboundEmailDeleteResponse(BaseModel):
    msg: str | None = None
    status: str | None = None
