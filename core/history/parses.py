"""Statements parsed by ``/v4/*`` calls, kept in history (``CASGATE_HISTORY_RECORD_PARSES``,
on by default) so their owners find them again: listed, searched and counted with batch
documents, as documents without a job. The parsed statement is kept, not the PDF. Each parse
also queues its ``parse.completed`` webhook event, with the history row when there is one."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from typing import Any

from core.accounts import Principal
from core.batch.analyse import CONTRACT_NOTE, search_fields, summarise
from core.batch.documents import add_document
from core.batch.models import Document, DocumentStatus
from core.batch.timings import elapsed_ms
from core.db import session_scope
from core.settings import Settings
from core.webhooks.events import PARSE_COMPLETED
from core.webhooks.outbox import record_event

log = logging.getLogger(__name__)


def parse_name(statement: dict[str, Any]) -> str:
    """A name to find the statement by: its kind and period, e.g.
    ``CAMS_KFINTECH 2023-04-01 to 2024-03-31``, or a note's broker and trade date, e.g.
    ``CONTRACT_NOTE ZERODHA 2024-06-03``."""
    meta = statement.get("meta") or {}
    kind = str((meta.get("detection") or {}).get("kind") or meta.get("cas_type") or "statement")
    if kind == CONTRACT_NOTE:
        broker = (statement.get("broker_info") or {}).get("broker_type") or ""
        traded = (statement.get("contract_note_info") or {}).get("trade_date") or ""
        return " ".join(part for part in (kind, str(broker).upper(), str(traded)) if part)
    period = meta.get("statement_period") or {}
    if period.get("from") and period.get("to"):
        return f"{kind} {period['from']} to {period['to']}"
    return kind


def record_parse(
    settings: Settings,
    principal: Principal,
    data: bytes,
    statement: dict[str, Any],
    started: float,
) -> str | None:
    """Keep a parsed statement in the caller's history (unless switched off) and queue its
    ``parse.completed`` webhook event in the same transaction; the document id, or ``None``
    when not kept. Nothing for the sandbox. Blocking: call it from a worker thread."""
    if principal.is_sandbox or principal.account_id is None:
        return None
    meta = statement.get("meta") or {}
    kind = str((meta.get("detection") or {}).get("kind") or meta.get("cas_type") or "")
    document = Document(
        account_id=principal.account_id,
        job_id=None,
        idem_key=f"parse_{secrets.token_hex(16)}",
        filename=parse_name(statement),
        status=DocumentStatus.COMPLETED,
        document_type=kind,
        pages=int(meta.get("pages") or 0),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        processing_ms=elapsed_ms(started),
        summary=summarise(kind, statement)[:300],
    )
    kept = settings.history_record_parses
    with session_scope(settings) as session:
        if kept:
            search_text = "\n".join([document.filename, kind, search_fields(statement)])
            add_document(session, document, statement=statement, search_text=search_text)
        document_id = document.id if kept else None
        result = {
            "status": "completed",
            "document_id": document_id,
            "document_type": kind,
            "pages": document.pages,
            "statement": statement,
        }
        record_event(
            session,
            account_id=principal.account_id,
            event=PARSE_COMPLETED,
            # a /v4 parse has no job: its history document stands for it
            data={"job_id": document_id or "", "filename": document.filename, "result": result},
        )
    return document_id


async def keep_in_history(
    settings: Settings,
    principal: Principal,
    data: bytes,
    statement: dict[str, Any],
    started: float,
) -> None:
    """:func:`record_parse` off the event loop; a failure to record never fails the parse it
    describes (it is logged, without content)."""
    try:
        await asyncio.to_thread(record_parse, settings, principal, data, statement, started)
    except Exception as error:
        log.warning("a parse was not recorded in history: %s", type(error).__name__)
