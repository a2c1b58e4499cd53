"""The caller's stored documents: list and detail (with the parsed statement)."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import Principal
from core.batch.analyse import MAX_TEXT_CHARS
from core.batch.documents import searchable_key
from core.batch.models import Document, DocumentContent
from core.db import session_scope
from core.errors import NotFound
from core.history.paging import page_window
from core.history.views import DocumentPageView, DocumentTextView, DocumentView, StoredFile
from core.settings import Settings, get_settings
from core.storage import get_store
from core.tagging.models import DocumentTag, Tag


def _with_tag(query: SelectOfScalar[Document], tag: str) -> SelectOfScalar[Document]:
    tagged = (
        select(DocumentTag.document_id)
        .join(Tag, col(Tag.id) == col(DocumentTag.tag_id))
        .where(col(Tag.name) == tag, col(Tag.account_id) == col(Document.account_id))
    )
    return query.where(col(Document.id).in_(tagged))


def _list(
    settings: Settings, principal: Principal, page: int, page_size: int, tag: str
) -> DocumentPageView:
    page, page_size, offset = page_window(page, page_size)
    query = owned_select(Document, principal)
    if tag.strip():
        query = _with_tag(query, tag.strip())
    with session_scope(settings) as session:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        docs = session.exec(
            query.order_by(col(Document.created_at).desc(), col(Document.id))
            .offset(offset)
            .limit(page_size)
        ).all()
        return DocumentPageView(
            documents=[DocumentView.of(doc) for doc in docs],
            page=page,
            page_size=page_size,
            total=total,
        )


async def list_documents(
    principal: Principal,
    page: int = 1,
    page_size: int = 20,
    *,
    tag: str = "",
    settings: Settings | None = None,
) -> DocumentPageView:
    """The caller's documents (without statements), newest first, only those tagged ``tag``
    when given; ``BadRequest`` for bad paging."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_list, settings, principal, page, page_size, tag)


def _get(settings: Settings, principal: Principal, document_id: str) -> DocumentView:
    with session_scope(settings) as session:
        doc = get_owned(session, Document, document_id, principal, label="Document")
        content = session.get(DocumentContent, doc.id)
        return DocumentView.of(doc, (content.statement if content else None) or {})


async def get_document(
    principal: Principal, document_id: str, *, settings: Settings | None = None
) -> DocumentView:
    """One document with its parsed statement under ``statement`` (empty when it has none);
    ``NotFound`` if not the caller's."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_get, settings, principal, document_id)


def _searchable(settings: Settings, principal: Principal, document_id: str) -> StoredFile:
    with session_scope(settings) as session:
        doc = get_owned(session, Document, document_id, principal, label="Document")
        object_key, filename = doc.object_key, doc.filename
    store = get_store(settings)
    key = searchable_key(object_key) if object_key else None
    if key is None or not store.exists(key):
        raise NotFound("This document has no searchable PDF (process it with searchable_pdf).")
    # the name goes into a header: only characters that need no quoting
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", (filename or "document").rsplit(".", 1)[0])[:100]
    return StoredFile(filename=f"{name or 'document'}.searchable.pdf", data=store.get(key))


async def searchable_pdf(
    principal: Principal, document_id: str, *, settings: Settings | None = None
) -> StoredFile:
    """The searchable copy of one of the caller's documents (OCR's words as an invisible text
    layer); ``NotFound`` if not the caller's or it has none."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_searchable, settings, principal, document_id)


def _content(settings: Settings, principal: Principal, document_id: str) -> DocumentContent:
    with session_scope(settings) as session:
        doc = get_owned(session, Document, document_id, principal, label="Document")
        content = session.get(DocumentContent, doc.id)
        return content or DocumentContent(document_id=doc.id)


async def document_content(
    principal: Principal, document_id: str, *, settings: Settings | None = None
) -> DocumentContent:
    """The stored content of one of the caller's documents (text, page ends, OCR summary);
    ``NotFound`` if not the caller's."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_content, settings, principal, document_id)


def page_texts(content: DocumentContent) -> list[str]:
    """The stored text cut at the stored page ends (one piece for documents stored before)."""
    if not content.page_ends:
        return [content.text] if content.text else []
    pieces, start = [], 0
    for end in content.page_ends:
        pieces.append(content.text[start:end])
        start = end + 1
    return pieces


def _pages(settings: Settings, principal: Principal, document_id: str) -> DocumentTextView:
    with session_scope(settings) as session:
        doc = get_owned(session, Document, document_id, principal, label="Document")
        content = session.get(DocumentContent, doc.id) or DocumentContent(document_id=doc.id)
        return DocumentTextView(
            document_id=doc.id,
            pages=doc.pages,
            page_texts=page_texts(content),
            text_truncated=len(content.text) >= MAX_TEXT_CHARS,
        )


async def document_pages(
    principal: Principal, document_id: str, *, settings: Settings | None = None
) -> DocumentTextView:
    """The text of one of the caller's documents, page by page; ``NotFound`` if not the
    caller's."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_pages, settings, principal, document_id)
