"""Statements that arrived from a portal or a mailbox, kept: each file stored (sealed), read in
the document worker pool (detected; parsed when asked), recorded as a history document, and
handed back with a signed download link.

Stable API (the inbox import uses it too)::

    async def keep_statements(
        principal: Principal,
        files: Sequence[IncomingFile],
        *,
        origin: str,              # "cdsl-fetch", "inbox", ...: names the store folder and idem keys
        batch_key: str,           # unique per fetch (a session id, a message id): same bytes once
        parse: bool = False,
        charge: Callable[[Session], None] | None = None,
        request_id: str = "",     # usage rows of the parse charges
        path: str = "",
        settings: Settings | None = None,
    ) -> list[KeptFile]

``charge`` runs in the transaction that writes the history rows (e.g. ``charge_in`` of the
fetch's feature), so the rows are kept only if the charge succeeds and the charge is kept only
with the rows. A statement parsed here is charged as the parse of its kind would be.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from core.accounts.credits import charge_in
from core.accounts.principal import Principal
from core.batch.analyse import Analysis, analyse, search_fields, summarise
from core.batch.documents import add_document
from core.batch.models import Document, DocumentStatus
from core.batch.pool import document_pool
from core.batch.timings import elapsed_ms
from core.db import session_scope
from core.downloads import sign_download
from core.errors import CasgateError, Forbidden
from core.settings import Settings, get_settings
from core.storage import get_store

#: the parse feature charged for a statement of each detected kind
PARSE_FEATURES = {
    "CDSL": "cdsl_cas_parser",
    "NSDL": "nsdl_cas_parser",
    "CAMS_KFINTECH": "cams_kfintech_cas_parser",
}


@dataclass(frozen=True)
class IncomingFile:
    """A statement as it arrived, with the password that opens it (``None`` if it has none)."""

    filename: str
    data: bytes
    password: str | None = None


@dataclass(frozen=True)
class KeptFile:
    """A kept statement: its history document, its signed link and (when parsed) its content."""

    filename: str
    url: str
    expires_in: int
    document_id: str
    document_type: str
    size: int
    sha256: str
    statement: dict[str, Any] | None = None
    error: str | None = None


def _owner(principal: Principal) -> str:
    if principal.account_id is None:
        raise Forbidden("The sandbox key cannot keep statements; use an API key or sign in.")
    return principal.account_id


async def _read(file: IncomingFile, parse: bool, settings: Settings) -> Analysis | str:
    """The file's analysis in a worker process, or the reason it could not be read."""
    try:
        result: Analysis = await document_pool(settings).arun(
            analyse, file.data, file.password, parse, settings
        )
    except CasgateError as exc:
        return exc.message
    return result


async def keep_statements(
    principal: Principal,
    files: Sequence[IncomingFile],
    *,
    origin: str,
    batch_key: str,
    parse: bool = False,
    charge: Callable[[Session], None] | None = None,
    request_id: str = "",
    path: str = "",
    settings: Settings | None = None,
) -> list[KeptFile]:
    """Keep ``files`` for ``principal`` (see the module docstring)."""
    settings = settings or get_settings()
    account_id = _owner(principal)
    started = time.monotonic()
    # one folder per fetch: a history document deleted later takes only its own file along
    folder = hashlib.sha256(batch_key.encode()).hexdigest()[:24]
    unique = {hashlib.sha256(file.data).hexdigest(): file for file in files}
    files = list(unique.values())  # the same bytes twice are one statement
    readings = [await _read(file, parse, settings) for file in files]
    rows: list[tuple[IncomingFile, Document, Analysis | None]] = []
    for file, reading in zip(files, readings, strict=True):
        sha256 = hashlib.sha256(file.data).hexdigest()
        object_key = f"documents/{account_id}/{origin}/{folder}/{sha256}.pdf"
        await asyncio.to_thread(get_store(settings).put, object_key, file.data)
        analysis = reading if isinstance(reading, Analysis) else None
        document = Document(
            account_id=account_id,
            idem_key=f"{origin}:{batch_key}:{sha256}",
            filename=file.filename,
            status=DocumentStatus.COMPLETED if analysis else DocumentStatus.FAILED,
            document_type=analysis.document_type if analysis else "UNKNOWN",
            pages=analysis.pages if analysis else 0,
            size=len(file.data),
            sha256=sha256,
            processing_ms=elapsed_ms(started),
            error=None if analysis else str(reading),
            summary=summarise(analysis.document_type, analysis.statement)[:300]
            if analysis
            else None,
            object_key=object_key,
        )
        rows.append((file, document, analysis))
    await asyncio.to_thread(
        _record, settings, principal, rows, charge, request_id or f"keep_{batch_key}", path
    )
    kept = []
    for file, document, analysis in rows:
        link = sign_download(document.object_key or "", file.filename, settings=settings)
        kept.append(
            KeptFile(
                filename=file.filename,
                url=link.url,
                expires_in=link.expires_in,
                document_id=document.id,
                document_type=document.document_type,
                size=document.size,
                sha256=document.sha256,
                statement=analysis.statement if analysis else None,
                error=document.error,
            )
        )
    return kept


def _record(
    settings: Settings,
    principal: Principal,
    rows: list[tuple[IncomingFile, Document, Analysis | None]],
    charge: Callable[[Session], None] | None,
    request_id: str,
    path: str,
) -> None:
    """One transaction: the caller's charge, the parse charges, the history rows."""
    with session_scope(settings) as session:
        if charge is not None:
            charge(session)
        for file, document, analysis in rows:
            if analysis is not None and analysis.statement is not None:
                feature = PARSE_FEATURES.get(analysis.document_type)
                if feature:
                    charge_in(
                        session,
                        principal,
                        feature,
                        request_id=request_id,
                        path=path,
                        settings=settings,
                    )
            search_text = "\n".join(
                [
                    file.filename,
                    document.document_type,
                    search_fields(analysis.statement) if analysis else "",
                    analysis.text if analysis else "",
                ]
            )
            add_document(
                session,
                document,
                text_content=analysis.text if analysis else "",
                statement=analysis.statement if analysis else None,
                search_text=search_text,
            )
