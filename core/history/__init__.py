"""History: the caller's jobs and documents, paginated and owner-scoped (another account's
job or document is ``NotFound``). Async functions; the database work runs in threads."""

from core.history.documents import (
    document_content,
    document_pages,
    get_document,
    list_documents,
    searchable_pdf,
)
from core.history.jobs import delete_job, get_job, list_jobs
from core.history.search import search_documents
from core.history.stats import stats

__all__ = [
    "delete_job",
    "document_content",
    "document_pages",
    "get_document",
    "get_job",
    "list_documents",
    "list_jobs",
    "search_documents",
    "searchable_pdf",
    "stats",
]
