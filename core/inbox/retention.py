"""What mail import keeps only for a while: OAuth consents past their expiry (always), and kept
mail files older than ``retention_days`` with their stored bytes (when it is set). The server's
housekeeping runs :func:`purge_mail` hourly."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from core.db import session_scope, utcnow
from core.settings import Settings
from core.storage import get_store

from .models import InboxConsent, MailFile


def purge_mail(settings: Settings, *, now: datetime | None = None) -> tuple[int, int]:
    """(consents, files) removed."""
    now = now or utcnow()
    with session_scope(settings) as session:
        expired = session.exec(
            select(InboxConsent.id).where(col(InboxConsent.expires_at) <= now)
        ).all()
        if expired:
            session.execute(delete(InboxConsent).where(col(InboxConsent.id).in_(expired)))
    if settings.retention_days <= 0:
        return len(expired), 0
    cutoff = now - timedelta(days=settings.retention_days)
    with session_scope(settings) as session:
        old = session.exec(select(MailFile).where(col(MailFile.created_at) < cutoff)).all()
        keys = [row.object_key for row in old]
        for row in old:
            session.delete(row)
    store = get_store(settings)
    for key in keys:
        store.delete(key)
    return len(expired), len(keys)


def mail_file_keys(session: Session, account_id: str) -> list[str]:
    """Object keys of the mail files ``account_id`` keeps (deleting the account removes them)."""
    return list(
        session.exec(select(MailFile.object_key).where(col(MailFile.account_id) == account_id))
    )
