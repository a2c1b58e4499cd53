"""Statement files that came by mail (a mailbox import or a forward-to address): kept once per
source and (Message-ID, SHA-256), served by signed expiring links, each a history document
(parsed when asked)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from core.accounts.models import new_id
from core.accounts.principal import Principal
from core.batch.documents import unindex
from core.batch.models import Document, DocumentContent
from core.db import session_scope
from core.downloads import sign_download
from core.retrieval.keep import IncomingFile, KeptFile, keep_statements
from core.settings import Settings
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


def _parsed(settings: Settings, document_id: str) -> bool:
    """Whether the history document ``document_id`` holds a parsed statement."""
    with session_scope(settings) as session:
        content = session.get(DocumentContent, document_id)
        return content is not None and content.statement is not None


def _needs_history(settings: Settings, row: MailFile, parse: bool) -> bool:
    """A file gets its history document once; asked to parse, a file whose document was kept
    unparsed (or failed) gets a parsed one in its place."""
    if not row.document_id:
        return True
    return parse and not _parsed(settings, row.document_id)


def _link(settings: Settings, row: MailFile, kept: KeptFile, previous: str | None) -> None:
    """Point ``row`` at its new history document and drop the one it replaces (one history
    document per mail file, whatever how often it is listed or parsed)."""
    old: Document | None = None
    with session_scope(settings) as session:
        stored = session.get(MailFile, row.id)
        if stored is not None:
            stored.document_id, stored.parse_error = kept.document_id, kept.error
            session.add(stored)
        old = session.get(Document, previous) if previous else None
        if old is not None and old.account_id == row.account_id:
            unindex(session, [old.id])
            session.delete(old)
        else:
            old = None
    if old is not None and old.object_key:
        get_store(settings).delete(old.object_key)


async def into_history(
    principal: Principal,
    rows: list[MailFile],
    *,
    origin: str,
    parse: bool,
    password: str,
    request_id: str = "",
    path: str = "",
    settings: Settings,
) -> list[MailFile]:
    """Each file kept as a history document (:func:`core.retrieval.keep.keep_statements`):
    detected, and parsed (and charged as a parse) when ``parse``. A file already in history is
    not kept again, so a re-listing or a re-sent mail adds no rows; a file whose document failed
    or was kept unparsed is read again when a parse is asked for, its new document replacing
    the old. A file that cannot be read keeps its reason in ``parse_error`` (and a failed
    history document)."""
    for row in rows:
        if not await asyncio.to_thread(_needs_history, settings, row, parse):
            continue
        data = await asyncio.to_thread(get_store(settings).get, row.object_key)
        (kept,) = await keep_statements(
            principal,
            [IncomingFile(row.filename, data, password or None)],
            origin=origin,
            # a fresh key per reading: a replacing document never collides with the old one
            batch_key=f"{row.id}:{new_id()}",
            parse=parse,
            request_id=request_id,
            path=path,
            settings=settings,
        )
        await asyncio.to_thread(_link, settings, row, kept, row.document_id)
        row.document_id, row.parse_error = kept.document_id, kept.error
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
