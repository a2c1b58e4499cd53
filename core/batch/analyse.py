"""The CPU-bound part of a batch document, run in an isolated worker process
(:mod:`core.isolation`): open the PDF once, extract its text, detect and parse it.

It parses with :func:`core.parse.parse_document`, as :func:`core.parse.parse_statement` does,
and keeps the opened document, whose page layouts the parser already computed, to read the text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.batch.timings import StageClock
from core.settings import Settings

#: the document type of a broker contract note (``StatementKind.CONTRACT_NOTE``)
CONTRACT_NOTE = "CONTRACT_NOTE"
#: extracted text kept per document (enough for search; a statement is rarely longer)
MAX_TEXT_CHARS = 1_000_000


#: ``on_stage(stage, ocr_pages)``: a document enters ``ocr`` (with the pages to read) or ``parse``
StageHook = Callable[[str, int | None], None]


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a worker found in a document; ``statement`` is the parsed result's JSON (as
    stored: the unified model, or a contract note's body when ``document_type`` is
    ``CONTRACT_NOTE``), absent when parsing was not asked for."""

    pages: int
    #: pages read by OCR
    ocr_pages: int
    document_type: str
    text: str
    statement: dict[str, Any] | None
    #: the PDF with OCR's words as an invisible text layer (asked for, and OCR read a page)
    searchable_pdf: bytes | None = None
    #: where each page's text ends in ``text``
    page_ends: list[int] = dataclasses.field(default_factory=list)
    #: the pages read by OCR and how well (``meta.ocr``'s shape); ``None`` for a digital PDF
    ocr: dict[str, Any] | None = None

    @property
    def complete(self) -> bool | None:
        """The statement's ``meta.complete`` (``None`` for a contract note or no parse)."""
        if not self.statement or self.document_type == CONTRACT_NOTE:
            return None
        value = (self.statement.get("meta") or {}).get("complete")
        return bool(value) if value is not None else None

    @property
    def incomplete_sections(self) -> list[str]:
        if not self.statement or self.document_type == CONTRACT_NOTE:
            return []
        return list((self.statement.get("meta") or {}).get("incomplete_sections") or [])


def analyse(
    data: bytes,
    password: str | None,
    parse: bool,
    settings: Settings,
    ocr: bool = False,
    on_stage: StageHook | None = None,
    searchable: bool = False,
    any_document: bool = False,
    clock: StageClock | None = None,
) -> Analysis:
    """Open (under ``settings``' limits), detect, parse and read a document; raises the
    engine's domain errors (``BadRequest`` for a wrong password, an unrecognised PDF, ...).
    With ``ocr`` (and OCR enabled), pages without a usable text layer are read by OCR, spread
    over the OCR pool when this worker's parent answers for it (:func:`core.ocr.run.read_pages`),
    and their text is the document's. A contract note is parsed into its own body.
    ``on_stage`` hears of each stage as it starts. With ``searchable``, a document
    OCR read gets a searchable copy (:mod:`core.ocr.searchable`). With ``any_document``, a
    document that is no statement is kept unparsed instead of refused. ``clock`` hears how long
    each stage took (``open``, ``text``, ``ocr``, ``detect``, ``parse``, ``searchable_pdf``),
    also when one of them raises."""
    from core.contract_notes import note_from_detected
    from core.detect import detect
    from core.models import StatementKind
    from core.ocr.run import pages_to_read, read_pages
    from core.parse import ocr_info, parse_document
    from core.pdf import open_pdf

    stage = on_stage or (lambda _stage, _pages: None)
    clock = clock or StageClock()
    ocr = ocr and settings.ocr_enabled
    with clock.stage("open"):
        opened = open_pdf(data, password, settings, require_text=not ocr)
    with opened as document:
        if ocr or any_document or not parse:
            # every page's text layer, read once (and cached) here, where it is read whole in
            # any case; a statement batch reads it as it parses, so a document that is no
            # statement is refused after detection read its first pages
            with clock.stage("text"):
                for index in range(document.page_count):
                    document.layout(index)
        if ocr:
            pages = pages_to_read(document, settings)
            if pages:
                stage("ocr", len(pages))
                with clock.stage("ocr"):
                    read_pages(document, data, password, pages, settings)
        with clock.stage("detect"):
            detection = detect(document)
        statement: dict[str, Any] | None = None
        if parse and not (any_document and detection.kind is StatementKind.UNKNOWN):
            stage("parse", None)
            with clock.stage("parse"):
                if detection.kind is StatementKind.CONTRACT_NOTE:
                    note = note_from_detected(document, detection, None)
                    statement = note.model_dump(mode="json")
                else:
                    statement = parse_document(document, detection).to_dict()
        with clock.stage("text"):
            texts = [document.text(i) for i in range(document.page_count)]
        text = "\n".join(texts)
        page_ends, end = [], -1
        for page_text in texts:
            end += len(page_text) + 1  # and the newline between pages
            page_ends.append(min(end, MAX_TEXT_CHARS))
        summary = ocr_info(document)
        layered = None
        if searchable and document.ocr:
            from core.ocr.searchable import searchable_pdf

            with clock.stage("searchable_pdf"):
                layered = searchable_pdf(data, password, document.ocr)
        return Analysis(
            pages=document.page_count,
            ocr_pages=len(document.ocr),
            document_type=detection.kind.value,
            text=text[:MAX_TEXT_CHARS],
            statement=statement,
            searchable_pdf=layered,
            page_ends=page_ends,
            ocr=summary.model_dump(mode="json", exclude_none=True) if summary else None,
        )


