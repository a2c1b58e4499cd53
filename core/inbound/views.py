"""What the inbound-email calls answer (named like inbound_email.proto's messages)."""

from __future__ import annotations

from datetime import datetime

from core.views import View


class InboundEmailView(View):
    inbound_email_id: str
    email: str
    status: str
    allowed_sources: list[str]
    callback_url: str | None = None
    metadata: dict[str, str]
    reference: str
    created_at: datetime
    updated_at: datetime
    has_password: bool


class InboundEmailPageView(View):
    inbound_emails: list[InboundEmailView]
    total: int
    limit: int
    offset: int


class InboundEmailDeletedView(View):
    msg: str
