"""The PDF a request names: an upload, an http(s) URL (through the SSRF guard), or a document
stored earlier by the caller (another account's is a 404)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from core.accounts.ownership import get_owned
from core.accounts.principal import Principal
from core.batch.models import Document
from core.db import session_scope
from core.errors import BadRequest, Code, NotFound, PayloadTooLarge, empty_upload
from core.settings import Settings
from core.storage import get_store
from core.url_fetch import fetch_pdf


@dataclass(frozen=True)
class Source:
    """What a request sent; exactly one of ``file``, ``url`` and ``document_id``."""

    file: bytes = b""
    url: str = ""
    document_id: str = ""
    filename: str = ""


def _stored(settings: Settings, principal: Principal, document_id: str) -> tuple[bytes, str]:
    with session_scope(settings) as session:
        document = get_owned(session, Document, document_id, principal, label="Document")
        key, name = document.object_key, document.filename
    if not key:
        raise NotFound("Document not found: its file is no longer stored")
    return get_store(settings).get(key), name


def _check_pdf(data: bytes, settings: Settings) -> None:
    if not data:
        raise empty_upload()
    if len(data) > settings.max_upload_bytes:
        raise PayloadTooLarge(f"PDF is {len(data)} bytes; the limit is {settings.max_upload_bytes}")
    if b"%PDF-" not in data[:1024]:
        raise BadRequest("The file is not a PDF.", code=Code.NOT_A_PDF)


async def pdf_of(source: Source, principal: Principal, settings: Settings) -> tuple[bytes, str]:
    """(PDF bytes, file name) of ``source``, checked to be a PDF within the size cap."""
    given = sum(1 for part in (source.file, source.url, source.document_id) if part)
    if given != 1:
        raise BadRequest("Provide exactly one of file, url and document_id")
    if source.url:
        data = await fetch_pdf(source.url, settings)
        name = source.filename or source.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    elif source.document_id:
        data, name = await asyncio.to_thread(_stored, settings, principal, source.document_id)
        name = source.filename or name
    else:
        data, name = source.file, source.filename
    _check_pdf(data, settings)
    return data, name or "document.pdf"
