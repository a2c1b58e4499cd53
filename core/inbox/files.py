"""Statement files that came by mail (a mailbox import or a forward-to address): kept once per
source and (Message-ID, SHA-256), served by signed expiring links, optionally parsed into
history documents."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from core.accounts.principal import Principal
from core.db import session_scope
from core.downloads import sign_download
from core.errors import CasgateError
from core.settings import Settings
from core.single import process_document
from core.storage import check_key, get_store

from .messages import FoundAttachment
from .models import MailFile
from .views import MailFileView

#: where mail files are kept: ``mail/<account>/<file id>.pdf`` (sealed like every stored file)
MAIL_PREFIX = "mail"


def standard_name(cas_type: str, attachment: FoundAttachment, unique: str) -> str:
    """``provider_YYYYMMDD_uniqueid.pdf`` as the published API names its files."""
    day = attachment.message_date.strftime("%Y%m%d") if attachment.message_date else "00000000"
    return f"{cas_type or 'mail'}_{day}_{unique[:12]}.pdf"


def _keep_one(
    settings: Settings, account_id: str, source_id: str, cas_type: str, found: FoundAttachment
) -> MailFile:
    key = (source_id, found.message_id[:998], found.sha256)
    existing = _kept(settings, *key)
    if existing is not None:
        return existing
    row = MailFile(
        account_id=account_id,
        source_id=source_id,
        message_id=key[1],
        sha256=key[2],
        cas_type=cas_type,
        filename="",
        original_filename=found.original_filename[:500],
        sender_email=found.sender_email[:320],
        message_date=found.message_date.isoformat() if found.message_date else "",
        size=len(found.data),
        object_key="",
    )
    row.filename = standard_name(cas_type, found, row.id)
    # kept under a prefix of our own: these files live as long as their row (retention, the
    # account, a disconnect), not as long as one link; links are signed afresh at each listing
    row.object_key = check_key(f"{MAIL_PREFIX}/{account_id}/{row.id}.pdf")
    get_store(settings).put(row.object_key, found.data)
    try:
        with session_scope(settings) as session:
            session.add(row)
    except IntegrityError:
        # the same attachment kept by a concurrent listing: use its row, drop our copy
        get_store(settings).delete(row.object_key)
        existing = _kept(settings, *key)
        assert existing is not None
        return existing
    return row


def _kept(settings: Settings, source_id: str, message_id: str, sha256: str) -> MailFile | None:
    with session_scope(settings) as session:
        return session.exec(
            select(MailFile).where(
                col(MailFile.source_id) == source_id,
                col(MailFile.message_id) == message_id,
                col(MailFile.sha256) == sha256,
            )
        ).first()


async def keep(
    settings: Settings,
    account_id: str,
    source_id: str,
    found: Sequence[tuple[str, FoundAttachment]],
) -> list[MailFile]:
    """Each ``(cas_type, attachment)`` stored once for ``source_id``: an attachment already kept
    (same Message-ID and SHA-256) is its existing row, so a re-listing never duplicates."""
    rows: list[MailFile] = []
    seen: set[str] = set()
    for cas_type, attachment in found:
        row = await asyncio.to_thread(
            _keep_one, settings, account_id, source_id, cas_type, attachment
        )
        if row.id not in seen:
            seen.add(row.id)
            rows.append(row)
    return rows


def _record(settings: Settings, file_id: str, document_id: str | None, error: str | None) -> None:
    with session_scope(settings) as session:
        row = session.get(MailFile, file_id)
        if row is not None:
            row.document_id, row.parse_error = document_id, error
            session.add(row)


async def parse_into_history(
    principal: Principal, rows: list[MailFile], password: str, settings: Settings
) -> list[MailFile]:
    """Each row not yet parsed processed like a single document (stored, parsed, charged, kept in
    history); a file that fails keeps its reason in ``parse_error`` (and its failed history row)."""
    for row in rows:
        if row.document_id:
            continue
        data = await asyncio.to_thread(get_store(settings).get, row.object_key)
        try:
            result = await process_document(
                principal, data, row.filename, password or None, settings=settings
            )
        except CasgateError as error:
            row.parse_error = error.message
        else:
            row.document_id, row.parse_error = result.document_id, None
        await asyncio.to_thread(_record, settings, row.id, row.document_id, row.parse_error)
    return rows


def file_view(row: MailFile, ttl_seconds: int, settings: Settings) -> MailFileView:
    link = sign_download(row.object_key, row.filename, ttl_seconds=ttl_seconds, settings=settings)
    return MailFileView(
        cas_type=row.cas_type,
        filename=row.filename,
        original_filename=row.original_filename,
        message_id=row.message_id,
        message_date=row.message_date,
        sender_email=row.sender_email,
        size=row.size,
        url=link.url,
        expires_in=link.expires_in,
        document_id=row.document_id,
        parse_error=row.parse_error,
    )


def delete_files(settings: Settings, source_id: str) -> None:
    """Forget the files kept for ``source_id`` and their stored bytes (history documents made
    from them stay)."""
    with session_scope(settings) as session:
        rows = session.exec(select(MailFile).where(col(MailFile.source_id) == source_id)).all()
        keys = [row.object_key for row in rows]
        for row in rows:
            session.delete(row)
    store = get_store(settings)
    for key in keys:
        store.delete(key)
