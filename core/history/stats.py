"""Totals of the caller's history."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from core.accounts.principal import Principal
from core.batch.models import Document, DocumentStatus
from core.db import session_scope
from core.settings import Settings, get_settings


def _stats(settings: Settings, principal: Principal) -> dict[str, Any]:
    out: dict[str, Any] = {
        "documents": 0,
        "pages": 0,
        "by_type": {},
        "by_status": {},
        "success_rate": 0.0,
        "mean_processing_ms": 0.0,
    }
    if principal.account_id is None:
        return out
    mine = col(Document.account_id) == principal.account_id
    with session_scope(settings) as session:
        count, pages, mean = session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(Document.pages), 0),
                func.coalesce(func.avg(Document.processing_ms), 0.0),
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
    out["documents"] = int(count)
    out["pages"] = int(pages)
    out["by_type"] = {name: int(n) for name, n in by_type}
    out["by_status"] = {name: int(n) for name, n in by_status}
    completed = out["by_status"].get(DocumentStatus.COMPLETED, 0)
    out["success_rate"] = round(completed / count, 4) if count else 0.0
    out["mean_processing_ms"] = round(float(mean), 1)
    return out


async def stats(principal: Principal, *, settings: Settings | None = None) -> dict[str, Any]:
    """``{"documents", "pages", "by_type", "by_status", "success_rate" (0-1),
    "mean_processing_ms"}`` over the caller's documents."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_stats, settings, principal)
