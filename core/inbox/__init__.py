"""Mailbox import: Gmail and Outlook (OAuth 2.0 with PKCE) and IMAP."""

from .service import ImapFields, complete, connect, disconnect, list_cas, status

__all__ = ["ImapFields", "complete", "connect", "disconnect", "list_cas", "status"]