def summarise(document_type: str, statement: dict[str, Any] | None) -> str:
    """A short result line, e.g. ``CAMS_KFINTECH, 3 folios, 7 schemes``, ``CDSL, 2 demat
    accounts, 4 folios, incomplete`` or ``CONTRACT_NOTE, ZERODHA, 12 trades``."""
    if not statement:
        return document_type
    if document_type == CONTRACT_NOTE:
        return _note_summary(statement)
    folios = statement.get("mutual_funds") or []
    schemes = sum(len(folio.get("schemes") or []) for folio in folios)
    demat = statement.get("demat_accounts") or []
    parts = [document_type]
    if demat:
        parts.append(_count(len(demat), "demat account"))
    if folios:
        parts.append(_count(len(folios), "folio"))
        parts.append(_count(schemes, "scheme"))
    if (statement.get("meta") or {}).get("complete") is False:
        parts.append("incomplete")
    return ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _note_summary(note: dict[str, Any]) -> str:
    broker = (note.get("broker_info") or {}).get("broker_type") or "BROKER"
    trades = len(note.get("detailed_trades") or [])
    parts = [CONTRACT_NOTE, str(broker).upper(), _count(trades, "trade")]
    if note.get("warnings"):
        parts.append("with warnings")
    return ", ".join(parts)


def search_fields(statement: dict[str, Any] | None) -> str:
    """The result's searchable fields: a statement's investor name, folios, AMCs, schemes,
    ISINs and demat securities; a contract note's broker, client, note number, trade dates
    and securities."""
    if not statement:
        return ""
    if "detailed_trades" in statement or "broker_info" in statement:
        return _note_fields(statement)
    words: list[str] = []
    investor = statement.get("investor") or {}
    for field in ("name", "email", "cas_id", "pan"):
        if investor.get(field):
            words.append(str(investor[field]))
    for folio in statement.get("mutual_funds") or []:
        words += [str(folio.get(k)) for k in ("amc", "folio_number") if folio.get(k)]
        for scheme in folio.get("schemes") or []:
            words += [str(scheme.get(k)) for k in ("name", "isin") if scheme.get(k)]
    for account in statement.get("demat_accounts") or []:
        words += [str(account.get(k)) for k in ("dp_name", "bo_id") if account.get(k)]
        for rows in (account.get("holdings") or {}).values():
            for holding in rows or []:
                words += [str(holding.get(k)) for k in ("name", "isin") if holding.get(k)]
    return "\n".join(words)


def _note_fields(note: dict[str, Any]) -> str:
    words: list[str] = []
    for section, keys in (
        ("broker_info", ("broker_type", "name")),
        ("client_info", ("name", "pan", "ucc")),
        ("contract_note_info", ("contract_note_number", "trade_date", "settlement_date")),
    ):
        values = note.get(section) or {}
        words += [str(values[k]) for k in keys if values.get(k)]
    for part in note.get("notes") or []:
        info = part.get("contract_note_info") or {}
        words += [str(info[k]) for k in ("contract_note_number", "trade_date") if info.get(k)]
    # note numbers such as ``CNT-24/92731529``, also split into words: PostgreSQL's parser
    # keeps a path-like token whole, which a query of its words would not match
    words += [re.sub(r"\W+", " ", w) for w in words if re.search(r"\w\W+\w", w)]
    seen: set[str] = set()
    for row in (note.get("equity_transactions") or []) + (note.get("detailed_trades") or []):
        for key in ("security_name", "security_symbol", "security_description", "isin"):
            value = row.get(key)
            if value and value not in seen:
                seen.add(value)
                words.append(str(value))
    for row in note.get("derivatives_transactions") or []:
        value = row.get("contract_description")
        if value and value not in seen:
            seen.add(value)
            words.append(str(value))
    return "\n".join(words)
