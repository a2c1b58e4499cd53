"""Contract notes as a metered call: check the document is a note, take the credits, parse in a
worker. A note's body is not the statements' unified model, so it has its own endpoint; smart
parse refuses a note with a 400 naming that endpoint (see :data:`core.parse.NOTE_ELSEWHERE`)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from .accounts import Principal, spend_async
from .detect import Detection, detect
from .errors import BadRequest
from .isolation import WorkerPool, get_pool
from .models import Detection as DetectionModel
from .models import Issuer, StatementKind, UnifiedResponse
from .models.contract_note import ContractNote, ContractNoteMeta
from .parse import UNRECOGNISED, parse_document
from .pdf import Document, open_pdf
from .settings import Settings, get_settings
from .statements import FEATURES
from .views import View


class ContractNoteResult(View):
    """The body of ``POST /v4/contract_note/parse``, inside the success envelope the edge adds."""

    msg: str = "success"
    data: ContractNote


def parse_note_document(document: Document, broker_type: str | None) -> ContractNote:
    """An opened PDF as a contract note, with ``meta`` stamped; a PDF of another kind is a 400."""
    detection = detect(document)
    if detection.kind is StatementKind.UNKNOWN:
        raise BadRequest(UNRECOGNISED)
    if detection.kind is not StatementKind.CONTRACT_NOTE:
        raise BadRequest(
            f"This endpoint expects a broker contract note, but the PDF is a "
            f"{detection.describe()}."
        )
    return note_from_detected(document, detection, broker_type)


def note_from_detected(
    document: Document, detection: Detection, broker_type: str | None
) -> ContractNote:
    """An opened PDF already detected as a contract note, parsed, with ``meta`` stamped."""
    from .parsers import contract_note

    note, broker = contract_note.read(contract_note.pages(document), broker_type)
    note.meta = ContractNoteMeta(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        pages=document.page_count,
        detection=DetectionModel(
            kind=detection.kind.value,
            issuer=Issuer.BROKER,
            confidence=round(min(detection.confidence, broker.confidence), 2),
        ),
    )
    return note


def read_contract_note(
    data: bytes, password: str | None, broker_type: str | None, settings: Settings | None = None
) -> ContractNote:
    """Bytes (+ password, + optional broker hint) → the parsed note."""
    with open_pdf(data, password, settings or get_settings()) as document:
        return parse_note_document(document, broker_type)


def read_any(
    data: bytes, password: str | None, settings: Settings | None = None
) -> UnifiedResponse | ContractNote:
    """A statement or a contract note, whichever the PDF is (for the CLI and local use)."""
    with open_pdf(data, password, settings or get_settings()) as document:
        detection = detect(document)
        if detection.kind is StatementKind.CONTRACT_NOTE:
            return parse_note_document(document, None)
        return parse_document(document, detection)


def _note_job(
    data: bytes, password: str | None, broker_type: str | None, settings: Settings
) -> dict[str, Any]:
    return read_contract_note(data, password, broker_type, settings).model_dump(mode="json")


async def parse_contract_note(
    principal: Principal,
    data: bytes,
    password: str | None,
    broker_type: str | None,
    *,
    request_id: str,
    path: str,
    settings: Settings | None = None,
    pool: WorkerPool | None = None,
) -> ContractNoteResult:
    """Parse a note for ``principal`` in the worker pool, charging ``contract_note_parser``; the
    note is kept in history like a ``/v4`` statement parse."""
    from .history.parses import keep_in_history  # history reaches this module through batch

    settings = settings or get_settings()
    pool = pool or get_pool(settings)
    feature = FEATURES[StatementKind.CONTRACT_NOTE]
    started = time.monotonic()
    async with spend_async(principal, feature, request_id=request_id, path=path, settings=settings):
        body = await pool.arun(_note_job, data, password, broker_type or None, settings)
    await keep_in_history(settings, principal, data, body, started)
    return ContractNoteResult(data=ContractNote.model_validate(body))
