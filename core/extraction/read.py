"""Reading one PDF for extraction, in a worker process: text per page (OCR where a page has no
text layer), the document type, tables, generic fields and, for a statement or contract note,
its parsed headline fields. Tags and schema-driven fields are added afterwards, outside the
worker (they need the database and the network)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.detect import detect
from core.isolation import WorkerPool
from core.models import StatementKind
from core.ocr.model import OcrPage
from core.pdf import open_pdf
from core.settings import Settings

from .doctype import document_type
from .fields import find_fields, locate
from .headline import headline_fields, headline_values
from .tables import find_tables


def read_document(
    data: bytes,
    password: str | None,
    settings: Settings,
    ocr: Mapping[int, OcrPage] | None = None,
) -> dict[str, Any] | list[int]:
    """The result (without ``tags`` and ``schema_fields``) as the contract's dict, or the
    0-based pages to read by OCR first (the caller spreads them over the OCR pool)."""
    from core.ocr.run import pages_to_read

    with open_pdf(
        data, password, settings, ocr=ocr, require_text=not settings.ocr_enabled
    ) as document:
        pages = pages_to_read(document, settings)
        if pages:
            return pages
        layouts = list(document.layouts())
        text_by_page = [document.text(i) for i in range(document.page_count)]
        detection = detect(document)
        doc_type, cas_type = document_type("\n".join(text_by_page[:2]), detection)
        fields = find_fields(layouts)
        if detection.kind is not StatementKind.UNKNOWN:
            for name, field in headline_fields(headline_values(document, detection)).items():
                where = locate(layouts, field["raw"])
                if where is not None:
                    field["page"], field["bbox"] = where
                fields[name] = field
        # tables from the text layer only: a page read by OCR has no characters for pdfplumber
        tables = find_tables(data, password, document.page_count)
        result: dict[str, Any] = {
            "document_type": doc_type,
            "pages": document.page_count,
            "text_by_page": text_by_page,
            "tables": [t for t in tables if t["page"] - 1 not in document.ocr],
            "fields": fields,
            "tags": [],
            "ocr_used": bool(document.ocr),
        }
        if cas_type:
            result["cas_type"] = cas_type
        return result


async def read_in_worker(
    data: bytes, password: str | None, *, pool: WorkerPool, settings: Settings
) -> dict[str, Any]:
    """:func:`read_document` in the worker pool; pages without text are read over the OCR
    pool first, then the document is read again with them."""
    result = await pool.arun(read_document, data, password, settings)
    if isinstance(result, list):
        from core.ocr.run import ocr_pool, read_in_pool

        pages = await read_in_pool(ocr_pool(settings), data, password, result, settings)
        result = await pool.arun(read_document, data, password, settings, pages)
    assert isinstance(result, dict)
    return result
