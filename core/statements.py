"""Parsing as a metered call: find the statement's kind, take its credits, parse in a worker.

The kind decides the feature (and so the price), so a smart parse detects first; a
type-specific endpoint already knows it. Credits are taken atomically before the parse and given
back if it fails, so only successful parses are charged.
"""

from __future__ import annotations

from typing import Any

from .accounts import Principal, spend_async
from .detect import detect
from .errors import BadRequest
from .isolation import WorkerPool, get_pool, parse_in_worker
from .models import StatementKind
from .parse import NOTE_ELSEWHERE, UNRECOGNISED
from .pdf import open_pdf
from .settings import Settings, get_settings

#: The credit feature of each statement family.
FEATURES: dict[StatementKind, str] = {
    StatementKind.CAMS_KFINTECH: "cams_kfintech_cas_parser",
    StatementKind.NSDL: "nsdl_cas_parser",
    StatementKind.CDSL: "cdsl_cas_parser",
    StatementKind.CONTRACT_NOTE: "contract_note_parser",
}


def _detect_job(data: bytes, password: str | None) -> str:
    """Runs in a worker process: open the PDF and tell what it is."""
    with open_pdf(data, password, get_settings()) as document:
        return detect(document).kind.value


async def detect_kind(
    data: bytes, password: str | None, *, pool: WorkerPool | None = None
) -> StatementKind:
    """The statement family of a PDF (wrong password, broken file → ``BadRequest``)."""
    pool = pool or get_pool()
    kind = StatementKind(await pool.arun(_detect_job, data, password))
    if kind is StatementKind.UNKNOWN:
        raise BadRequest(UNRECOGNISED)
    return kind


async def parse_metered(
    data: bytes,
    password: str | None,
    expected: str | None,
    *,
    principal: Principal,
    request_id: str,
    path: str,
    settings: Settings | None = None,
    pool: WorkerPool | None = None,
) -> dict[str, Any]:
    """Parse ``data`` for ``principal``, charging the feature of its kind on success.

    ``expected`` is the kind a type-specific endpoint accepts (``None`` for smart parsing).
    """
    settings = settings or get_settings()
    pool = pool or get_pool(settings)
    kind = StatementKind(expected) if expected else await detect_kind(data, password, pool=pool)
    if kind is StatementKind.CONTRACT_NOTE:
        raise BadRequest(NOTE_ELSEWHERE)
    async with spend_async(
        principal, FEATURES[kind], request_id=request_id, path=path, settings=settings
    ):
        return await parse_in_worker(data, password, kind, pool=pool)
