"""Full-text search over extracted text and fields: PostgreSQL ``to_tsvector('simple', …)``
with a GIN index, SQLite FTS5. Every word of the query must match; best matches first."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import text
from sqlmodel import col, select

from core.accounts.principal import Principal
from core.batch.models import Document
from core.db import session_scope
from core.errors import BadRequest
from core.history.paging import page_window
from core.history.views import DocumentPageView, DocumentView
from core.settings import Settings, get_settings

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16

_PG_MATCH = (
    "FROM document d JOIN document_content c ON c.document_id = d.id "
    "WHERE d.account_id = :account "
    "AND to_tsvector('simple', c.search_text) @@ to_tsquery('simple', :query)"
)
_SQLITE_MATCH = (
    "FROM document_fts f JOIN document d ON d.id = f.document_id "
    "WHERE document_fts MATCH :query AND f.account_id = :account"
)


def terms(q: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(q or "")][:MAX_TERMS]
    if not words:
        raise BadRequest("q needs at least one word to search for")
    return words


def _search(
    settings: Settings, principal: Principal, q: str, page: int, page_size: int
) -> DocumentPageView:
    page, page_size, offset = page_window(page, page_size)
    words = terms(q)
    empty = DocumentPageView(documents=[], page=page, page_size=page_size, total=0)
    if principal.account_id is None:
        return empty
    with session_scope(settings) as session:
        if session.get_bind().dialect.name == "postgresql":
            query = " & ".join(words)  # \w+ words: nothing for tsquery to misread
            base, rank = (
                _PG_MATCH,
                "ts_rank(to_tsvector('simple', c.search_text), to_tsquery('simple', :query)) DESC",
            )
        else:
            query = " ".join(f'"{w}"' for w in words)  # quoted: plain terms, implicit AND
            base, rank = _SQLITE_MATCH, "f.rank"
        params = {"query": query, "account": principal.account_id}
        total = session.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
        ids = [
            row[0]
            for row in session.execute(
                text(
                    f"SELECT d.id {base} ORDER BY {rank}, d.created_at DESC "
                    "LIMIT :limit OFFSET :offset"
                ),
                {**params, "limit": page_size, "offset": offset},
            )
        ]
        docs = {
            doc.id: doc
            for doc in session.exec(select(Document).where(col(Document.id).in_(ids))).all()
        }
        return DocumentPageView(
            documents=[DocumentView.of(docs[i]) for i in ids if i in docs],
            page=page,
            page_size=page_size,
            total=total,
        )


async def search_documents(
    principal: Principal,
    q: str,
    page: int = 1,
    page_size: int = 20,
    *,
    settings: Settings | None = None,
) -> DocumentPageView:
    """A page of the caller's documents matching
    every word of ``q`` (text, file name, type, investor, folios, schemes, ISINs), best
    first. ``BadRequest`` for a query without words or bad paging."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_search, settings, principal, q, page, page_size)
