"""The public entry of the statement engine: bytes (+ password) → UnifiedResponse."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .detect import Detection, detect
from .errors import BadRequest, Code, NotImplementedYet
from .models import Detection as DetectionModel
from .models import StatementKind, UnifiedResponse
from .models.unified import Insurance, OcrInfo, OcrPageInfo
from .pdf import Document, open_pdf
from .settings import Settings, get_settings

if TYPE_CHECKING:
    from .ocr.model import OcrPage

Parser = Callable[[Document, Detection], UnifiedResponse]


def _cams(document: Document, detection: Detection) -> UnifiedResponse:
    from .parsers import cams

    return cams.parse(document, detection)


def _nsdl(document: Document, detection: Detection) -> UnifiedResponse:
    from .parsers import nsdl

    return nsdl.parse(document, detection)


def _cdsl(document: Document, detection: Detection) -> UnifiedResponse:
    from .parsers import cdsl

    return cdsl.parse(document, detection)


#: statement families the engine can parse (contract notes: core.contract_notes)
PARSERS: dict[StatementKind, Parser] = {
    StatementKind.CAMS_KFINTECH: _cams,
    StatementKind.NSDL: _nsdl,
    StatementKind.CDSL: _cdsl,
}

#: a contract note's body is not the unified model, so statement endpoints send it on
NOTE_ELSEWHERE = (
    "This PDF is a broker contract note; its result is not a statement. "
    "Send it to POST /v4/contract_note/parse."
)


#: why a document that is none of the supported families is refused
UNRECOGNISED = (
    "Could not recognise this PDF as a CAMS/KFintech, NSDL or CDSL statement or a contract note."
)


def parse_document(document: Document, detection: Detection) -> UnifiedResponse:
    """Parse an opened, detected document with its family's parser and stamp ``meta`` (parse
    time, pages, detection). ``BadRequest`` for an unrecognised document, ``NotImplementedYet``
    for a recognised family without a parser."""
    if detection.kind is StatementKind.UNKNOWN:
        raise BadRequest(UNRECOGNISED, code=Code.UNRECOGNISED_DOCUMENT)
    if detection.kind is StatementKind.CONTRACT_NOTE:
        raise BadRequest(NOTE_ELSEWHERE, code=Code.WRONG_STATEMENT_TYPE)
    parser = PARSERS.get(detection.kind)
    if parser is None:
        raise NotImplementedYet("Not implemented yet.")
    result = parser(document, detection)
    meta = result.meta
    assert meta is not None
    meta.generated_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    meta.pages = document.page_count
    if result.insurance is None:  # the published API's shape: present, possibly empty
        result.insurance = Insurance(life_insurance_policies=[])
    meta.detection = DetectionModel(
        kind=detection.kind.value,
        issuer=detection.issuer.value,
        variant=detection.variant.value if detection.variant else None,
        confidence=detection.confidence,
        watermark=detection.watermark,
        reprinted=detection.reprinted,
    )
    meta.ocr = ocr_info(document)
    return result


def ocr_info(document: Document) -> OcrInfo | None:
    """``meta.ocr``: the pages read by OCR and how well; ``None`` for a digital PDF."""
    if not document.ocr:
        return None
    pages = [document.ocr[i] for i in sorted(document.ocr)]
    words = sum(len(p.words) for p in pages) or 1
    return OcrInfo(
        pages=[
            OcrPageInfo(
                page=p.number,
                engine=p.engine,
                confidence=p.mean_confidence,
                rotation=p.rotation,
                skew=p.skew,
                fallback=p.fallback,
            )
            for p in pages
        ],
        mean_confidence=round(sum(p.mean_confidence * len(p.words) for p in pages) / words, 1),
    )


def parse_statement(
    data: bytes,
    password: str | None,
    expected: StatementKind | None = None,
    settings: Settings | None = None,
    *,
    ocr: Mapping[int, OcrPage] | None = None,
    ocr_here: bool = True,
) -> UnifiedResponse:
    """Parse a statement PDF.

    ``expected`` is what a type-specific endpoint accepts; a document of another kind raises
    ``BadRequest`` naming what was found. Raises ``BadRequest``/``PayloadTooLarge`` for bad
    input and ``NotImplementedYet`` for recognised families without a parser.

    Pages without a usable text layer are read by OCR (unless ``ocr_enabled`` is off): those
    in ``ocr`` already were; the rest are read here, or, without ``ocr_here``, requested by
    raising :class:`core.ocr.run.OcrNeeded` so that the caller spreads them over workers.
    """
    settings = settings or get_settings()
    with (
        _collector_paused(),
        open_pdf(
            data, password, settings, ocr=ocr, require_text=not settings.ocr_enabled
        ) as document,
    ):
        if settings.ocr_enabled and document.pages_needing_ocr():
            # OCR's modules (imaging, its worker pool) load only for a page that needs them
            from .ocr.run import OcrNeeded, pages_to_read, read_here

            pages = pages_to_read(document, settings)
            if not ocr_here:
                raise OcrNeeded(pages)
            read_here(document, pages, settings)
        detection = detect(document)
        if detection.kind is StatementKind.UNKNOWN:
            raise BadRequest(UNRECOGNISED, code=Code.UNRECOGNISED_DOCUMENT)
        if expected is not None and detection.kind is not expected:
            raise BadRequest(
                f"This endpoint expects a {expected.value} statement, but the PDF is a "
                f"{detection.describe()}.",
                code=Code.WRONG_STATEMENT_TYPE,
            )
        return parse_document(document, detection)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block, and back on after it unless someone else
    had it off. A parse allocates a hundred thousand objects (words, lines, rows) and frees
    them by reference counting; the collector would walk them again and again, 10-15% of a
    long statement's time, to find the few cycles it makes, which it finds once it runs again."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
