"""Stored documents (history rows): written once per (job, sha256), with their content and
their full-text index entry (SQLite FTS5; PostgreSQL indexes ``search_text`` itself)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, text
from sqlmodel import Session, select

from core.batch.models import Document, DocumentContent
from core.db import session_scope, table
from core.settings import Settings


def completed_key(job_id: str, sha256: str) -> str:
    """Idempotency key of a parsed document: the same bytes in a job are one document."""
    return f"{job_id}:{sha256}"


def searchable_key(object_key: str) -> str:
    """Where a stored document's searchable copy (``options.searchable_pdf``) is kept."""
    return object_key.removesuffix(".pdf") + ".searchable.pdf"


def failed_key(job_id: str, item_id: str) -> str:
    return f"{job_id}:item:{item_id}"


def find_by_key(settings: Settings, idem_key: str) -> Document | None:
    with session_scope(settings) as session:
        return session.exec(select(Document).where(Document.idem_key == idem_key)).first()


def add_document(
    session: Session,
    document: Document,
    *,
    text_content: str = "",
    statement: dict[str, Any] | None = None,
    search_text: str = "",
    page_ends: list[int] | None = None,
    ocr: dict[str, Any] | None = None,
) -> None:
    """Add a document with its content in the caller's transaction; ``IntegrityError`` when
    its ``idem_key`` already exists."""
    connection = session.connection()
    connection.execute(insert(table(Document)).values(document.model_dump()))
    connection.execute(
        insert(table(DocumentContent)).values(
            document_id=document.id,
            text=text_content,
            statement=statement,
            search_text=search_text,
            page_ends=page_ends,
            ocr=ocr,
        )
    )
    if connection.dialect.name == "sqlite":
        connection.execute(
            text(
                "INSERT INTO document_fts (search_text, document_id, account_id) "
                "VALUES (:body, :id, :account)"
            ),
            {"body": search_text, "id": document.id, "account": document.account_id},
        )


def add_timing(settings: Settings, document_id: str, stage: str, ms: float) -> None:
    """Add a stage that ran before the document's processing (a single document's download)
    to its stored ``timings``."""
    with session_scope(settings) as session:
        document = session.get(Document, document_id)
        if document is not None:
            document.timings = {f"{stage}_ms": round(ms, 1), **(document.timings or {})}
            session.add(document)


def unindex(session: Session, document_ids: list[str]) -> None:
    """Drop documents from the SQLite FTS5 index (PostgreSQL's index follows the rows)."""
    if document_ids and session.get_bind().dialect.name == "sqlite":
        for doc_id in document_ids:
            session.execute(
                text("DELETE FROM document_fts WHERE document_id = :id"), {"id": doc_id}
            )
