"""Rows → the response dicts of ``batch.proto`` / ``history.proto`` (exact field names)."""

from __future__ import annotations

from typing import Any

from core.accounts.clock import rfc3339
from core.batch.events import percent
from core.batch.models import BatchItem, BatchJob, Document


def job_dict(job: BatchJob, items: list[BatchItem] | None = None) -> dict[str, Any]:
    """A ``BatchJob``; ``documents`` only when ``items`` are given."""
    out: dict[str, Any] = {
        "job_id": job.id,
        "name": job.name,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "percent": percent(job.done, job.failed, job.total),
        "created_at": rfc3339(job.created_at),
        "updated_at": rfc3339(job.updated_at),
    }
    if items is not None:
        out["documents"] = [item_dict(item) for item in items]
    return out


def item_dict(item: BatchItem) -> dict[str, Any]:
    """A ``BatchDocument``."""
    out: dict[str, Any] = {"source": item.source, "status": item.status}
    if item.document_id:
        out["document_id"] = item.document_id
    if item.error:
        out["error"] = item.error
    return out


def document_dict(doc: Document, statement: dict[str, Any] | None = None) -> dict[str, Any]:
    """A history ``Document``; ``statement`` only in the detail view."""
    out: dict[str, Any] = {
        "id": doc.id,
        "filename": doc.filename,
        "status": doc.status,
        "document_type": doc.document_type,
        "pages": doc.pages,
        "size": min(doc.size, 2**31 - 1),
        "sha256": doc.sha256,
        "processing_ms": doc.processing_ms,
        "tags": list(doc.tags or []),
        "created_at": rfc3339(doc.created_at),
    }
    if doc.job_id:
        out["job_id"] = doc.job_id
    if doc.error:
        out["error"] = doc.error
    if statement is not None:
        out["statement"] = statement
    return out
