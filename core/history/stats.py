"""Totals of the caller's history."""

from __future__ import annotations

import asyncio

from sqlalchemy import func
from sqlmodel import col, select

from core.accounts.principal import Principal
from core.batch.models import Document, DocumentStatus
from core.db import session_scope
from core.history.views import HistoryStatsView
from core.settings import Settings, get_settings
from core.tagging.models import DocumentTag, Tag


def _stats(settings: Settings, principal: Principal) -> HistoryStatsView:
    if principal.account_id is None:
        return HistoryStatsView()
    mine = col(Document.account_id) == principal.account_id
    with session_scope(settings) as session:
        count, pages, mean = session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(Document.pages), 0),
                func.coalesce(func.avg(Document.processing_ms), 0.0),
            ).where(mine)
        ).one()
        ocr_pages, ocr_documents, incomplete = session.execute(
            select(
                func.coalesce(func.sum(Document.ocr_pages), 0),
                func.count().filter(col(Document.ocr_pages) > 0),
                func.count().filter(col(Document.complete).is_(False)),
            ).where(mine)
        ).one()
        by_type = session.execute(
            select(Document.document_type, func.count())
            .where(mine)
            .group_by(col(Document.document_type))
        ).all()
        by_status = session.execute(
            select(Document.status, func.count()).where(mine).group_by(col(Document.status))
        ).all()
        by_tag = session.execute(
            select(Tag.name, func.count())
            .join(DocumentTag, col(DocumentTag.tag_id) == col(Tag.id))
            .where(col(Tag.account_id) == principal.account_id)
            .group_by(col(Tag.name))
        ).all()
    statuses = {name: int(n) for name, n in by_status}
    return HistoryStatsView(
        documents=int(count),
        pages=int(pages),
        by_type={name: int(n) for name, n in by_type},
        by_status=statuses,
        success_rate=round(statuses.get(DocumentStatus.COMPLETED, 0) / count, 4) if count else 0.0,
        mean_processing_ms=round(float(mean), 1),
        by_tag={name: int(n) for name, n in by_tag},
        ocr_pages=int(ocr_pages),
        ocr_documents=int(ocr_documents),
        incomplete=int(incomplete),
    )


async def stats(principal: Principal, *, settings: Settings | None = None) -> HistoryStatsView:
    """Totals over the caller's documents (``success_rate`` from 0 to 1)."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_stats, settings, principal)
