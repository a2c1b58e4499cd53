"""What the inbox calls answer (named field for field like inbox.proto's messages)."""

from __future__ import annotations

from core.views import View


class ConnectInboxView(View):
    oauth_url: str
    expires_in: int
    provider: str
    inbox_token: str | None = None
    email: str | None = None


class InboxRedirectView(View):
    """Where the provider's callback sends the browser."""

    status: str
    location: str


class InboxStatusView(View):
    connected: bool
    provider: str
    email: str


class MailFileView(View):
    """A statement file found in a mailbox or received at a forward-to address."""

    cas_type: str
    filename: str
    original_filename: str
    message_id: str
    message_date: str
    sender_email: str
    size: int
    url: str
    expires_in: int
    document_id: str | None = None
    parse_error: str | None = None


class MailFilesView(View):
    count: int
    files: list[MailFileView]


class InboxDisconnectedView(View):
    msg: str
