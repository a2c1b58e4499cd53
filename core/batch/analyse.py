"""The CPU-bound part of a batch document, run in an isolated worker process
(:mod:`core.isolation`): open the PDF once, extract its text, detect and parse it.

It parses with :func:`core.parse.parse_document`, as :func:`core.parse.parse_statement` does,
and keeps the opened document, whose page layouts the parser already computed, to read the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.settings import Settings

#: extracted text kept per document (enough for search; a statement is rarely longer)
MAX_TEXT_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a worker found in a document; ``statement`` is the unified model's JSON (as
    stored), absent when parsing was not asked for."""

    pages: int
    #: pages read by OCR
    ocr_pages: int
    document_type: str
    text: str
    statement: dict[str, Any] | None


def analyse(
    data: bytes, password: str | None, parse: bool, settings: Settings, ocr: bool = False
) -> Analysis:
    """Open (under ``settings``' limits), detect, parse and read a document; raises the
    engine's domain errors (``BadRequest`` for a wrong password, an unrecognised PDF, ...).
    With ``ocr`` (and OCR enabled), pages without a usable text layer are read by OCR here,
    in this worker process, and their text is the document's."""
    from core.detect import detect
    from core.ocr.run import pages_to_read, read_here
    from core.parse import parse_document
    from core.pdf import open_pdf

    ocr = ocr and settings.ocr_enabled
    with open_pdf(data, password, settings, require_text=not ocr) as document:
        if ocr:
            read_here(document, pages_to_read(document, settings), settings)
        detection = detect(document)
        statement = parse_document(document, detection).to_dict() if parse else None
        text = "\n".join(document.text(i) for i in range(document.page_count))
        return Analysis(
            pages=document.page_count,
            ocr_pages=len(document.ocr),
            document_type=detection.kind.value,
            text=text[:MAX_TEXT_CHARS],
            statement=statement,
        )


def summarise(document_type: str, statement: dict[str, Any] | None) -> str:
    """A short result line, e.g. ``CAMS_KFINTECH, 3 folios, 7 schemes``."""
    if not statement:
        return document_type
    folios = statement.get("mutual_funds") or []
    schemes = sum(len(folio.get("schemes") or []) for folio in folios)
    parts = [document_type]
    if folios:
        parts.append(f"{len(folios)} folio{'s' if len(folios) != 1 else ''}")
        parts.append(f"{schemes} scheme{'s' if schemes != 1 else ''}")
    return ", ".join(parts)


def search_fields(statement: dict[str, Any] | None) -> str:
    """The statement's searchable fields: investor name, folios, AMCs, schemes, ISINs."""
    if not statement:
        return ""
    words: list[str] = []
    investor = statement.get("investor") or {}
    for field in ("name", "email", "cas_id"):
        if investor.get(field):
            words.append(str(investor[field]))
    for folio in statement.get("mutual_funds") or []:
        words += [str(folio.get(k)) for k in ("amc", "folio_number") if folio.get(k)]
        for scheme in folio.get("schemes") or []:
            words += [str(scheme.get(k)) for k in ("name", "isin") if scheme.get(k)]
    return "\n".join(words)
